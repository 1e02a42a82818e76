"""Languages' names as people read them: one rule for the admin, the site's messages and e-mail."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language_info, gettext, pgettext_lazy

#: The site languages' names, as settings.LANGUAGES gives them (lazy: in the active language).
LANGUAGE_NAMES = dict(settings.LANGUAGES)


def language_name(code: str) -> str:
    """`code`'s name in the active language ("French", "Französisch"), also for a language
    the site does not publish but the importer detected (Italian, Catalan)."""
    if code in LANGUAGE_NAMES:
        return str(LANGUAGE_NAMES[code])
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:  # a code Django does not know, or none
        return code.upper() if code else gettext("an unknown language")


#: Each language's name as it reads inside a sentence ("the French text", "le texte
#: français"): lower case in French and Spanish, capitalised in German and English.
IN_SENTENCE = {
    "en": pgettext_lazy("language inside a sentence", "English"),
    "id": pgettext_lazy("language inside a sentence", "Indonesian"),
    "fr": pgettext_lazy("language inside a sentence", "French"),
    "es": pgettext_lazy("language inside a sentence", "Spanish"),
    "de": pgettext_lazy("language inside a sentence", "German"),
}


def name_in_sentence(code: str) -> str:
    """`code`'s name inside a sentence; a language without one gets its label."""
    return str(IN_SENTENCE[code]) if code in IN_SENTENCE else language_name(code)
