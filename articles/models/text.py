"""A language's text as every reader of it counts it: the site's languages, the content
fields, body blocks, slugs, the modeltranslation column names and text checksums.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.text import slugify
from modeltranslation.utils import build_localized_fieldname

if TYPE_CHECKING:
    from articles.models.article import Article


LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


#: Below this detection confidence a passage is not marked as another language.
PASSAGE_LANGUAGE_MIN_CONFIDENCE = 0.5


#: The translated content fields of Article, in display order.
CONTENT_FIELDS = ("title", "slug", "lede", "body", "key_points", "source_attribution")


def slug_base(title: str) -> str:
    """The slug a title gives, before a -2, -3 … that keeps it unique; "" if it gives none.

    Short enough for the suffix to fit the slug column (200 characters)."""
    return slugify(title)[:180].strip("-")


@lru_cache(maxsize=256)
def localized(field: str, language: str) -> str:
    """The column modeltranslation gives `field` in `language` (`title_fr`; `title_ind` for id)."""
    return build_localized_fieldname(field, language)


def content_checksum(article: Article, language: str, *, slug: bool = False) -> str:
    texts = {field: article.text(field, language) for field in CONTENT_FIELDS}
    return text_checksum(texts, slug=slug)


def text_checksum(texts: dict[str, str | None], *, slug: bool = False) -> str:
    """SHA-256 of one language's text fields (`CONTENT_FIELDS` → text).

    Without the slug unless asked: for the importer a slug follows the title and is not
    the editor's text; for the edit form's guard it is a field like any other."""
    digest = hashlib.sha256()
    for field in CONTENT_FIELDS:
        if field == "slug" and not slug:
            continue
        digest.update((texts.get(field) or "").encode())
        digest.update(b"\x00")
    return digest.hexdigest()
