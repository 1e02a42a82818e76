"""Export a story's source for a translation agency as XLIFF 2.1 (docs/translation-workflow.md).

    manage.py export_xliff ARTICLE --source de --target fr [--target es …] -o FILE

With one target the document is written to FILE; with several, one file per target
beside it, named FILE's stem plus the language (`story-fr.xlf`, `story-es.xlf`).
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.management.commands._workflow import find_article
from articles.models import LANGUAGE_CODES
from articles.translation_drafts import xliff_export


class Command(BaseCommand):
    help = "Export an article's source text as XLIFF 2.1 for one or more target languages."

    def add_arguments(self, parser):
        parser.add_argument("article", help="the article's id, or its slug in any language")
        parser.add_argument("--source", required=True, help=f"one of {', '.join(LANGUAGE_CODES)}")
        parser.add_argument(
            "--target", required=True, action="append", help="a target language (repeatable)"
        )
        parser.add_argument("-o", "--output", required=True, help="the file to write")

    def handle(self, *args, **options):
        article = find_article(options["article"])
        output = Path(options["output"])
        targets = list(dict.fromkeys(options["target"]))
        written = []
        for target in targets:
            try:
                data = xliff_export(
                    article=article, source_language=options["source"], target_language=target
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            path = (
                output
                if len(targets) == 1
                else output.with_name(f"{output.stem}-{target}{output.suffix or '.xlf'}")
            )
            try:
                path.write_bytes(data)
            except OSError as exc:
                raise CommandError(f"Cannot write {path}: {exc.strerror}.") from None
            written.append(path)
        if options["verbosity"]:
            for path in written:
                self.stdout.write(self.style.SUCCESS(f"Wrote {path}"))
