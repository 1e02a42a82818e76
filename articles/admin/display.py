"""Small pieces the admin lists share: state badges, list URLs, findings counts."""

from __future__ import annotations

import functools

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from articles import services
from articles.language_names import LANGUAGE_NAMES
from articles.models import (
    LANGUAGE_CODES,
    STATE_LABELS,
    Finding,
    LanguageVersion,
)

#: Lazy names: built at import, shown in each request's language (the filters, the action bar).
LANGUAGE_CHOICES = [("", "—"), *((code, LANGUAGE_NAMES[code]) for code in LANGUAGE_CODES)]


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


#: A state as an icon and a word: the list and the desk never rely on colour alone.
STATE_ICONS = {
    "draft": "✎",
    "in_review": "◔",
    "scheduled": "◷",
    "published": "✓",
    "archived": "▣",
    "missing": "○",
}


def state_cell(state: str, outdated: bool = False, source: bool = False):
    return _state_cell(translation.get_language(), state, outdated, source)


@functools.lru_cache(maxsize=256)
def _state_cell(active: str, state: str, outdated: bool, source: bool):
    """A list cell depends on few values: built once per combination (a page has 250)."""
    label = _("Missing") if state == "missing" else STATE_LABELS[state]
    cell = format_html(
        '<span class="nr-state nr-state-{}"><span aria-hidden="true">{}</span> {}</span>',
        state,
        STATE_ICONS[state],
        label,
    )
    if source:
        cell += format_html(
            ' <span class="nr-flag nr-source" title="{}">{}</span>',
            _("the version the others are translated from"),
            _("source"),
        )
    if outdated:
        cell += format_html(
            '<br><span class="nr-state nr-outdated" title="{}">'
            '<span aria-hidden="true">⚠</span> {}</span>',
            _("The source version changed after this translation: review it against the source."),
            _("Source changed"),
        )
    return cell


def translate_url(article_id: int, language: str) -> str:
    """The translation editor of `language`, built beside the article's change page
    (`ArticleAdmin.get_urls`): the list links one per cell, without a reverse() each."""
    return f"{changelist_url('article')}{article_id}/translate/{language}/"


def review_url(article_id: int, language: str, source: str = "") -> str:
    """The review page showing `language` beside its `source` language, at `language`
    (the list and the desk link one per row, without a reverse() each)."""
    shown = ",".join(dict.fromkeys(code for code in (source, language) if code))
    return f"{changelist_url('article')}{article_id}/review/?languages={shown}#lang-{language}"


def changelist_url(model: str) -> str:
    """The admin list URL of `model`; row links append "<pk>/…" rather than reverse per row."""
    return _changelist_url(get_script_prefix(), model)


@functools.lru_cache(maxsize=16)
def _changelist_url(_prefix: str, model: str) -> str:
    return reverse(f"admin:articles_{model}_changelist")


def open_findings_count(outer: str, severity: str | None = None):
    """Subquery: open findings (of `severity`, else all) of the article at `outer`
    (one per row, no GROUP BY)."""
    findings = Finding.objects.open()
    if severity:
        findings = findings.filter(severity=severity)
    counts = (
        findings.filter(version__article=OuterRef(outer))
        .order_by()
        .values("version__article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)
