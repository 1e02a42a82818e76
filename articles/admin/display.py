"""Small pieces the admin lists share: state badges, list URLs, findings counts."""

from __future__ import annotations

import functools

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.html import format_html

from articles import services
from articles.admin.views import STATE_LABELS
from articles.models import (
    LANGUAGE_CODES,
    Finding,
    LanguageVersion,
)

LANGUAGE_CHOICES = [("", "—"), *((code, services.language_name(code)) for code in LANGUAGE_CODES)]


def state_badge(version: LanguageVersion, label: str | None = None):
    return _badge(
        translation.get_language(),
        version.language,
        version.display_status,
        version.source_changed,
        label,
    )


@functools.lru_cache(maxsize=1024)
def _badge(active: str, language: str, state: str, outdated: bool, label: str | None):
    """A badge depends on few values: built once per combination (the list shows hundreds)."""
    return format_html(
        '<span class="nr-badge nr-{}" title="{}">{}{}</span>',
        state,
        f"{services.language_name(language)}: {STATE_LABELS[state]}",
        label or STATE_LABELS[state],
        " ⚠" if outdated else "",
    )


def changelist_url(model: str) -> str:
    """The admin list URL of `model`; row links append "<pk>/…" rather than reverse per row."""
    return _changelist_url(get_script_prefix(), model)


@functools.lru_cache(maxsize=16)
def _changelist_url(_prefix: str, model: str) -> str:
    return reverse(f"admin:articles_{model}_changelist")


def open_findings_count(outer: str):
    """Subquery: open findings of the article at `outer` (one per row, no GROUP BY)."""
    counts = (
        Finding.objects.open()
        .filter(version__article=OuterRef(outer))
        .order_by()
        .values("version__article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)
