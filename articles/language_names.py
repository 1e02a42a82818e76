"""Languages' names as people read them: one rule for the admin, the site's messages and e-mail."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language_info, gettext

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
