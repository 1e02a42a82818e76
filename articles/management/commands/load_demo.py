"""`manage.py load_demo`: publish the imported drafts that pass the checks, as demo content.

Run by `make run` after `import_seeds` (which never publishes); see `articles.demo`.
Ends with what to do next, since it is the last thing `make run` prints
before the server starts.
"""

from django.core.management.base import BaseCommand

from articles.demo import publish_demo


class Command(BaseCommand):
    help = (
        "Publish, as demo content, every draft or in-review version with no blocking "
        "finding; does nothing on a site that already has published versions."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default="http://127.0.0.1:8000/",
            help="where the site is served, for the closing 'what next'",
        )

    def handle(self, *args, site_url, verbosity, **options):
        outcome = publish_demo()
        if verbosity == 0:
            return
        write = self.stdout.write
        if outcome.site_in_use:
            write("Demo content: the site already has published versions; nothing changed.")
        for version in outcome.published:
            write(
                self.style.SUCCESS(f"Published as demo content: {_name(version)}")
                + f"  {site_url.rstrip('/')}{version.get_absolute_url()}  (no blocking findings)"
            )
        for held in outcome.held:
            write(self.style.WARNING(f"Not published: {_name(held.version)}: {held.reason}"))
        if outcome.held:
            write(
                "  The checks hold these back until an editor fixes the findings, dismisses "
                "them with a reason, or publishes over them with an override reason."
            )
        site = site_url.rstrip("/")
        example = outcome.held[0].version if outcome.held else None
        publish_example = (
            f'manage.py publish {example.article_id} --language {example.language} --override-reason "…"'
            if example
            else "manage.py publish ARTICLE --language LANG"
        )
        write(
            "\n"
            + self.style.MIGRATE_HEADING("What next")
            + f"\n  Public site:  {site}/  (each edition: {site}/<lang>/)"
            + f"\n  Admin:        {site}/admin/"
            + "\n  Accounts:     editor (may publish), translator (may edit, never publish);"
            + "\n                passwords printed above by create_demo_accounts"
            + "\n  Publish one more version: sign in as editor, open an article's “Review side by"
            + f"\n                side” page, or run: .venv/bin/python {publish_example}"
            + "\n"
        )


def _name(version) -> str:
    title = version.text("title")
    title = title if len(title) <= 60 else title[:59] + "…"
    return f"article #{version.article_id} [{version.language}] “{title}”"
