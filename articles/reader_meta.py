"""What reader pages tell machines and readers about a story besides its text.

- `story_metadata()`: a story page's JSON-LD `NewsArticle` (its language, the
  version's own publication and change times, and the story's other published
  versions as schema.org `workTranslation` / `translationOfWork`), its Open Graph
  tags (`og:locale` and `og:locale:alternate` for the other live versions) and
  its provenance line ("Translated from German", linked to the original when the
  original is live), all from the versions readers may see.
- `edition_description()`: a front page's description.

The original is the article's recorded source language (`Article.source_language`,
set at import); a story with none recorded claims no translation relation.
Plain data for the templates (`articles/_metadata.html`, `articles/_provenance.html`);
the JSON is escaped for a `<script>` element like Django's `json_script`.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.html import _json_script_escapes
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy, to_locale

#: Open Graph wants language_TERRITORY: each edition's usual one.
OG_LOCALES = {"en": "en_GB", "id": "id_ID", "fr": "fr_FR", "es": "es_ES", "de": "de_DE"}
#: "Translated from …" per original language, so each language's grammar can differ
#: ("Traduit de l'allemand", "Traducido del alemán").
TRANSLATED_FROM = {
    "en": gettext_lazy("Translated from English"),
    "id": gettext_lazy("Translated from Indonesian"),
    "fr": gettext_lazy("Translated from French"),
    "es": gettext_lazy("Translated from Spanish"),
    "de": gettext_lazy("Translated from German"),
}
#: Search engines show about this many characters of a description.
DESCRIPTION_CHARACTERS = 300


def og_locale(code: str) -> str:
    return OG_LOCALES.get(code) or to_locale(code)


def json_ld(data: dict) -> SafeString:
    """`data` as the text of a `<script type="application/ld+json">` (no `</script>` inside)."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_json_script_escapes))


def description(text: str) -> str:
    return shortened(" ".join((text or "").split()), DESCRIPTION_CHARACTERS)


def shortened(text: str, characters: int) -> str:
    """`text` cut to `characters` with an ellipsis (Django's `Truncator`), or whole when it
    fits: `Truncator` walks every character in Python even then, 3 % of a story page."""
    text = unicodedata.normalize("NFC", text)  # as Truncator gives it
    if len(text) < characters:
        return text
    # Where it cuts depends only on the first `characters` characters (combining marks not
    # counted, rare once composed) and whether more follow: a lede of thousands need not be
    # walked to its end.
    return Truncator(text[: characters * 2]).chars(characters)


@dataclass
class Provenance:
    """Where a translated version comes from: the line shown above its text."""

    text: str
    language: str
    url: str = ""  # the original's page, when it is live
    machine: bool = False  # still mostly a machine translation (articles.provenance)


@dataclass
class StoryMetadata:
    description: str
    locale: str
    alternate_locales: list[str] = field(default_factory=list)
    provenance: Provenance | None = None
    json_ld: SafeString = field(default_factory=lambda: mark_safe(""))


def _when(moment) -> str:
    return moment.replace(microsecond=0).isoformat()


def provenance_line(article, language: str, live: dict, machine=None) -> Provenance | None:
    """The line above a translated version's text, or None: a machine translation says so
    (`machine`, from `articles.provenance`), any other translation names its original,
    linked when it is live (`live`: language → live version). Story pages and the
    admin's preview show the same line."""
    original = machine.source_language if machine is not None else article.source_language or ""
    url = live[original].get_absolute_url() if original in live else ""
    if machine is not None:
        return Provenance(text=machine.label, language=original, url=url, machine=machine.machine)
    if original and original != language:
        text = str(TRANSLATED_FROM.get(original, gettext("Translated")))
        return Provenance(text=text, language=original, url=url)
    return None


def story_metadata(article, language: str, absolute, machine=None) -> StoryMetadata:
    """The metadata of `article`'s page in `language` (`absolute(path)` → absolute URL).

    `article` comes from `live_story`: `published_at` and `version_updated_at` of the
    version in `language`, and `live_versions`. `machine` is the version's machine
    translation story (`articles.provenance.provenance`), if any: its label and
    translator then say where the text comes from."""
    live = {version.language: version for version in article.live_versions}
    url = absolute(article.get_absolute_url())
    original = article.source_language or ""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": shortened(article.text("title", language), 110),
        "inLanguage": language,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": _when(article.published_at),
        "dateModified": _when(max(article.published_at, article.version_updated_at)),
        "publisher": {"@type": "Organization", "name": settings.NEWSROOM_SITE_NAME},
    }
    lede = description(article.text("lede", language))
    if lede:
        data["description"] = lede
    source = article.text("source_attribution", language)
    if source:
        data["author"] = {"@type": "Organization", "name": source}

    def work(code: str) -> dict:
        page = absolute(live[code].get_absolute_url())
        return {"@type": "NewsArticle", "@id": page, "url": page, "inLanguage": code}

    provenance = provenance_line(article, language, live, machine)
    if machine is not None:
        original = machine.source_language
        data["translationOfWork"] = (
            work(original) if original in live else {"@type": "NewsArticle", "inLanguage": original}
        )
        data["creditText"] = machine.label
        if machine.machine:
            data["translator"] = {"@type": "SoftwareApplication", "name": machine.engine}
            data["contributor"] = {"@type": "Organization", "name": settings.NEWSROOM_SITE_NAME}
        else:
            data["translator"] = {"@type": "Organization", "name": settings.NEWSROOM_SITE_NAME}
    elif original and original != language:
        # A translation: of the original, linked when readers may read it.
        if original in live:
            data["translationOfWork"] = work(original)
    elif original == language:
        others = [work(code) for code in live if code != language]
        if others:
            data["workTranslation"] = others
    return StoryMetadata(
        description=lede or shortened(article.text("title", language), 160),
        locale=og_locale(language),
        alternate_locales=[og_locale(code) for code in live if code != language],
        provenance=provenance,
        json_ld=json_ld(data),
    )


def edition_description(language_name: str) -> str:
    """A front page's meta description; `language_name` as it reads inside a sentence."""
    return gettext("The latest stories from %(site)s, in %(language)s.") % {
        "site": settings.NEWSROOM_SITE_NAME,
        "language": language_name,
    }
