"""The guarantees the schema makes, enforced by the database."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Finding, LanguageVersion, Status
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_slug_is_unique_within_a_language():
    make_article(languages=["fr"], slug_fr="altman-sondage")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(languages=["fr"], slug_fr="altman-sondage")


def test_same_slug_may_be_used_in_two_languages():
    make_article(languages=["fr"], slug_fr="meta")
    make_article(languages=["de"], slug_de="meta")
    assert Article.objects.count() == 2


def test_articles_without_a_version_in_a_language_do_not_collide_on_its_empty_slug():
    make_article(languages=["fr"])
    make_article(languages=["fr"])
    assert (
        Article.objects.filter(slug_de__isnull=True).count()
        + Article.objects.filter(slug_de="").count()
        == 2
    )


def test_indonesian_slug_is_unique_too():
    make_article(languages=["id"], slug_id="openai-survei")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(languages=["id"], slug_id="openai-survei")


def test_an_article_has_at_most_one_version_per_language():
    article = make_article(languages=["fr"])
    with pytest.raises(IntegrityError), transaction.atomic():
        LanguageVersion.objects.create(article=article, language="fr")


def test_a_published_version_must_have_a_publication_time():
    article = make_article(languages=["de"])
    with pytest.raises(IntegrityError), transaction.atomic():
        LanguageVersion.objects.filter(article=article).update(
            status=Status.PUBLISHED, published_at=None
        )


def test_published_queryset_sees_only_live_versions_of_the_language():
    live = make_article(languages=["fr", "de"], status=Status.PUBLISHED)
    make_article(languages=["fr"], status=Status.DRAFT)
    scheduled = make_article(languages=["fr"])
    LanguageVersion.objects.filter(article=scheduled).update(
        status=Status.PUBLISHED, published_at=timezone.now() + timezone.timedelta(days=1)
    )
    assert list(Article.objects.published("fr")) == [live]
    assert list(Article.objects.published("es")) == []
    assert LanguageVersion.objects.get(article=scheduled).display_status == "scheduled"


def test_edition_by_id_finds_the_editions_articles_and_no_others():
    now = timezone.now()
    live = make_article(("en", "fr"), Status.PUBLISHED, now - timezone.timedelta(hours=2))
    draft = make_article(("en",), Status.DRAFT)
    scheduled = make_article(("en",), Status.PUBLISHED, now + timezone.timedelta(hours=1))
    french_only = make_article(("fr",), Status.PUBLISHED)
    ids = [live.pk, draft.pk, scheduled.pk, french_only.pk]
    found = Article.objects.edition_by_id("en", now).filter(pk__in=ids)
    assert [(a.pk, a.published_at) for a in found] == [
        (a.pk, a.published_at) for a in Article.objects.edition("en", now).filter(pk__in=ids)
    ]
    assert [a.pk for a in found] == [live.pk]


def test_str_names_the_first_title_available():
    article = make_article(languages=["de"], title_de="Altman fragt X")
    assert str(article) == "Altman fragt X"
    assert str(article.versions.get()) == "Altman fragt X [de]"


def test_editing_text_after_import_is_detected():
    article = make_article(languages=["fr"], title_fr="Titre")
    version = article.versions.get()
    version.imported_checksum = version.content_checksum()
    assert not version.edited_since_import
    article.title_fr = "Titre corrigé"
    assert version.edited_since_import


def test_default_orderings_read_no_other_table():
    """Ordered by the foreign key's column: an unordered query (and a row lock taken with
    select_for_update) touches the versions or findings only, never the articles."""
    versions = str(LanguageVersion.objects.filter(language="fr").query)
    findings = str(Finding.objects.filter(kind="name_spelling").query)
    assert "articles_article" not in versions
    assert "articles_languageversion" not in findings
    assert "ORDER BY" in versions and "ORDER BY" in findings
