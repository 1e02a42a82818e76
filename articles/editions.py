"""Which edition and which version a reader is sent to when they did not choose one.

Two rules, written once here and used by the views and the sitemap:

- `/` picks an edition (`choose_edition`): the reader's most preferred language
  (language cookie, then Accept-Language in order of preference) *that has
  published stories*; if none of theirs has any (or they asked for none, or
  only for languages the site has not), `LANGUAGE_CODE`'s edition when it has
  stories, else the edition with the most stories (ties: `LANGUAGES` order); a
  reader who chose an edition in the menu has it in the language cookie
  (`views.choose_edition_view`); on a site with nothing published, the
  reader's preferred language, else `LANGUAGE_CODE`. An empty edition is
  never chosen over a full one: a newcomer must not land on an empty page.
- `x-default` of a story (`x_default_version`): the source version when it is
  published, else the version in `LANGUAGE_CODE`, else the first published
  version in `LANGUAGES` order. The source is the original, so readers with no
  edition of their own get the text every other version was translated from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import language_code_re, parse_accept_lang_header

LANGUAGE_ORDER = [code for code, _name in settings.LANGUAGES]


def _supported(code: str | None) -> str | None:
    if not code or not language_code_re.search(code):
        return None
    try:
        return get_supported_language_variant(code)
    except LookupError:
        return None


def preferred_languages(cookie: str | None, accept_language: str) -> list[str]:
    """The site languages a reader asked for, most preferred first, without repeats."""
    wanted = [cookie] + [code for code, _q in parse_accept_lang_header(accept_language or "")]
    ordered: list[str] = []
    for code in wanted:
        if code == "*":
            break
        supported = _supported(code)
        if supported and supported not in ordered:
            ordered.append(supported)
    return ordered


def choose_edition(preferred: Iterable[str], sizes: Mapping[str, int]) -> str:
    """The edition for `/` (see the module docstring); `sizes` is stories per language."""
    preferred = list(preferred)
    for code in preferred:
        if sizes.get(code):
            return code
    if sizes.get(settings.LANGUAGE_CODE):
        return settings.LANGUAGE_CODE
    if any(sizes.values()):
        return max(
            LANGUAGE_ORDER, key=lambda code: (sizes.get(code, 0), -LANGUAGE_ORDER.index(code))
        )
    return preferred[0] if preferred else settings.LANGUAGE_CODE


def x_default_version(article):
    """The version readers without an edition of their own are sent to, or None.

    `article.live_versions` must be prefetched (`with_live_versions`)."""
    by_language = {version.language: version for version in article.live_versions}
    for code in (article.source_language, settings.LANGUAGE_CODE, *LANGUAGE_ORDER):
        if code in by_language:
            return by_language[code]
    return None
