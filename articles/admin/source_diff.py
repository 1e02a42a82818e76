"""What changed in the source since a translation was made: per paragraph, word by word.

"Source changed since translated" is a flag; a translator needs the change itself. The text
the translation was made against is the source's text in the newest history entry recording
an action on the translation (structured entries name their language), else in the oldest
(the import): each source paragraph is compared with that text's paragraph of that number. Plain data
for the translation editor (tests/admin/test_source_diff.py).
"""

from __future__ import annotations

from articles import history
from articles.models import Article, split_body

#: How far back the history is read for the text translated against.
ENTRIES = 200


def translated_against(article: Article, language: str):
    """The history entry recording the translation's last action (its edit, review,
    publish …: `history.entry` names the language), else the oldest one (the import)."""
    oldest = None
    for entry in history.article_history(article)[:ENTRIES]:
        recorded = history.parse(entry.revision.comment) or {}
        if recorded.get("language") == language and recorded.get("action") != "undid":
            return entry
        oldest = entry
    return oldest


def source_changes(article: Article, language: str, source: str) -> dict[int, list]:
    """Paragraph index (of the source now) -> word-diff segments, for the paragraphs of the
    `source` text that changed since `language`'s last recorded action. {} when unknown."""
    entry = translated_against(article, language)
    if entry is None:
        return {}
    before = split_body(history.text_at(entry, source)["body"])
    changes = {}
    for index, paragraph in enumerate(split_body(article.text("body", source))):
        old = before[index] if index < len(before) else ""
        if old != paragraph:
            changes[index] = history.word_diff(old, paragraph)[0]
    return changes
