"""History entries in the reader's language.

The services record each history entry as structured data (`articles.history.entry`:
an action code, the language and the action's parameters). `describe` says it in
the active language: one message per action, through gettext, with the language's
name as it reads inside a sentence ("Edited the French text", "Modification du
texte français") and times in the reader's format and time zone. A comment written
before entries were structured, or by code outside the services, is shown as recorded.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from articles import finding_labels, history
from articles.language_names import language_name, name_in_sentence

#: Each action's message; placeholders are its parameters, `language` (the name as a label,
#: first in the message) and `in_sentence` (the name inside a sentence).
MESSAGES = {
    "baseline": lambda: _("State before the first editorial change"),
    "edited": lambda: _("Edited the %(in_sentence)s text"),
    "edited_in_admin": lambda: _("Edited in the admin"),
    "submitted": lambda: _("Submitted %(language)s for review"),
    "sent_back": lambda: _("Sent %(language)s back"),
    "published": lambda: _("Published %(language)s for %(when)s"),
    "scheduled": lambda: _("Scheduled %(language)s for %(when)s"),
    "unpublished": lambda: _("Unpublished %(language)s"),
    "archived": lambda: _("Archived %(language)s"),
    "reviewed": lambda: _("Reviewed %(language)s against its source"),
    "made_source": lambda: _("Made %(language)s the source"),
    "restored": lambda: _("Restored %(language)s from %(when)s"),
    "linked_document": lambda: _("Linked %(name)s as %(language)s"),
    "attached": lambda: _("Attached %(language)s from article #%(article)s"),
    "detached": lambda: _("Detached %(language)s from article #%(article)s"),
    "applied_suggestion": lambda: _("Applied suggestion: %(kind)s"),
    "undid": lambda: _("Undid: %(undone)s"),
    "confirmed_headline": lambda: _("Confirmed the %(in_sentence)s headline"),
    "working_copy_saved": lambda: _("Saved a working copy of the %(in_sentence)s text"),
    "machine_translated": lambda: _(
        "Machine-translated the %(in_sentence)s text from %(source)s (%(engine)s)"
    ),
    "imported_xliff": lambda: _("Imported the %(in_sentence)s text from an XLIFF file"),
    "working_copy_discarded": lambda: _("Discarded the working copy of the %(in_sentence)s text"),
    "linked_articles": lambda: _(
        "Linked article #%(donor)s into #%(keep)s (suggested, score %(score)s)"
    ),
}
#: The message of an action recorded with its optional parameter (a note, a reason).
WITH = {
    ("sent_back", "note"): lambda: _("Sent %(language)s back: %(note)s"),
    ("published", "reason"): lambda: _(
        "Published %(language)s for %(when)s over blocking findings: %(reason)s"
    ),
    ("restored", "copy"): lambda: _(
        "Restored the %(in_sentence)s text of %(when)s as its working copy"
    ),
    ("applied_suggestion", "copy"): lambda: _(
        "Applied suggestion: %(kind)s (a published version's fix waits in its working copy)"
    ),
    ("scheduled", "reason"): lambda: _(
        "Scheduled %(language)s for %(when)s over blocking findings: %(reason)s"
    ),
}


def _when(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "DATETIME_FORMAT")


def describe(comment: str | dict) -> str:
    """A recorded history entry, said in the active language."""
    data = comment if isinstance(comment, dict) else history.parse(comment)
    if data is None:
        return str(comment)
    code = data.get("language", "")
    values = {
        **data,
        "language": language_name(code) if code else "",
        "in_sentence": name_in_sentence(code) if code else "",
    }
    if "when" in data:
        values["when"] = _when(data["when"])
    if data["action"] == "undid":
        values["undone"] = describe(data.get("undone") or "")
    if data.get("source"):
        values["source"] = name_in_sentence(data["source"])
    if "score" in data:
        values["score"] = formats.number_format(data["score"], 2)
    if data["action"] == "applied_suggestion":
        values["kind"] = finding_labels.label(data.get("kind", ""))
    action = data["action"]
    optional = next((p for a, p in WITH if a == action and data.get(p)), None)
    message = WITH[action, optional] if optional else MESSAGES[action]
    return message() % values
