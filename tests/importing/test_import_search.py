"""What the importer writes is searchable at once, accents optional (its rows send no signal)."""

import html
import re

import pytest

from articles.models import Article, LanguageVersion, Status
from tests.importing.conftest import SEED, run_import

pytestmark = pytest.mark.django_db


def titles(client, language, query) -> list[str]:
    page = client.get(f"/{language}/", {"q": query}).content.decode()
    return [html.unescape(t) for t in re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', page)]


def publish_all():
    LanguageVersion.objects.update(status=Status.PUBLISHED, published_at="2026-01-01T00:00Z")


def test_imported_stories_are_searchable_without_accents(client, seed_bundle):
    code, _report = run_import(seed_bundle("id", "fr", "es", "de"))
    assert code == 0
    publish_all()
    french = Article.objects.get().title_fr
    assert titles(client, "fr", "enquete") == [french]
    assert titles(client, "fr", "ENQUÊTES") == [french]


def test_a_changed_file_updates_what_search_finds(client, seed_bundle, make_bundle):
    run_import(make_bundle({SEED["fr"]: "Le port rouvre\n\nLe port de Marseille rouvre."}))
    run_import(make_bundle({SEED["fr"]: "Le port rouvre\n\nLe port de Toulon rouvre."}, "b2"))
    publish_all()
    assert titles(client, "fr", "toulon") == ["Le port rouvre"]
    assert titles(client, "fr", "marseille") == []
