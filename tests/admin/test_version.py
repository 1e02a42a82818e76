"""The language version page: a record of state, read-only for everyone.

Every field is read-only (state changes go through actions and services), so
the page must not offer Save buttons or claim a save that changed nothing.
"""

import pytest
from django.urls import reverse

from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def version_url():
    article = make_article(languages=["fr"])
    return reverse("admin:articles_languageversion_change", args=[article.versions.get().pk])


@pytest.mark.parametrize("who", ["translator_client", "editor_client"])
def test_the_version_page_offers_no_save_button(request, who, version_url):
    client = request.getfixturevalue(who)

    html = client.get(version_url).content.decode()

    assert 'name="_save"' not in html
    assert 'name="_continue"' not in html
    assert client.get(version_url).status_code == 200


def test_a_translators_post_to_the_version_page_is_refused_not_reported_saved(
    translator_client, version_url
):
    response = translator_client.post(version_url, {"_save": "Save"}, follow=True)

    assert response.status_code == 403
    assert "changed successfully" not in response.content.decode()
