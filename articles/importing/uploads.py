"""A bundle uploaded in the admin, checked and stored for the worker to import.

One `.zip`, or several `.txt` files. Everything is checked before anything is
kept: a refused upload raises `UploadRefused`, whose message names the file
and the problem, and leaves nothing behind (a zip is unpacked into a
temporary directory that is removed when a member turns out bad, and renamed
into place only once every member is in).

Refused, each for a reason an editor can act on:
- more bytes than `NEWSROOM_UPLOAD_MAX_BYTES` as sent, or more files than
  `NEWSROOM_UPLOAD_MAX_FILES`;
- a file that is neither `.txt` nor `.zip` (as a separate upload), or two
  files of one name;
- in a zip: a member whose path leaves the archive (absolute, `..`), a link,
  an archive inside the archive (by its name or its first bytes), an
  encrypted member, two members of one path (or a file where another needs a
  folder), or a zip bomb: members that unpack to more than
  `NEWSROOM_UPLOAD_MAX_UNPACKED_BYTES` in all, or one that expands more than
  `NEWSROOM_UPLOAD_MAX_RATIO` times. The sizes a zip declares are not
  trusted: unpacking stops at the declared size, and a member holding more
  (or failing its checksum) is refused as damaged.
"""

from __future__ import annotations

import shutil
import stat
import uuid
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

from articles.printable import printable

ZIP_SUFFIX = ".zip"
TEXT_SUFFIX = ".txt"
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


class UploadRefused(Exception):
    """The upload is refused; the message says which file and why, for the editor."""


def store_upload(files) -> tuple[Path, int]:
    """Check `files` (Django `UploadedFile`s) and store them in a new directory under
    `NEWSROOM_UPLOAD_DIR`; the directory and the number of files in it."""
    files = list(files)
    if not files:
        raise UploadRefused(_("Choose a .zip file or one or more .txt files."))
    total = sum(f.size for f in files)
    if total > settings.NEWSROOM_UPLOAD_MAX_BYTES:
        raise UploadRefused(
            _("The upload is too large: %(size)s bytes, the limit is %(limit)s.")
            % {"size": total, "limit": settings.NEWSROOM_UPLOAD_MAX_BYTES}
        )
    zips = [f for f in files if f.name.lower().endswith(ZIP_SUFFIX)]
    if zips and len(files) > 1:
        raise UploadRefused(_("Upload one .zip file alone, or .txt files without a .zip."))
    root = Path(settings.NEWSROOM_UPLOAD_DIR)
    root.mkdir(parents=True, exist_ok=True)
    target = root / uuid.uuid4().hex
    partial = root / f".partial-{target.name}"
    partial.mkdir()
    try:
        count = _unpack(zips[0], partial) if zips else _store_texts(files, partial)
        partial.rename(target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return target, count


def _store_texts(files, into: Path) -> int:
    if len(files) > settings.NEWSROOM_UPLOAD_MAX_FILES:
        raise _too_many(len(files))
    seen = set()
    for upload in files:
        name = PurePosixPath(upload.name).name
        shown = printable(name)
        if not name.lower().endswith(TEXT_SUFFIX):
            raise UploadRefused(_("%(file)s: not a .txt or .zip file.") % {"file": shown})
        if name in seen:
            raise UploadRefused(_("%(file)s: two files have this name.") % {"file": shown})
        seen.add(name)
        with open(into / name, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
    return len(files)


def _too_many(count: int) -> UploadRefused:
    return UploadRefused(
        _("Too many files: %(count)s, the limit is %(limit)s.")
        % {"count": count, "limit": settings.NEWSROOM_UPLOAD_MAX_FILES}
    )


def _unpack(upload, into: Path) -> int:
    """Check every member of the zip, then unpack them (see the module docstring)."""
    shown_zip = printable(upload.name)
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile:
        raise UploadRefused(
            _("%(file)s is not a readable zip file.") % {"file": shown_zip}
        ) from None
    with archive:
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
                raise _refuse(member, _("another member has this path"))
            files.add(str(path))
            folders |= parents
            unpacked += member.file_size
            if unpacked > settings.NEWSROOM_UPLOAD_MAX_UNPACKED_BYTES:
                raise UploadRefused(
                    _(
                        "%(file)s unpacks to more than %(limit)s bytes: refused as a "
                        "possible zip bomb."
                    )
                    % {"file": shown_zip, "limit": settings.NEWSROOM_UPLOAD_MAX_UNPACKED_BYTES}
                )
        for member in members:
            try:
                _extract(archive, member, into)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
                raise _refuse(
                    member, _("damaged or unreadable (%(error)s)") % {"error": exc}
                ) from None
    return len(members)


def _refuse(member: zipfile.ZipInfo, problem: str) -> UploadRefused:
    return UploadRefused(
        _("%(file)s: %(problem)s; nothing was imported.")
        % {"file": printable(member.filename), "problem": problem}
    )


def _check_member(member: zipfile.ZipInfo) -> None:
    path = PurePosixPath(member.filename.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
        raise _refuse(member, _("its path leads outside the archive"))
    mode = member.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise _refuse(member, _("a link, which is not imported"))
    if member.flag_bits & 0x1:
        raise _refuse(member, _("encrypted"))
    if path.name.lower().endswith(ARCHIVE_SUFFIXES):
        raise _refuse(member, _("an archive inside the archive"))
    if (
        member.file_size > RATIO_FLOOR_BYTES
        and member.file_size > settings.NEWSROOM_UPLOAD_MAX_RATIO * max(1, member.compress_size)
    ):
        raise _refuse(
            member,
            _("expands %(ratio)d times when unpacked: refused as a possible zip bomb")
            % {"ratio": member.file_size // max(1, member.compress_size)},
        )


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
                raise _refuse(member, _("an archive inside the archive"))
            first = False
            left -= len(chunk)
            if left < 0:
                raise _refuse(member, _("holds more than the size it declares"))
            out.write(chunk)
