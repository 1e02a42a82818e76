"""Publish (or schedule) one language of an article from the command line."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles import services
from articles.management.commands._workflow import add_target_arguments, find_version


class Command(BaseCommand):
    help = (
        "Publish ARTICLE (an id or a slug in any language) in --language; with --at "
        "ISO-TIME in the future it is scheduled. Blocking findings need --override-reason."
    )

    def add_arguments(self, parser):
        add_target_arguments(parser)
        parser.add_argument("--at", help="ISO 8601 time, e.g. 2026-12-01T08:00+01:00")
        parser.add_argument(
            "--override-reason", default="", help="why to publish over blocking findings"
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
            version = services.publish(
                version=version, user=None, at=at, override_reason=options["override_reason"]
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        verb = "Scheduled" if version.display_status == "scheduled" else "Published"
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(f"{verb} {version} at {version.published_at.isoformat()}")
            )
