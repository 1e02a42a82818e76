"""History entries in the reader's language.

The services record each history entry's comment in English ("Published fr for
2026-12-03 08:00 UTC"): it is stored data, written once, read by operators in
logs and exports. An editor reads it in the admin's language, so the desk and
Django's History page pass it through `describe`, which recognises the
services' comments and says them again through gettext. A comment it does not
know is shown as recorded.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from articles import services

_LANG = r"(?P<language>[a-z]{2,3})"

#: (pattern of a recorded comment, its message; placeholders are the pattern's groups)
_PATTERNS = [
    (rf"Submitted {_LANG} for review", lambda: _("Submitted %(language)s for review")),
    (rf"Sent {_LANG} back: (?P<note>.*)", lambda: _("Sent %(language)s back: %(note)s")),
    (rf"Sent {_LANG} back", lambda: _("Sent %(language)s back")),
    (
        rf"Published {_LANG} for (?P<when>.+?) over blocking findings: (?P<reason>.*)",
        lambda: _("Published %(language)s for %(when)s over blocking findings: %(reason)s"),
    ),
    (rf"Published {_LANG} for (?P<when>.+)", lambda: _("Published %(language)s for %(when)s")),
    (
        rf"Scheduled {_LANG} for (?P<when>.+?) over blocking findings: (?P<reason>.*)",
        lambda: _("Scheduled %(language)s for %(when)s over blocking findings: %(reason)s"),
    ),
    (rf"Scheduled {_LANG} for (?P<when>.+)", lambda: _("Scheduled %(language)s for %(when)s")),
    (rf"Unpublished {_LANG}", lambda: _("Unpublished %(language)s")),
    (rf"Archived {_LANG}", lambda: _("Archived %(language)s")),
    (
        rf"Reviewed {_LANG} against its source",
        lambda: _("Reviewed %(language)s against its source"),
    ),
    (rf"Made {_LANG} the source", lambda: _("Made %(language)s the source")),
    (rf"Restored {_LANG} from (?P<when>.+)", lambda: _("Restored %(language)s from %(when)s")),
    (rf"Linked (?P<name>.+) as {_LANG}", lambda: _("Linked %(name)s as %(language)s")),
    (
        rf"Attached {_LANG} from article #(?P<pk>\d+)",
        lambda: _("Attached %(language)s from article #%(pk)s"),
    ),
    (
        rf"Detached {_LANG} from article #(?P<pk>\d+)",
        lambda: _("Detached %(language)s from article #%(pk)s"),
    ),
    ("Edited in the admin", lambda: _("Edited in the admin")),
    (r"Applied suggestion: (?P<kind>.+)", lambda: _("Applied suggestion: %(kind)s")),
    (
        "State before the first editorial change",
        lambda: _("State before the first editorial change"),
    ),
]
_COMPILED = [(re.compile(pattern + r"\Z", re.DOTALL), message) for pattern, message in _PATTERNS]


def describe(comment: str) -> str:
    """A recorded history comment, said in the active language."""
    for pattern, message in _COMPILED:
        match = pattern.match(comment)
        if match:
            values = match.groupdict()
            if "language" in values:
                values["language"] = services.language_name(values["language"])
            return message() % values
    return comment
