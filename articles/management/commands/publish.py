"""Publish (or schedule) one language of an article from the command line."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles import services
from articles.management.commands._workflow import add_target_arguments, find_version


class Command(BaseCommand):
    help = (
        "Publish ARTICLE (an id or a slug in any language) in --language; with --at "
        "ISO-TIME in the future it is scheduled. Blocking findings need --override-reason; "
        "a headline the importer wrote needs --confirm-headline."
    )

    def add_arguments(self, parser):
        add_target_arguments(parser)
        parser.add_argument("--at", help="ISO 8601 time, e.g. 2026-12-01T08:00+01:00")
        parser.add_argument(
            "--override-reason", default="", help="why to publish over blocking findings"
        )
        parser.add_argument(
            "--confirm-headline",
            action="store_true",
            help="an editor has read the headline the importer wrote and keeps it",
        )

    def handle(self, *args, **options):
        at = None
        if options["at"]:
            try:
                at = datetime.fromisoformat(options["at"])
            except ValueError:
                raise CommandError(f"--at {options['at']!r} is not an ISO 8601 time.") from None
            try:
                at = services.publication_time(at)
            except ValidationError as exc:
                raise CommandError(f"--at {options['at']!r}: {' '.join(exc.messages)}") from None
        version = find_version(options["article"], options["language"])
        try:
            if options["confirm_headline"] and version.title_derived:
                # Recorded in history as the admin's confirmation is; the finding lapses.
                version = services.confirm_headline(
                    version=version,
                    title=version.text("title"),
                    slug=version.text("slug"),
                    user=None,
                )
            version = services.publish(
                version=version,
                user=None,
                at=at,
                override_reason=options["override_reason"],
                confirm_headline=options["confirm_headline"],
            )
        except ValidationError as exc:
            message = " ".join(exc.messages)
            if any(error.code == "headline_unconfirmed" for error in exc.error_list):
                message += (
                    f" Read it (“{version.text('title')}”), correct it in the admin if need "
                    "be, then publish with --confirm-headline."
                )
            raise CommandError(message) from None
        verb = "Scheduled" if version.display_status == "scheduled" else "Published"
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(f"{verb} {version} at {version.published_at.isoformat()}")
            )
