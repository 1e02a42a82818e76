"""A NUL character in the admin's filter and search parameters is a 400, never a 500.

PostgreSQL refuses NUL in text, so these failed in the database before; on SQLite
they pass through, so the test runs on both and matters on PostgreSQL.
"""

import pytest
from django.urls import reverse

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def autocomplete(term: str) -> str:
    query = f"app_label=articles&model_name=sourcedocument&field_name=article&term={term}"
    return f"{reverse('admin:autocomplete')}?{query}"


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:articles_languageversion_changelist") + "?state=%00",
        reverse("admin:articles_languageversion_changelist") + "?language=%00",
        reverse("admin:articles_finding_changelist") + "?kind__exact=%00",
        reverse("admin:articles_finding_changelist") + "?kind__exact=a%00b",
        reverse("admin:articles_sourcedocument_changelist") + "?outcome__exact=%00",
        reverse("admin:articles_sourcedocument_changelist") + "?q=%00",
        reverse("admin:articles_article_changelist") + "?q=%00",
        reverse("admin:articles_article_changelist") + "?%00=1",
        autocomplete("%00"),
    ],
)
def test_a_nul_in_an_admin_query_string_is_a_bad_request(editor_client, url):
    make_article(languages=["fr"])
    response = editor_client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_the_same_filters_without_nul_still_work(editor_client):
    make_article(languages=["fr"], title_fr="Le port rouvre")
    assert editor_client.get(autocomplete("port")).status_code == 200
    url = reverse("admin:articles_finding_changelist") + "?kind__exact=name_spelling"
    assert editor_client.get(url).status_code == 200


@pytest.mark.postgres
def test_a_nul_reaches_no_postgresql_query(editor_client):
    """What failed: on PostgreSQL the filter value went into a query and raised."""
    url = reverse("admin:articles_finding_changelist") + "?kind__exact=%00"
    assert editor_client.get(url).status_code == 400


@pytest.mark.postgres
def test_a_nul_in_the_language_posted_to_undo_is_not_a_server_error(editor_client):
    """undo read the posted language into a query before checking it (a 500)."""
    article = make_article(languages=["fr"])
    url = reverse("admin:articles_article_undo", args=[article.pk])
    response = editor_client.post(url, {"language": "\x00", "history_entry_id": "1"})
    assert response.status_code == 404
