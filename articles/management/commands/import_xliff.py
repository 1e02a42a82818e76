"""Load an agency's translated XLIFF file back into its story, as a draft
(docs/translation-workflow.md).

    manage.py import_xliff FILE

The file says which story and language it is for. It is refused, with the reason and
nothing written, when it is malformed, when the story's source changed since the
export (the units are named), or when a unit has no translation.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.models import Finding
from articles.translation_drafts import xliff_import


class Command(BaseCommand):
    help = "Import a translated XLIFF 2.x file into its article's target language, as a draft."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the XLIFF file the agency returned")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            if path.stat().st_size > settings.NEWSROOM_IMPORT_MAX_BYTES:
                raise CommandError(
                    f"{path} is larger than NEWSROOM_IMPORT_MAX_BYTES "
                    f"({settings.NEWSROOM_IMPORT_MAX_BYTES} bytes)."
                )
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
        try:
            versions = xliff_import(data=data, user=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if options["verbosity"]:
            for version in versions:
                findings = Finding.objects.open().filter(version=version).count()
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Article #{version.article_id}: {version.language} imported as a draft; "
                        f"{findings} open finding(s) to review."
                    )
                )
