"""What an import run's page says, stored as codes and parameters, shown in the reader's language.

A run's `notes` are `{"code": …, "params": {…}}`: the page renders each with
gettext when it is read (`render`), so an editor working in French reads
French whatever language the worker ran in. A file's own reasons (why it was
rejected, what failed) are the importer's codes (`reasons`), stored as the
note's `details` and said the same way; a note stored before they were codes
has an English `detail`, shown as it is.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.importing import reasons, uploads
from articles.printable import printable

INTERRUPTED = "interrupted"
CANCELLED = "cancelled"
FAILED = "failed"
REFUSED = "refused"  # the worker refused the upload (`uploads.UploadRefused`'s code)
UNPACK_FAILED = "unpack_failed"  # the server could not unpack it (disk full, permissions)
FILE_REJECTED = "file_rejected"
FILE_FAILED = "file_failed"
FILE_PENDING = "file_pending"
#: Files named one by one on a run's page; the rest are counted.
LISTED_FILES = 200


def note(code: str, **params) -> dict:
    return {"code": code, "params": params}


def of_report(report) -> list[dict]:
    """The notes of a finished run: cancelled, and the files an editor must look at."""
    found = []
    if report.cancelled:
        found.append(note(CANCELLED, done=len(report.documents)))
    codes = {"rejected": FILE_REJECTED, "failed": FILE_FAILED}
    for document in report.documents:
        code = codes.get(document.status)
        if code is None and document.outcome == "pending":
            code = FILE_PENDING
        if code is None:
            continue
        details = [document.reason] if document.reason else document.warnings
        found.append(note(code, file=printable(document.file), details=details))
        if len(found) >= LISTED_FILES:
            break
    return found


def render(item: dict) -> str:
    """One note in the active language."""
    code, params = item.get("code"), dict(item.get("params", {}))
    if "details" in params:
        params["detail"] = "; ".join(reasons.render_all(params["details"]))
    if code == INTERRUPTED:
        return _("Interrupted before it finished; a later run completed it.")
    if code == CANCELLED:
        done = params.get("done", 0)
        return ngettext(
            "Cancelled after %(done)d file; what was committed stays, the rest was not started.",
            "Cancelled after %(done)d files; what was committed stays, the rest was not started.",
            done,
        ) % {"done": done}
    if code == FAILED:
        return _("The import stopped with an error: %(error)s") % params
    if code == REFUSED:
        refusal = uploads.describe(params.get("reason", ""), params)
        return _("The upload was refused: %(refusal)s") % {"refusal": refusal}
    if code == UNPACK_FAILED:
        return (
            _(
                "The server could not unpack the upload %(file)s: %(error)s. Nothing was "
                "imported; once an administrator has made room or fixed the upload folder, "
                "upload it again."
            )
            % params
        )
    if code == FILE_REJECTED:
        return _("%(file)s was rejected: %(detail)s") % params
    if code == FILE_FAILED:
        return _("%(file)s could not be written: %(detail)s") % params
    if code == FILE_PENDING:
        return _("%(file)s is kept for an editor to review (pending): %(detail)s") % params
    return str(params)
