"""The management commands are run by the operator with shell access, so for them
"refused" means a clear error for bad input and nothing written."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from reversion.models import Version

from articles.models import Article, Finding, ImportRun, LanguageVersion, SourceDocument
from tests.admin.helpers import finding
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _command(*args: str) -> str:
    with pytest.raises(CommandError) as raised:
        call_command(*args, stdout=StringIO(), stderr=StringIO())
    return str(raised.value)


def _snapshot() -> tuple:
    return (
        list(LanguageVersion.objects.order_by("pk").values_list("status", "published_at")),
        Article.objects.count(),
        ImportRun.objects.count(),
        SourceDocument.objects.count(),
        Finding.objects.count(),
        Version.objects.count(),
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("publish", "no-such-story", "--language", "fr"), "No article"),
        (("publish", "{pk}", "--language", "it"), "not a language of this site"),
        (("publish", "{pk}", "--language", "es"), "has no Spanish version"),
        (("publish", "{pk}", "--language", "fr", "--at", "next tuesday"), "not an ISO 8601"),
        (("publish", "{empty}", "--language", "fr"), "nothing to publish"),
        (("publish", "{pk}", "--language", "en"), "blocking finding"),
        (("unpublish", "99999", "--language", "fr"), "No article"),
        (("unpublish", "{pk}", "--language", "xx"), "not a language of this site"),
        (("unpublish", "{pk}", "--language", "fr"), "not published"),
        (("import_seeds", "/no/such/bundle"), "no such file or directory"),
        (("editorial_checks", "--save", "99999"), "No article with id 99999"),
    ],
    ids=[
        "publish_unknown_article",
        "publish_unknown_language",
        "publish_missing_version",
        "publish_bad_time",
        "publish_empty_version",
        "publish_over_blocking_findings_without_reason",
        "unpublish_unknown_article",
        "unpublish_unknown_language",
        "unpublish_a_draft",
        "import_missing_path",
        "checks_unknown_article",
    ],
)
def test_command_refuses_bad_input_with_a_clear_error_and_writes_nothing(world, args, message):
    empty = make_article(languages=("fr",), title_fr="", body_fr="", slug_fr="")
    finding(world.version("en"), severity=Finding.Severity.BLOCKING)
    args = tuple(a.format(pk=world.article.pk, empty=empty.pk) for a in args)
    before = _snapshot()
    error = _command(*args)
    assert message in error
    assert _snapshot() == before


def test_import_in_strict_mode_rolls_back_a_bundle_with_warnings(tmp_path):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "good.txt").write_text(
        "A bridge reopens\n\nThe harbour bridge reopened on Monday after two years of work.\n",
        encoding="utf-8",
    )
    (bundle / "broken.txt").write_bytes(b"\xff\xfe\x00\xd8 not text \x00\x00\x01")
    (bundle / "image.png").write_bytes(b"\x89PNG\r\n")
    before = _snapshot()
    error = _command("import_seeds", str(bundle), "--strict")
    assert "--strict" in error
    after = _snapshot()
    assert (after[1], after[3]) == (before[1], before[3])  # no article, no source document
