"""Uploads that are refused: the editor is told which file and why, and nothing is kept.

What a zip's directory shows is refused by the request, on the form; what only its
members' bytes show (an archive under a text name, a member holding more than it
declares) by the worker, on the run's page.
"""

import io
import stat
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.importing import background, uploads
from articles.models import ImportRun, SourceDocument

pytestmark = pytest.mark.django_db

STORY = b"Le port rouvre\n\nLe port de Marseille rouvre apres la greve.\n"


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.NEWSROOM_UPLOAD_DIR = tmp_path / "upload"
    return settings.NEWSROOM_UPLOAD_DIR


def refused_by_the_worker(editor_client, upload_dir, upload) -> str:
    response = editor_client.post("/admin/articles/importrun/add/", {"files": [upload]})
    assert response.status_code == 302
    run = ImportRun.objects.get()
    background.import_queued_run(run.pk)
    run.refresh_from_db()
    assert run.state == ImportRun.State.FAILED
    assert not SourceDocument.objects.exists()
    assert not any(upload_dir.iterdir())  # nothing kept: neither the zip nor a member
    return editor_client.get(f"/admin/articles/importrun/{run.pk}/progress/").content.decode()


def make_zip(members: dict, name: str = "bundle.zip") -> SimpleUploadedFile:
    """members: {name: bytes, or (bytes, ZipInfo attributes)}."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in members.items():
            info = zipfile.ZipInfo(member)
            info.compress_type = zipfile.ZIP_DEFLATED
            if isinstance(content, tuple):
                content, attributes = content
                for key, value in attributes.items():
                    setattr(info, key, value)
            archive.writestr(info, content)
    return SimpleUploadedFile(name, data.getvalue(), content_type="application/zip")


def refused(editor_client, upload_dir, *files) -> str:
    response = editor_client.post("/admin/articles/importrun/add/", {"files": list(files)})
    assert response.status_code == 200  # the form again, with the reason
    assert not ImportRun.objects.exists()
    assert not upload_dir.exists() or not any(upload_dir.iterdir())  # nothing kept
    return response.content.decode()


@pytest.mark.parametrize(
    ("member", "problem"),
    [
        ("../escape.txt", "its path leads outside the archive"),
        ("/etc/escape.txt", "its path leads outside the archive"),
        ("bundle/../../escape.txt", "its path leads outside the archive"),
        (".", "its path leads outside the archive"),  # the archive's folder, not a file in it
        ("inner.zip", "an archive inside the archive"),
        ("notes.tar.gz", "an archive inside the archive"),
    ],
)
def test_a_zip_member_with_a_bad_path_or_an_archive_name_is_refused(
    editor_client, upload_dir, member, problem
):
    upload = make_zip({"good.txt": STORY, member: STORY})
    html = refused(editor_client, upload_dir, upload)
    assert f"{member}: {problem}; nothing was imported." in html.replace("&#x27;", "'")


def test_a_link_inside_the_zip_is_refused(editor_client, upload_dir):
    link = (b"/etc/passwd", {"external_attr": (stat.S_IFLNK | 0o777) << 16})
    html = refused(editor_client, upload_dir, make_zip({"good.txt": STORY, "passwd.txt": link}))
    assert "passwd.txt: a link, which is not imported" in html


def test_an_archive_hidden_under_a_text_name_is_refused_and_nothing_is_kept(
    editor_client, upload_dir
):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("a.txt", STORY)
    # The first member is unpacked before the hidden archive is met: it is removed too.
    upload = make_zip({"a.txt": STORY, "b.txt": inner.getvalue()})
    html = refused_by_the_worker(editor_client, upload_dir, upload)
    assert "The upload was refused: b.txt: an archive inside the archive" in html


def test_a_zip_bomb_is_refused_by_its_ratio(editor_client, upload_dir):
    html = refused(editor_client, upload_dir, make_zip({"bomb.txt": b"a" * (20 * 1024 * 1024)}))
    assert "bomb.txt: expands" in html and "possible zip bomb" in html


def test_a_zip_unpacking_to_more_than_the_limit_is_refused(settings, editor_client, upload_dir):
    settings.NEWSROOM_UPLOAD_MAX_UNPACKED_BYTES = 100
    html = refused(editor_client, upload_dir, make_zip({"a.txt": STORY, "b.txt": STORY}))
    assert "bundle.zip unpacks to more than 100 bytes" in html


def test_a_zip_declaring_less_than_it_holds_is_refused(editor_client, upload_dir):
    upload = make_zip({"a.txt": STORY})
    data = bytearray(upload.read())
    # Lower the uncompressed size the central directory declares (offset 24 of its entry).
    at = data.rindex(b"PK\x01\x02")
    data[at + 24 : at + 28] = (10).to_bytes(4, "little")
    html = refused_by_the_worker(
        editor_client, upload_dir, SimpleUploadedFile("bundle.zip", bytes(data), "application/zip")
    )
    assert "a.txt: damaged or unreadable" in html


def test_too_many_files_and_too_many_bytes_are_refused(settings, editor_client, upload_dir):
    settings.NEWSROOM_UPLOAD_MAX_FILES = 1
    html = refused(editor_client, upload_dir, make_zip({"a.txt": STORY, "b.txt": STORY}))
    assert "Too many files: 2, the limit is 1." in html
    settings.NEWSROOM_UPLOAD_MAX_FILES = 100
    settings.NEWSROOM_UPLOAD_MAX_BYTES = 10
    html = refused(editor_client, upload_dir, SimpleUploadedFile("a.txt", STORY))
    assert "The upload is too large" in html


def test_a_file_that_is_neither_text_nor_zip_and_a_broken_zip_are_refused(
    editor_client, upload_dir
):
    html = refused(editor_client, upload_dir, SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff"))
    assert "photo.jpg: not a .txt or .zip file." in html
    html = refused(editor_client, upload_dir, SimpleUploadedFile("bundle.zip", b"not a zip"))
    assert "bundle.zip is not a readable zip file." in html


def test_an_upload_request_stores_the_zip_as_it_came_and_returns_with_a_queued_run(
    editor_client, upload_dir
):
    upload = make_zip({"a.txt": STORY, "b.txt": STORY + b"Two.\n"})
    response = editor_client.post("/admin/articles/importrun/add/", {"files": [upload]})
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert (run.state, run.files_total) == (ImportRun.State.QUEUED, 2)
    stored = list(upload_dir.joinpath(run.upload.rsplit("/", 1)[1]).iterdir())
    assert [p.name for p in stored] == ["upload.zip"]  # one file, not unpacked yet
    upload.seek(0)
    assert stored[0].read_bytes() == upload.read()


def test_a_zip_spooled_to_disk_by_django_is_moved_into_place(settings, editor_client, upload_dir):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # Django spools every upload to a file
    upload = make_zip({"a.txt": STORY})
    response = editor_client.post("/admin/articles/importrun/add/", {"files": [upload]})
    assert response.status_code == 302
    run = ImportRun.objects.get()
    upload.seek(0)
    assert (upload_dir / run.upload.rsplit("/", 1)[1] / "upload.zip").read_bytes() == upload.read()


@pytest.mark.parametrize("spooled", [False, True])
def test_several_text_files_are_stored_as_one_file_and_unpacked_by_the_worker(
    settings, editor_client, upload_dir, spooled
):
    if spooled:
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # Django spools every file to disk
    files = [SimpleUploadedFile(f"{name}.txt", STORY + name.encode()) for name in "abc"]
    response = editor_client.post("/admin/articles/importrun/add/", {"files": files})
    assert response.status_code == 302
    run = ImportRun.objects.get()
    directory = upload_dir / run.upload.rsplit("/", 1)[1]
    assert [p.name for p in directory.iterdir()] == ["upload.zip"]
    bundle = uploads.unpack_stored(directory)
    assert {p.name: p.read_bytes() for p in bundle.iterdir()} == {
        f"{name}.txt": STORY + name.encode() for name in "abc"
    }


def test_a_zip_whose_members_collide_is_refused(editor_client, upload_dir):
    # A file and a folder of one name: unpacking one would fail on the other (was a 500).
    upload = make_zip({"story.txt": STORY, "story.txt/other.txt": STORY})
    html = refused(editor_client, upload_dir, upload)
    assert "story.txt/other.txt: another member has this path; nothing was imported." in html


def test_a_zip_holding_one_path_twice_is_refused(editor_client, upload_dir):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive, pytest.warns(UserWarning):
        archive.writestr("story.txt", STORY)
        archive.writestr("story.txt", b"Another text\n\nSilently replacing the first.\n")
    upload = SimpleUploadedFile("bundle.zip", data.getvalue(), content_type="application/zip")
    html = refused(editor_client, upload_dir, upload)
    assert "story.txt: another member has this path; nothing was imported." in html


def test_more_separate_files_than_the_site_takes_get_a_page_saying_to_zip_them(
    settings, client, editor_user, upload_dir
):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    client.raise_request_exception = False
    client.force_login(editor_user)
    files = [SimpleUploadedFile(f"{n}.txt", STORY, "text/plain") for n in "abc"]

    response = client.post("/admin/articles/importrun/add/", {"files": files})

    assert response.status_code == 400
    assert "At most 2 files can be sent at once" in response.content.decode()
    assert not ImportRun.objects.exists() and not list(upload_dir.glob("*"))
