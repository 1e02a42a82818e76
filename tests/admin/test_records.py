"""The read-only records: a source document's name is shown with control characters escaped."""

import re

import pytest
from django.urls import reverse

from articles.models import ImportRun, SourceDocument
from tests.admin.helpers import finding
from tests.factories import make_article

pytestmark = pytest.mark.django_db

NAME = "report\x1b[31m\nFAKE.txt"


@pytest.fixture
def forged_document():
    run = ImportRun.objects.create(source="bundle")
    return SourceDocument.objects.create(
        import_run=run, name=NAME, sha256="0" * 64, size=1, raw_text="x"
    )


def test_the_source_document_list_and_page_show_the_name_escaped(editor_client, forged_document):
    listing = editor_client.get(reverse("admin:articles_sourcedocument_changelist"))
    page = editor_client.get(
        reverse("admin:articles_sourcedocument_change", args=[forged_document.pk])
    )

    for response in (listing, page):
        html = response.content.decode()
        assert "report\\x1b[31m\\x0aFAKE.txt" in html
        assert "\x1b" not in html


def test_the_findings_list_says_what_each_is_and_keeps_every_column_on_screen(editor_client):
    long_title = "Un titre " + "très " * 30 + "long"
    version = make_article(languages=["fr"], title_fr=long_title).versions.get()
    finding(version, kind="structure_derived_title", message="The title was written by import.")

    html = editor_client.get(reverse("admin:articles_finding_changelist")).content.decode()

    assert "Headline written by the importer" in html
    assert "structure_derived_title:" not in html
    # A whole-sentence title would push severity and paragraph off the screen.
    assert long_title not in html and long_title[:40] in html


def test_an_import_run_says_its_file_counts_in_words(editor_client):
    run = ImportRun.objects.create(source="bundle", counts={"created": 8, "rejected": 1})

    page = editor_client.get(reverse("admin:articles_importrun_change", args=[run.pk]))
    listing = editor_client.get(reverse("admin:articles_importrun_changelist"))

    for html in (page.content.decode(), listing.content.decode()):
        assert "8 new, 1 rejected" in html
        assert '"created"' not in html and "&quot;created&quot;" not in html


def test_an_import_runs_page_labels_each_field_once_and_hides_the_servers_paths(editor_client):
    run = ImportRun.objects.create(
        source="bundle.zip", counts={"created": 8}, files_total=8, upload="/srv/media/upload/ab12"
    )
    html = editor_client.get(reverse("admin:articles_importrun_change", args=[run.pk])).content
    labels = re.findall(r"<label>([^<]*):</label>", html.decode())
    assert len(labels) == len(set(labels)), labels  # "Files" was there twice
    assert "/srv/media/upload" not in html.decode()


def test_read_only_records_offer_no_save_button(editor_client, forged_document):
    version = make_article(languages=["fr"]).versions.get()
    record = finding(version)

    for url in (
        reverse("admin:articles_sourcedocument_change", args=[forged_document.pk]),
        reverse("admin:articles_finding_change", args=[record.pk]),
    ):
        html = editor_client.get(url).content.decode()
        # Every field is read-only: a Save button would promise an edit that cannot happen.
        assert 'name="_save"' not in html and 'name="_continue"' not in html
