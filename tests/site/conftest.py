"""Shared data for the public-site tests: stories in several languages and states."""

from __future__ import annotations

import pytest
from django.utils import timezone

from articles.models import LanguageVersion, Status
from tests.factories import make_article

HOUR = timezone.timedelta(hours=1)


def set_state(article, language: str, status: str, published_at=None) -> None:
    """Put one language of `article` into a workflow state, as an editor's action would."""
    LanguageVersion.objects.filter(article=article, language=language).update(
        status=status, published_at=published_at
    )


@pytest.fixture
def story(db):
    """Published in en, fr and de; a draft in es, in review in id. Rich text in each."""
    article = make_article(
        languages=("en", "fr", "de", "es", "id"),
        status=Status.PUBLISHED,
        title_en="Harbour bridge reopens",
        title_fr="Le pont du port rouvre",
        title_de="Hafenbrücke wieder offen",
        title_es="Reabre el puente del puerto",
        title_id="Jembatan pelabuhan dibuka kembali",
        body_en="The bridge reopened on Monday.\n\n## What changed\n\nTraffic flows again.",
        body_fr="Le pont a rouvert lundi.\n\n## Ce qui change\n\nLa circulation reprend.",
        body_de="Die Brücke ist seit Montag offen.\n\n## Was sich ändert\n\nDer Verkehr rollt.",
        key_points_en="Bridge reopened\nTraffic restored",
        key_points_fr="Pont rouvert\nCirculation rétablie",
        source_attribution_en="City press office",
        source_attribution_fr="Service de presse de la ville",
    )
    set_state(article, "es", Status.DRAFT)
    set_state(article, "id", Status.IN_REVIEW)
    return article
