"""The read-only records: a source document's name is shown with control characters escaped."""

import pytest
from django.urls import reverse

from articles.models import ImportRun, SourceDocument

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
