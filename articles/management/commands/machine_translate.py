"""Fill one language of a story with a machine-translation draft (docs/translation-workflow.md).

    manage.py machine_translate ARTICLE --language fr [--from de]

ARTICLE is the id or a slug. The draft goes through the same service as the
translation editor's button (`translation_drafts.machine_translation_draft`); it is
never published. No engine configured, an engine error or a version in review or
published: a CommandError says why, and nothing changes.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.management.commands._workflow import add_target_arguments, find_article
from articles.models import LANGUAGE_CODES, Finding, MachineTranslation
from articles.translation_drafts import machine_translation_draft


class Command(BaseCommand):
    help = "Fill one language of an article with a machine-translation draft."

    def add_arguments(self, parser):
        add_target_arguments(parser)
        parser.add_argument(
            "--from",
            dest="source",
            default=None,
            help=f"the language to translate from (default: the article's source); one of "
            f"{', '.join(LANGUAGE_CODES)}",
        )

    def handle(self, *args, **options):
        article = find_article(options["article"])
        language = options["language"]
        try:
            version = machine_translation_draft(
                article=article, language=language, user=None, source_language=options["source"]
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        record = MachineTranslation.objects.get(article=article, language=language)
        findings = Finding.objects.open().filter(version=version).count()
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Article #{article.pk}: {language} drafted from {record.source_language} "
                    f"by {record.engine}; {findings} open finding(s) to review."
                )
            )
