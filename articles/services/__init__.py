"""Editorial workflow: the one place that changes a version's state or an article's text.

The admin, the management commands and the tests all call these functions, so a
rule holds whoever triggers it. The importer writes its rows through the ORM
(`articles/importing/persisting.py`) and takes every rule from here: the unique slug,
what a changed file may overwrite, the lock_version bump and the "source changed"
flags (`unique_slug`, `import_refusal`, `record_imported_text`). The admin's edit
form asks `merge_edit` what a save of two editors' work keeps.

The functions enforce business rules (an empty version cannot be published, a
filled language slot is not overwritten unless the caller says `replace=True`, …)
and raise ValidationError with a message an editor can act on. They do not check
permissions: who may call what is the caller's job (the admin checks Django
permissions, commands run as operators).

Every change is recorded as one history entry (a django-reversion revision, see
articles/history.py) with the acting user and a comment; the first change to an
imported article first records its state as imported, so replaced text is never lost.

The functions live by job in this package (`states`, `texts`, `slots`, `suggestions`,
with `common`); they are all reachable here, as `services.publish(...)`.
"""

from articles.editorial_checks import run_checks  # a test patches it here
from articles.language_names import language_name
from articles.services.common import (
    article_text_changed,
    blocking_findings,
    bump_lock_version,
    edits_wait,
    flag_outdated_translations,
    lock_article_text,
    lock_articles,
    lock_version_row,
    numbered_slug,
    text_checksums,
    unique_slug,
    version_get,
    working_checksum,
    working_text,
    write_working_copy,
)
from articles.services.slots import (
    attach_version,
    detach_version,
    fill_slot,
    import_refusal,
    link_document,
    record_imported_text,
)
from articles.services.states import (
    PUBLICATION_PAST_TOLERANCE,
    archive,
    mark_reviewed,
    mark_source,
    publication_time,
    publish,
    send_back,
    submit_for_review,
    unpublish,
)
from articles.services.suggestions import (
    suggestion_link,
    suggestion_reject,
)
from articles.services.texts import (
    EditMerge,
    TextConflict,
    UndoEffect,
    apply_suggestion,
    confirm_headline,
    edit_checksums,
    merge_edit,
    restore_text,
    save_text,
    undo_change,
    undo_effect,
)

__all__ = [
    "PUBLICATION_PAST_TOLERANCE",
    "EditMerge",
    "TextConflict",
    "UndoEffect",
    "apply_suggestion",
    "archive",
    "article_text_changed",
    "attach_version",
    "blocking_findings",
    "bump_lock_version",
    "confirm_headline",
    "detach_version",
    "edit_checksums",
    "edits_wait",
    "fill_slot",
    "flag_outdated_translations",
    "import_refusal",
    "language_name",
    "link_document",
    "lock_article_text",
    "lock_articles",
    "lock_version_row",
    "mark_reviewed",
    "mark_source",
    "merge_edit",
    "numbered_slug",
    "publication_time",
    "publish",
    "record_imported_text",
    "restore_text",
    "run_checks",
    "save_text",
    "send_back",
    "submit_for_review",
    "suggestion_link",
    "suggestion_reject",
    "text_checksums",
    "undo_change",
    "undo_effect",
    "unique_slug",
    "unpublish",
    "version_get",
    "working_checksum",
    "working_text",
    "write_working_copy",
]
