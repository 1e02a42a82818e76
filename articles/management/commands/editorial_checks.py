"""Print the editorial checks' findings for some or all articles."""

import json

from django.core.management.base import BaseCommand, CommandError

from articles.editorial_checks import recompute_findings, run_checks
from articles.models import Article, Finding


class Command(BaseCommand):
    help = (
        "Run the editorial checks (untranslated passages, name spellings, figures, leftovers, "
        "structure, titles) over the language versions of articles and print the findings."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "articles", nargs="*", type=int, metavar="ARTICLE", help="Article ids (default: all)."
        )
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument(
            "--save",
            action="store_true",
            help="Also store the findings (as saving the article does), keeping dismissals.",
        )

    def handle(self, *args, **options):
        articles = Article.objects.prefetch_related("versions").order_by("pk")
        if options["articles"]:
            articles = articles.filter(pk__in=options["articles"])
            missing = set(options["articles"]) - {a.pk for a in articles}
            if missing:
                raise CommandError(f"No article with id {', '.join(map(str, sorted(missing)))}.")
        rows = []
        for article in articles:
            # Saving runs the checks itself: print what it stored rather than run them twice.
            if options["save"]:
                found = [_as_dict(finding) for finding in recompute_findings(article)]
            else:
                found = [item.as_dict() for item in run_checks(article)]
            rows.extend({"article": article.pk, **item} for item in found)
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            where = "" if row["paragraph"] is None else f" ¶{row['paragraph'] + 1}"
            style = self.style.ERROR if row["severity"] == "blocking" else self.style.WARNING
            self.stdout.write(
                f"#{row['article']} [{row['language']}]{where} "
                + style(f"{row['severity']} {row['kind']}")
                + f": {row['message']}"
                + (f" → {row['suggestion']}" if row["suggestion"] else "")
            )
        if options["verbosity"] >= 1:
            self.stdout.write(f"{len(rows)} finding(s) in {len(articles)} article(s).")


def _as_dict(finding: Finding) -> dict:
    """A stored finding in the shape of `FindingData.as_dict`, so --save prints the same rows."""
    return {
        "language": finding.version.language,
        "kind": finding.kind,
        "severity": finding.severity,
        "paragraph": finding.paragraph,
        "message": finding.message,
        "suggestion": finding.suggestion,
    }
