"""Rebuild the search index and vocabulary from the articles' text (`articles.search_index`)."""

from django.core.management.base import BaseCommand

from articles import search_index


class Command(BaseCommand):
    help = (
        "Rebuild reader search's index (SQLite) and its vocabulary of words for "
        "'did you mean' (both databases) from every article's text. Needed after writes that "
        "bypass saving an article (bulk_create, QuerySet.update of text) or a change of LANGUAGES."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, **options):
        count = search_index.rebuild(using=options["database"])
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Indexed {count} articles."))
