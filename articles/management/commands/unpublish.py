"""Take one language of an article off the site from the command line."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles import services
from articles.management.commands._workflow import add_target_arguments, find_version


class Command(BaseCommand):
    help = "Unpublish ARTICLE (an id or a slug in any language) in --language; it becomes a draft."

    def add_arguments(self, parser):
        add_target_arguments(parser)

    def handle(self, *args, **options):
        version = find_version(options["article"], options["language"])
        try:
            version = services.unpublish(version=version, user=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Unpublished {version}"))
