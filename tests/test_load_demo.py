"""`manage.py load_demo`: the first run shows a working site (`articles.demo`)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article, LanguageVersion, Status

pytestmark = pytest.mark.django_db


def _run(command, *args, **kwargs) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, **kwargs)
    return out.getvalue()


def _published() -> set[tuple[int, str]]:
    """(article number in import order, language) of the published versions."""
    order = {
        pk: n for n, pk in enumerate(Article.objects.order_by("pk").values_list("pk", flat=True), 1)
    }
    rows = LanguageVersion.objects.filter(status=Status.PUBLISHED)
    return {(order[pk], language) for pk, language in rows.values_list("article_id", "language")}


def test_import_seeds_alone_never_publishes():
    _run("import_seeds")

    assert _published() == set()


def test_demo_publishes_the_versions_without_blocking_findings_and_says_why_not_the_rest(client):
    _run("import_seeds")

    out = _run("load_demo", site_url="http://127.0.0.1:9000/")

    # The seed story in four languages; the Indonesian story quoting English stays a draft.
    assert _published() == {(1, "de"), (1, "es"), (1, "fr"), (1, "id")}
    assert out.count("Published as demo content:") == 4
    held = Article.objects.order_by("pk").last().pk
    assert f"Not published: article #{held} [id]" in out
    assert re.search(r"\d+ open blocking findings? \(untranslated\)", out)
    # What next: the URLs, the accounts and how to publish one more version.
    assert "http://127.0.0.1:9000/admin/" in out
    assert "editor" in out and "translator" in out
    assert f"manage.py publish {held} --language id --override-reason" in out
    # And the site has content: `/` leads to an edition that lists the story.
    front = client.get("/", headers={"accept-language": "en"}, follow=True)
    assert "Sam Altman" in front.content.decode()


def test_demo_leaves_a_site_in_use_alone():
    _run("import_seeds")
    _run("load_demo")
    LanguageVersion.objects.filter(
        article=Article.objects.order_by("pk").first(), language="fr"
    ).update(status=Status.DRAFT, published_at=None)

    out = _run("load_demo")

    assert "nothing changed" in out
    assert (1, "fr") not in _published()
