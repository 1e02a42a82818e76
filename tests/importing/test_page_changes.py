"""An import writes drafts, which no reader sees: reader pages stay valid (no page change
recorded, the same ETags), while a change readers do see still moves them
(articles/invalidation.py)."""

import pytest
from django.utils import timezone

from articles.invalidation import editions_validator, story_validator
from articles.models import LANGUAGE_CODES, Article, LanguageVersion, PageChange, Status
from tests.factories import make_article
from tests.importing.conftest import run_import

pytestmark = pytest.mark.django_db


def validators(article: Article) -> tuple:
    now = timezone.now()
    return (
        editions_validator(LANGUAGE_CODES, now, "default").etag,
        story_validator("en", article.slug_en, now, "default").etag,
    )


def published(**texts) -> Article:
    return make_article(status=Status.PUBLISHED, published_at=timezone.now(), **texts)


def test_importing_new_stories_as_drafts_leaves_every_reader_page_valid(seed_bundle):
    live = published(title_en="Harbour reopens")
    before, changes = validators(live), PageChange.objects.count()

    code, report = run_import(seed_bundle("id", "fr", "es"))

    assert code == 0 and report["counts"]["created"] == 3
    assert PageChange.objects.count() == changes
    assert validators(live) == before


def test_a_draft_translation_attached_to_a_published_story_leaves_its_pages_valid(seed_bundle):
    run_import(seed_bundle("id", name="first"))
    version = LanguageVersion.objects.get(language="id")
    version.status, version.published_at = Status.PUBLISHED, timezone.now()
    version.save()
    article = version.article
    now = timezone.now()
    story = story_validator("id", article.slug_ind, now, "default").etag
    edition = editions_validator(["id"], now, "default").etag

    code, report = run_import(seed_bundle("fr", name="second"))

    assert code == 0 and report["documents"][0]["article"] == article.pk  # attached
    now = timezone.now()
    assert story_validator("id", article.slug_ind, now, "default").etag == story
    assert editions_validator(["id"], now, "default").etag == edition


def test_unpublishing_with_only_the_status_written_still_changes_the_pages():
    live = published(title_en="Harbour reopens")
    before = validators(live)[0]
    version = live.versions.get(language="en")
    version.status = Status.DRAFT
    version.save(update_fields=["status"])
    assert editions_validator(LANGUAGE_CODES, timezone.now(), "default").etag != before


def test_writing_only_a_live_language_s_text_still_changes_its_pages():
    live = published(title_en="Harbour reopens")
    before = validators(live)
    live.title_en = "Harbour reopens after storm"
    live.save(update_fields=["title_en", "updated_at"])
    after = validators(live)
    assert after[0] != before[0] and after[1] != before[1]
