"""How a finding reads to an editor: a label per kind, its texts in the editor's language.

The checks store each finding's message and suggestion in English (`Finding.message`,
stable and searchable) and, beside them in `Finding.detail`, as a gettext msgid with
named placeholders; `render` translates them when a page shows them, so a French
editor reads French once the catalogue has it. A finding stored before the detail
existed shows its English text.

Kinds are the checks' internal codes (`name_spelling`); editors see `label(kind)`.
This module sits beside the models (it imports none) so `Finding` can use it.
"""

from __future__ import annotations

import functools

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.language_names import language_name

KIND_LABELS = {
    "title_empty": _("No headline"),
    "title_too_long": _("Headline too long"),
    "slug_empty": _("No web address (slug)"),
    "slug_collision": _("Web address (slug) already in use"),
    "untranslated": _("Passage not translated"),
    "leftover_read_also": _("“Read also” insert"),
    "leftover_attribution": _("Attribution line in the body"),
    "leftover_boilerplate": _("Boilerplate in the body"),
    "leftover_markup": _("Markup in the text"),
    "leftover_unfinished": _("Last sentence unfinished"),
    "structure_short": _("Much shorter than the other versions"),
    "structure_missing_lede": _("Lede missing"),
    "structure_missing_key_points": _("Key points missing"),
    "structure_derived_title": _("Headline written by the importer"),
    "name_spelling": _("Spelling of a name differs"),
    "figure_mismatch": _("Figures differ from the other versions"),
}


def label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind.replace("_", " ").capitalize()))


@functools.lru_cache(maxsize=256)
def _english_name(code: str) -> str:
    try:
        return translation.get_language_info(code)["name"]
    except KeyError:
        return code


def _param(name: str, value, english: bool):
    if isinstance(value, list) and len(value) == 2 and isinstance(value[0], str):
        return render(value, "", english=english)  # a nested text ("Paragraph 3")
    if name.endswith("language") and isinstance(value, str):
        return _english_name(value) if english else language_name(value)
    return value


def render(entry, fallback: str, *, english: bool = False) -> str:
    """A stored (msgid, params) pair in the active language (or, `english`, as written in the
    code, without the catalogues: how `Finding.message` stores it); `fallback` if there is none."""
    if not isinstance(entry, list | tuple) or len(entry) != 2:
        return fallback
    msgid, params = entry
    text = msgid if english else gettext(msgid)
    if not params:
        return text
    try:
        return text % {name: _param(name, value, english) for name, value in params.items()}
    except (KeyError, TypeError, ValueError):
        return fallback  # a catalogue entry with other placeholders than the code's
