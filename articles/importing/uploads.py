"""A bundle uploaded in the admin: checked and stored by the request, unpacked by the worker.

One `.zip`, or several `.txt` files. The request does only what must be done
before it answers (`store_upload`): it refuses what is unsafe, with the file
named and nothing kept, and stores the upload as ONE file, `upload.zip`, in a
new directory under `NEWSROOM_UPLOAD_DIR`. A zip is stored as it came (moved
from Django's spool when Django spooled it to disk, not copied); several
`.txt` files are written into an uncompressed zip. Writing one file instead of
thousands is what keeps the request short on a busy disk (2,500 files: 9 s at
load 23 when each was written on its own; BENCHMARKS.md, "Upload").

The worker then unpacks it (`unpack_stored`) into `bundle/` beside it, and
imports that. The checks that read only the zip's directory run in both
places (cheap, and the worker trusts nothing on disk); those that need the
members' bytes run while unpacking: a refusal there fails the run with its
reason on the run's page, and nothing is imported or kept (a member is
unpacked into a temporary directory, removed when one turns out bad, and
renamed into place only once every member is in).

Refused, each for a reason an editor can act on:
- more bytes than `NEWSROOM_UPLOAD_MAX_BYTES` as sent, or more files than
  `NEWSROOM_UPLOAD_MAX_FILES`;
- a file that is neither `.txt` nor `.zip` (as a separate upload), or two
  files of one name;
- in a zip: a member whose path leaves the archive (absolute, `..`), a link,
  an archive inside the archive (by its name; by its first bytes when
  unpacked), an encrypted member, two members of one path (or a file where
  another needs a folder), or a zip bomb: members that unpack to more than
  `NEWSROOM_UPLOAD_MAX_UNPACKED_BYTES` in all, or one that expands more than
  `NEWSROOM_UPLOAD_MAX_RATIO` times. The sizes a zip declares are not
  trusted: unpacking stops at the declared size, and a member holding more
  (or failing its checksum) is refused as damaged.

A refusal (`UploadRefused`) holds a code and its parameters, not a sentence:
the form shows it in the editor's language at once, and the run's page in
its reader's language when the worker refused it (`describe`).
"""

from __future__ import annotations

import os
import shutil
import stat
import uuid
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.move import file_move_safe
from django.utils.translation import gettext as _

from articles.printable import printable

ZIP_SUFFIX = ".zip"
TEXT_SUFFIX = ".txt"
#: The upload as stored by the request, and where the worker unpacks it.
STORED_NAME = "upload.zip"
BUNDLE_NAME = "bundle"
#: Names of archives that are never unpacked from inside an archive.
ARCHIVE_SUFFIXES = (".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".zst")
#: The first bytes of archive formats (zip, gzip, xz, 7z, rar, zstd): none can start a text.
ARCHIVE_MAGIC = (
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"Rar!\x1a\x07",
    b"\x28\xb5\x2f\xfd",
)
#: Below this a member's compression ratio is not judged: a short repetitive text
#: compresses well and is harmless.
RATIO_FLOOR_BYTES = 1024 * 1024
_CHUNK = 1024 * 1024

# Refusals of the whole upload.
EMPTY = "empty"
TOO_LARGE = "too_large"
MIXED = "mixed"
TOO_MANY = "too_many"
NOT_ZIP = "not_zip"
BOMB_TOTAL = "bomb_total"
# Refusals of one file or member (with `file`).
NOT_TEXT = "not_text"
SAME_NAME = "same_name"
OUTSIDE = "outside"
LINK = "link"
ENCRYPTED = "encrypted"
NESTED = "nested"
BOMB_RATIO = "bomb_ratio"
CLASH = "clash"
DAMAGED = "damaged"
OVERSIZED = "oversized"


class UploadRefused(Exception):
    """The upload is refused: `code` says why, `params` which file; `str()` says it in the
    active language."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params

    def __str__(self) -> str:
        return describe(self.code, self.params)


def describe(code: str, params: dict) -> str:
    """A refusal in the active language (also for a run's page, from its stored note)."""
    if code == EMPTY:
        return _("Choose a .zip file or one or more .txt files.")
    if code == TOO_LARGE:
        return _("The upload is too large: %(size)s bytes, the limit is %(limit)s.") % params
    if code == MIXED:
        return _("Upload one .zip file alone, or .txt files without a .zip.")
    if code == TOO_MANY:
        return _("Too many files: %(count)s, the limit is %(limit)s.") % params
    if code == NOT_ZIP:
        return _("%(file)s is not a readable zip file.") % params
    if code == BOMB_TOTAL:
        return (
            _("%(file)s unpacks to more than %(limit)s bytes: refused as a possible zip bomb.")
            % params
        )
    if code == NOT_TEXT:
        return _("%(file)s: not a .txt or .zip file.") % params
    if code == SAME_NAME:
        return _("%(file)s: two files have this name.") % params
    problems = {
        OUTSIDE: lambda: _("its path leads outside the archive"),
        LINK: lambda: _("a link, which is not imported"),
        ENCRYPTED: lambda: _("encrypted"),
        NESTED: lambda: _("an archive inside the archive"),
        BOMB_RATIO: lambda: (
            _("expands %(ratio)d times when unpacked: refused as a possible zip bomb") % params
        ),
        CLASH: lambda: _("another member has this path"),
        DAMAGED: lambda: _("damaged or unreadable (%(error)s)") % params,
        OVERSIZED: lambda: _("holds more than the size it declares"),
    }
    problem = problems[code]() if code in problems else code
    return _("%(file)s: %(problem)s; nothing was imported.") % {
        "file": params.get("file", ""),
        "problem": problem,
    }


def store_upload(files) -> tuple[Path, int]:
    """Check `files` (Django `UploadedFile`s) and store them as one zip in a new directory
    under `NEWSROOM_UPLOAD_DIR`; the directory and the number of files to import."""
    files = list(files)
    if not files:
        raise UploadRefused(EMPTY)
    total = sum(f.size for f in files)
    if total > settings.NEWSROOM_UPLOAD_MAX_BYTES:
        raise UploadRefused(TOO_LARGE, size=total, limit=settings.NEWSROOM_UPLOAD_MAX_BYTES)
    zips = [f for f in files if f.name.lower().endswith(ZIP_SUFFIX)]
    if zips and len(files) > 1:
        raise UploadRefused(MIXED)
    # Every check before the first byte is written: a refusal leaves nothing to remove.
    if zips:
        count = _check_zip(zips[0], zips[0].name)
    else:
        names = _check_texts(files)
        count = len(names)
    root = Path(settings.NEWSROOM_UPLOAD_DIR)
    root.mkdir(parents=True, exist_ok=True)
    target = root / uuid.uuid4().hex
    target.mkdir()
    try:
        if zips:
            _store_as_sent(zips[0], target / STORED_NAME)
        else:
            _store_texts(files, names, target / STORED_NAME)
        if settings.FILE_UPLOAD_PERMISSIONS is not None:  # as Django's storage leaves a file
            os.chmod(target / STORED_NAME, settings.FILE_UPLOAD_PERMISSIONS)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target, count


def _store_as_sent(upload, path: Path) -> None:
    """The zip as it came: Django's spooled file moved into place, or its bytes written."""
    if hasattr(upload, "temporary_file_path"):
        file_move_safe(upload.temporary_file_path(), str(path))
        return
    upload.seek(0)
    with open(path, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)


def _check_texts(files) -> list[str]:
    if len(files) > settings.NEWSROOM_UPLOAD_MAX_FILES:
        raise _too_many(len(files))
    names: list[str] = []
    seen = set()
    for upload in files:
        name = PurePosixPath(upload.name).name
        if not name.lower().endswith(TEXT_SUFFIX):
            raise UploadRefused(NOT_TEXT, file=printable(name))
        if name in seen:
            raise UploadRefused(SAME_NAME, file=printable(name))
        seen.add(name)
        names.append(name)
    return names


def _store_texts(files, names: list[str], path: Path) -> None:
    """The files as one uncompressed zip: one file written, and the same unpacking after."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for upload, name in zip(files, names, strict=True):
            if hasattr(upload, "temporary_file_path"):  # spooled by Django: streamed from disk
                archive.write(upload.temporary_file_path(), name)
            else:  # held in memory by Django (under FILE_UPLOAD_MAX_MEMORY_SIZE)
                archive.writestr(zipfile.ZipInfo(name), upload.read())


def _too_many(count: int) -> UploadRefused:
    return UploadRefused(TOO_MANY, count=count, limit=settings.NEWSROOM_UPLOAD_MAX_FILES)


def unpack_stored(directory: Path, name: str = STORED_NAME) -> Path:
    """The worker's side: unpack the stored upload into `bundle/` beside it, checking every
    member (raises `UploadRefused`, leaving no member unpacked); the bundle's path.
    `name`: the zip's name as uploaded, for a refusal of the whole zip.

    A directory stored before uploads were kept as one zip holds the files themselves."""
    stored = directory / STORED_NAME
    if not stored.exists():
        return directory
    bundle = directory / BUNDLE_NAME
    if bundle.is_dir():  # unpacked by an earlier attempt that stopped after it
        return bundle
    partial = directory / f".partial-{BUNDLE_NAME}"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        with open(stored, "rb") as handle:
            _unpack(handle, partial, printable(name))
        partial.rename(bundle)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return bundle


def _open_zip(upload, shown: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError):
        raise UploadRefused(NOT_ZIP, file=shown) from None


def _check_zip(upload, name: str) -> int:
    """The checks a zip's directory allows, without unpacking: how many files it holds."""
    with _open_zip(upload, printable(name)) as archive:
        return len(_checked_members(archive, printable(name)))


def _checked_members(archive: zipfile.ZipFile, shown_zip: str) -> list[zipfile.ZipInfo]:
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > settings.NEWSROOM_UPLOAD_MAX_FILES:
        raise _too_many(len(members))
    unpacked = 0
    files, folders = set(), set()
    for member in members:
        _check_member(member)
        path = PurePosixPath(member.filename.replace("\\", "/"))
        parents = {str(parent) for parent in path.parents} - {"."}
        if str(path) in files | folders or parents & files:
            raise _refuse(member, CLASH)
        files.add(str(path))
        folders |= parents
        unpacked += member.file_size
        if unpacked > settings.NEWSROOM_UPLOAD_MAX_UNPACKED_BYTES:
            raise UploadRefused(
                BOMB_TOTAL, file=shown_zip, limit=settings.NEWSROOM_UPLOAD_MAX_UNPACKED_BYTES
            )
    return members


def _unpack(handle, into: Path, shown_zip: str) -> int:
    """Check every member of the zip, then unpack them (see the module docstring)."""
    with _open_zip(handle, shown_zip) as archive:
        members = _checked_members(archive, shown_zip)
        for member in members:
            try:
                _extract(archive, member, into)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
                raise _refuse(member, DAMAGED, error=str(exc)) from None
    return len(members)


def _refuse(member: zipfile.ZipInfo, code: str, **params) -> UploadRefused:
    return UploadRefused(code, file=printable(member.filename), **params)


def _check_member(member: zipfile.ZipInfo) -> None:
    path = PurePosixPath(member.filename.replace("\\", "/"))
    # No parts: "." names the folder it is unpacked into, not a file in it.
    if not path.parts or path.is_absolute() or ".." in path.parts or ":" in path.parts[0]:
        raise _refuse(member, OUTSIDE)
    mode = member.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise _refuse(member, LINK)
    if member.flag_bits & 0x1:
        raise _refuse(member, ENCRYPTED)
    if path.name.lower().endswith(ARCHIVE_SUFFIXES):
        raise _refuse(member, NESTED)
    if (
        member.file_size > RATIO_FLOOR_BYTES
        and member.file_size > settings.NEWSROOM_UPLOAD_MAX_RATIO * max(1, member.compress_size)
    ):
        raise _refuse(member, BOMB_RATIO, ratio=member.file_size // max(1, member.compress_size))


def _extract(archive: zipfile.ZipFile, member: zipfile.ZipInfo, into: Path) -> None:
    """Unpack one member, reading no more than the size it declares."""
    target = into.joinpath(*PurePosixPath(member.filename.replace("\\", "/")).parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    left = member.file_size
    with archive.open(member) as source, open(target, "wb") as out:
        first = True
        while True:
            chunk = source.read(min(_CHUNK, left + 1))
            if not chunk:
                break
            if first and chunk.startswith(ARCHIVE_MAGIC):
                raise _refuse(member, NESTED)
            first = False
            left -= len(chunk)
            if left < 0:
                raise _refuse(member, OVERSIZED)
            out.write(chunk)
