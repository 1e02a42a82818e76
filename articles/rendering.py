"""The body and key points as structure for templates: plain text in, plain data out.

Stored text is never HTML. The body is blocks separated by a blank line; a
block starting with "## " is a subheading. Key points are one per line.
Templates get lists of `Block`s and strings and escape every one of them
(autoescaping; never `|safe`), so nothing stored can become markup.

`passage_languages` marks passages in another language than the version's
(an untranslated paragraph an editor chose to publish): it maps a passage's
text to its language code (`SourceDocument.objects.passage_languages`, from
the importer's detection), and the template puts that code in the passage's
`lang` attribute. Nothing is detected here, so rendering stays cheap.

A front page's teasers (`teasers`) are plain data too: each story's link,
texts and formatted time read once in Python, so the template only lays out
strings. Resolving `article.title`, `article.get_absolute_url` and two `date`
filters through the template engine for ten stories was a quarter of a front
page's profile; as plain data, with each time formatted once per process
(`published_time`), the page runs 22 % fewer instructions (BENCHMARKS.md, "Public
site …").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from django.utils import dateformat, formats, timezone, translation

from articles.models import SUBHEADING_PREFIX, detail_path, split_body

_MARKER = re.compile(r"^[-•*]\s+")  # "- point", "• point"; not "-5% growth"


@dataclass(frozen=True)
class Block:
    kind: str  # "paragraph", "subheading" or "point"
    text: str
    lang: str = ""  # set only when the passage is in another language than the page


def body_blocks(
    body: str, page_language: str = "", passage_languages: Mapping[str, str] | None = None
) -> list[Block]:
    """The body's blocks, in order; `lang` set where a passage's language differs from the page's."""
    blocks = []
    for raw in split_body(body):
        if raw.startswith(SUBHEADING_PREFIX):
            text = raw.removeprefix(SUBHEADING_PREFIX).strip()
            blocks.append(Block("subheading", text, _lang(text, page_language, passage_languages)))
        else:
            blocks.append(Block("paragraph", raw, _lang(raw, page_language, passage_languages)))
    return blocks


def key_point_lines(
    key_points: str, page_language: str = "", passage_languages: Mapping[str, str] | None = None
) -> list[Block]:
    """The key points, one per non-blank line, without list markers a writer typed."""
    lines = (_MARKER.sub("", line.strip()) for line in (key_points or "").splitlines())
    return [
        Block("point", line, _lang(line, page_language, passage_languages))
        for line in lines
        if line
    ]


def passage_lang(text: str, page_language: str, passage_languages: Mapping[str, str] | None) -> str:
    """The `lang` a passage needs: its own language when that is not the page's, else ""."""
    return _lang((text or "").strip(), page_language, passage_languages)


def _lang(text: str, page_language: str, passage_languages: Mapping[str, str] | None) -> str:
    lang = (passage_languages or {}).get(text, "")
    return "" if lang == page_language else lang


def teasers(articles: Iterable, language: str) -> list[dict]:
    """A front page's stories as the template shows them: `url`, `title`, `lede`, the
    publication time for machines (`machine_time`), for readers (`shown_time`) and its
    zone (`zone`), as `published_time` gives them, and `live_versions`. Flat dicts, which
    the template engine looks up first.

    `articles` come from `ArticleQuerySet.edition(language).reading(language)` with
    `attach_live_versions`."""
    items = []
    active, zone = translation.get_language(), timezone.get_current_timezone_name()
    for article in articles:
        published = _published_time(article.published_at, active, zone)
        items.append(
            {
                "url": detail_path(language, article.text("slug", language)),
                "title": article.text("title", language),
                "lede": article.text("lede", language),
                "machine_time": published.machine,
                "shown_time": published.shown,
                "zone": published.zone,
                "live_versions": article.live_versions,
            }
        )
    return items


class PublishedTime(NamedTuple):
    """A publication time as reader pages show it."""

    machine: str  # for `<time datetime>` (`machine_time`)
    shown: str  # for readers, in the active language's format
    zone: str  # the zone's name ("CET"), which readers are told


def published_time(moment) -> PublishedTime | None:
    """`moment` as reader pages show it, in the active language and time zone; None for
    no moment (an admin preview of a version never published)."""
    if moment is None:
        return None
    return _published_time(moment, translation.get_language(), timezone.get_current_timezone_name())


@lru_cache(maxsize=4096)
def _published_time(moment, language: str, zone: str) -> PublishedTime:
    """`language` and `zone` are the active ones, the whole key of the answer besides
    `moment`: kept per process, since every request of a page shows the same times, and
    formatting a front page's ten was a tenth of its profile (BENCHMARKS.md, "Public
    site …")."""
    local = timezone.localtime(moment)
    return PublishedTime(
        machine_time(local),
        formats.date_format(local, "DATETIME_FORMAT"),
        dateformat.format(local, "T"),
    )


def machine_time(value) -> str:
    """A time for machines (`<time datetime>`), in the site's zone, to the second.

    Django's `date:'c'` writes microseconds, which the HTML standard does not allow
    in `datetime` (at most three digits of a fraction); readers are shown minutes at
    most, so seconds lose nothing."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()
