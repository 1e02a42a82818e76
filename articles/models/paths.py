"""The paths of the editions and their stories, reversed once per URLconf."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

from articles.models.text import LANGUAGE_CODES


def detail_path(language: str, slug: str) -> str:
    """The path of the story with `slug` in `language`'s edition (`articles:detail`).

    What `reverse()` gives, without its cost on every link of a page (a front
    page has ~50): the edition's prefix is reversed once per language and URLconf.
    """
    return f"{detail_prefixes()[language]}{slug}/"


def detail_prefixes() -> Mapping[str, str]:
    """{language: the path of its stories without the slug} for the current URLconf."""
    return _edition_urls(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())[1]


def edition_paths() -> Mapping[str, str]:
    """{language: the path of its edition's front page} for the current URLconf, in
    `LANGUAGES` order: what `reverse("articles:index")` gives in each language, reversed
    once (every reader page links all of them)."""
    return _edition_urls(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())[0]


@lru_cache(maxsize=16)
def _edition_urls(urlconf: str, script_prefix: str) -> tuple[Mapping[str, str], Mapping[str, str]]:
    """Each language's front page and story prefix, reversed once per URLconf and prefix;
    shared by every request, so read-only."""
    index, stories = {}, {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            index[code] = reverse("articles:index", urlconf=urlconf)
            story = reverse("articles:detail", kwargs={"slug": "-"}, urlconf=urlconf)
        stories[code] = story[: -len("-/")]
    return MappingProxyType(index), MappingProxyType(stories)
