"""What readers are told about a version that began as a machine translation.

A published version with a `MachineTranslation` record says so on its page, in the
reader's language, and in its JSON-LD (both written by `articles/reader_meta.py`):

- while most of the text is still the machine's: "Machine-translated from German,
  reviewed by the newsroom" (a person reviewed it: it was published by an editor);
- once editors have rewritten most of it (`REWRITTEN`, a share of the machine's words,
  measured word by word with `history.word_diff`): "Translated from German" — it is
  the newsroom's translation now.

The sentences name the source language inside them, so each (label, language) pair is
its own message: a translator writes "de l'allemand" or "aus dem Französischen" as the
language needs, which "%(language)s" in one sentence could not.

`NEWSROOM_MT_DISCLOSURE` (docs/translation-workflow.md): "label" (default) tells
readers; "off" relies on the EU AI Act's art. 50(4) exception (text a person reviewed,
under the newsroom's editorial responsibility) and says nothing.

A page reads it through `provenance`, whose record is cached per process by the article's
`updated_at`: every write of a version's text (a machine draft, an agency's file, an
edit) saves the article, so a changed text or record always gives a new key.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from articles.history import words_changed
from articles.models import CONTENT_FIELDS, Article, MachineTranslation

#: Above this share of the machine's words changed, the text is the newsroom's translation.
REWRITTEN = 0.5

MACHINE_LABELS = {
    "en": _("Machine-translated from English, reviewed by the newsroom"),
    "id": _("Machine-translated from Indonesian, reviewed by the newsroom"),
    "fr": _("Machine-translated from French, reviewed by the newsroom"),
    "es": _("Machine-translated from Spanish, reviewed by the newsroom"),
    "de": _("Machine-translated from German, reviewed by the newsroom"),
}
TRANSLATED_LABELS = {
    "en": _("Translated from English"),
    "id": _("Translated from Indonesian"),
    "fr": _("Translated from French"),
    "es": _("Translated from Spanish"),
    "de": _("Translated from German"),
}


@dataclass(frozen=True)
class Provenance:
    machine: bool  # still mostly the machine's text
    source_language: str
    engine: str
    rewritten: float  # share of the machine's words editors changed, 0 to 1

    @property
    def label(self) -> str:
        labels = MACHINE_LABELS if self.machine else TRANSLATED_LABELS
        return str(labels.get(self.source_language, ""))


def rewritten_share(machine_text: dict[str, str], current: dict[str, str]) -> float:
    """The share of the machine's words that differ in `current` (0: untouched)."""
    total = sum(len((machine_text.get(f) or "").split()) for f in CONTENT_FIELDS if f != "slug")
    if not total:
        return 1.0
    return min(1.0, words_changed(machine_text, current) / total)


def provenance(article: Article, language: str) -> Provenance | None:
    """The machine-translation story of `article` in `language`, or None (not one, or the
    disclosure is off). `article` needs `language`'s text."""
    if settings.NEWSROOM_MT_DISCLOSURE == "off":
        return None
    found = _record(article.pk, language, article.updated_at)
    if found is None:
        return None
    source, engine, machine_text = found
    current = {f: article.text(f, language) for f in CONTENT_FIELDS if f != "slug"}
    share = rewritten_share(machine_text, current)
    return Provenance(share <= REWRITTEN, source, engine, share)


@lru_cache(maxsize=2048)
def _record(article_id: int, language: str, updated_at) -> tuple[str, str, dict] | None:
    row = (
        MachineTranslation.objects.filter(article_id=article_id, language=language)
        .values_list("source_language", "engine", "machine_text")
        .first()
    )
    return row
