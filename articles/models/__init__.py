"""Articles: one story, several language versions, each with its own state.

Schema decision. The *text* of every language lives in translated fields on
`Article` (django-modeltranslation adds `title_fr`, `body_de`, … one column per
site language), so a story and all of its languages are one row and one query.
The *editorial state* of each language (workflow status, publication time,
who changed it last, the optimistic-lock counter `lock_version`, how the importer linked it)
lives in `LanguageVersion`, one row per (article, language) that exists.
Keeping state out of translated columns makes "everything in review",
"what is published in fr" and per-language history plain queries on one
table, lets findings and source documents point at a version, and means a
language the article does not have simply has no row.

Body and key points are plain structured text, never HTML: the body is
blocks separated by a blank line, a block starting with "## " is a
subheading; key points are one item per line. Templates render that
structure and escape everything.

The models live by job in this package (`article`, `documents`, `findings`,
`suggestions`, `people`, `pages`; `text` and `paths` are helpers; `selectors` the reader's reads);
all are importable from `articles.models`.
"""

from articles.blocks import (
    SUBHEADING_PREFIX,
    split_body,
)  # re-exported: the models' readers count blocks
from articles.models.article import (
    STATE_LABELS,
    Article,
    ArticleQuerySet,
    ImportRun,
    LanguageVersion,
    LanguageVersionQuerySet,
    Status,
    reader_articles,
    reading_columns,
)
from articles.models.documents import (
    AnchorCount,
    DocumentAnchor,
    SourceDocument,
    SourceDocumentQuerySet,
)
from articles.models.findings import (
    Finding,
    FindingQuerySet,
)
from articles.models.pages import PageChange
from articles.models.paths import (
    detail_path,
    detail_prefixes,
    edition_paths,
)
from articles.models.people import (
    AdminLanguage,
    UserLanguage,
)
from articles.models.selectors import (
    LiveVersion,
    attach_live_versions,
    live_story,
    page_passage_languages,
)
from articles.models.suggestions import (
    LinkSuggestion,
    LinkSuggestionQuerySet,
)
from articles.models.text import (
    CONTENT_FIELDS,
    LANGUAGE_CODES,
    PASSAGE_LANGUAGE_MIN_CONFIDENCE,
    content_checksum,
    localized,
    slug_base,
    text_checksum,
)

# The translation workflow's records live in their own module; imported here so the app
# registers them (articles/translation_models.py).
from articles.translation_models import Assignment, MachineTranslation

__all__ = [
    "CONTENT_FIELDS",
    "LANGUAGE_CODES",
    "PASSAGE_LANGUAGE_MIN_CONFIDENCE",
    "STATE_LABELS",
    "SUBHEADING_PREFIX",
    "AdminLanguage",
    "AnchorCount",
    "Article",
    "ArticleQuerySet",
    "Assignment",
    "DocumentAnchor",
    "Finding",
    "FindingQuerySet",
    "ImportRun",
    "LanguageVersion",
    "LanguageVersionQuerySet",
    "LinkSuggestion",
    "LinkSuggestionQuerySet",
    "LiveVersion",
    "MachineTranslation",
    "PageChange",
    "SourceDocument",
    "SourceDocumentQuerySet",
    "Status",
    "UserLanguage",
    "attach_live_versions",
    "content_checksum",
    "detail_path",
    "detail_prefixes",
    "edition_paths",
    "live_story",
    "localized",
    "page_passage_languages",
    "reader_articles",
    "reading_columns",
    "slug_base",
    "split_body",
    "text_checksum",
]
