"""The importer's writes: the same rows `save()` and `update()` write, with SQL built once."""

import pytest
from django.db import connection

from articles.importing import rows
from articles.models import Article, ImportRun, LanguageVersion, SourceDocument, Status, localized

pytestmark = pytest.mark.django_db

# Set by the database or the clock, so different for two rows written one after the other.
VARYING = {"id", "created_at", "updated_at", "imported_at"}


def stored(obj) -> dict:
    """The row as the database holds it (every column, modeltranslation's own ones too)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {obj._meta.db_table} WHERE id = %s", [obj.pk])
        columns = [column[0] for column in cursor.description]
        row = dict(zip(columns, cursor.fetchone(), strict=True))
    return {column: value for column, value in row.items() if column not in VARYING}


@pytest.fixture
def run():
    return ImportRun.objects.create(source="bundle")


def article(run) -> Article:
    return Article(import_run=run, title_fr="Le port rouvre", slug_fr="le-port-rouvre")


def test_an_inserted_article_is_the_row_save_writes(run):
    saved, inserted = article(run), article(run)
    saved.save()
    inserted.slug_fr = "le-port-rouvre-2"  # the slug is unique per language
    rows.insert(inserted)

    assert inserted.pk and inserted.pk != saved.pk
    assert not inserted._state.adding
    assert stored(inserted) == {**stored(saved), localized("slug", "fr"): "le-port-rouvre-2"}


def test_an_inserted_version_and_document_are_the_rows_create_writes(run):
    owner = article(run)
    owner.save()
    version = {
        "article": owner,
        "status": Status.DRAFT,
        "link_score": 0.75,
        "link_anchors": ["o3-mini", "leike"],
        "imported_checksum": "abc",
    }
    created = LanguageVersion.objects.create(language="fr", **version)
    inserted = LanguageVersion(language="de", **version)
    rows.insert(inserted)
    document = {
        "import_run": run,
        "size": 12,
        "encoding": "utf-8",
        "raw_text": "Le port rouvre.",
        "parsed": {"title": "Le port rouvre", "blocks": [{"kind": "p", "text": "…"}]},
        "detected_language": "fr",
        "confidence": 0.97,
        "article": owner,
        "language": "fr",
        "outcome": SourceDocument.Outcome.APPLIED,
        "warnings": ["language uncertain"],
    }
    created_document = SourceDocument.objects.create(name="a.txt", sha256="1" * 64, **document)
    inserted_document = SourceDocument(name="b.txt", sha256="2" * 64, **document)
    rows.insert(inserted_document)

    assert stored(inserted) == {**stored(created), "language": "de"}
    assert stored(inserted_document) == {
        **stored(created_document),
        "name": "b.txt",
        "sha256": "2" * 64,
    }


def test_update_writes_only_the_named_columns_and_says_when_the_row_is_gone(run):
    saved = article(run)
    saved.title_de = "Hafen"
    saved.save()

    changed = rows.update(Article, saved.pk, {"title_fr": "Le port a rouvert"})
    missing = rows.update(Article, saved.pk + 1000, {"title_fr": "Nulle part"})

    saved.refresh_from_db()
    assert (changed, missing) == (1, 0)
    assert (saved.title_fr, saved.title_de, saved.slug_fr) == (
        "Le port a rouvert",
        "Hafen",
        "le-port-rouvre",
    )
