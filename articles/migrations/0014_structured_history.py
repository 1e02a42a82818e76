"""History entries recorded in English words become structured entries (`history.entry`).

The patterns below read the comments the services wrote before entries were structured,
once; nothing reads English comments afterwards. A comment they do not know stays as it is
(and is shown as recorded).
"""

import json
import re

from django.db import migrations

_LANG = r"(?P<language>[a-z]{2,3})"
_WHEN = r"(?P<when>\d{4}-\d\d-\d\d \d\d:\d\d)(?: UTC)?"
_PATTERNS = [
    (rf"Submitted {_LANG} for review", "submitted"),
    (rf"Sent {_LANG} back: (?P<note>.*)", "sent_back"),
    (rf"Sent {_LANG} back", "sent_back"),
    (rf"Published {_LANG} for {_WHEN} over blocking findings: (?P<reason>.*)", "published"),
    (rf"Published {_LANG} for {_WHEN}", "published"),
    (rf"Scheduled {_LANG} for {_WHEN} over blocking findings: (?P<reason>.*)", "scheduled"),
    (rf"Scheduled {_LANG} for {_WHEN}", "scheduled"),
    (rf"Unpublished {_LANG}", "unpublished"),
    (rf"Archived {_LANG}", "archived"),
    (rf"Reviewed {_LANG} against its source", "reviewed"),
    (rf"Made {_LANG} the source", "made_source"),
    (rf"Restored {_LANG} from {_WHEN}", "restored"),
    (rf"Linked (?P<name>.+) as {_LANG}", "linked_document"),
    (rf"Attached {_LANG} from article #(?P<article>\d+)", "attached"),
    (rf"Detached {_LANG} from article #(?P<article>\d+)", "detached"),
    (rf"Edited the {_LANG} text", "edited"),
    (rf"Confirmed the {_LANG} headline", "confirmed_headline"),
    ("Edited in the admin", "edited_in_admin"),
    ("State before the first editorial change", "baseline"),
]
_COMPILED = [(re.compile(p + r"\Z", re.DOTALL), action) for p, action in _PATTERNS]


def structured(comment: str) -> dict | None:
    if comment.startswith("Undid: "):
        undone = structured(comment[len("Undid: ") :])
        if undone is None:
            return None
        return {"action": "undid", "language": undone.get("language", ""), "undone": undone}
    for pattern, action in _COMPILED:
        match = pattern.match(comment)
        if match:
            values = {k: v for k, v in match.groupdict().items() if v}
            if "when" in values:
                values["when"] = values["when"].replace(" ", "T") + ":00+00:00"
            return {"action": action, "language": "", **values}
    return None


def forwards(apps, schema_editor):
    Revision = apps.get_model("reversion", "Revision")
    for revision in Revision.objects.exclude(comment__startswith="{").iterator():
        data = structured(revision.comment)
        if data is not None:
            revision.comment = json.dumps(data, ensure_ascii=False, sort_keys=True)
            revision.save(update_fields=["comment"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_machine_translations_assignments"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
