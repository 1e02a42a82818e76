"""Each member of staff reads the admin in the language chosen on their own account."""

import pytest
from django.urls import reverse

from articles.models import AdminLanguage
from tests.factories import editor, make_article

pytestmark = pytest.mark.django_db

URL = reverse("admin:articles_article_interface_language")


def test_a_user_chooses_their_admin_language_over_the_browsers(client):
    user = editor(username="margot")
    client.force_login(user)
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in page
    response = client.post(URL, {"language": "fr"})
    assert response.status_code == 302
    assert AdminLanguage.objects.get(user=user).language == "fr"
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="fr"' in page
    client.post(URL, {"language": ""})  # back to the browser's
    assert not AdminLanguage.objects.filter(user=user).exists()


def test_the_choice_is_the_users_own_and_leaves_others_alone(client):
    user, other = editor(username="a"), editor(username="b")
    client.force_login(user)
    client.post(URL, {"language": "de"})
    assert not AdminLanguage.objects.filter(user=other).exists()


def test_the_choice_holds_when_the_site_is_mounted_under_a_prefix(client):
    user = editor(username="margot")
    AdminLanguage.objects.create(user=user, language="fr")
    client.force_login(user)
    page = client.get(
        reverse("admin:index"), SCRIPT_NAME="/news", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'lang="fr"' in page


def test_the_change_forms_language_tabs_name_a_missing_version_in_the_users_language(client):
    user = editor(username="margot")
    AdminLanguage.objects.create(user=user, language="fr")
    client.force_login(user)
    article = make_article(languages=["en"])
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    # tab_states.js writes it into the tooltip of each tab without a version.
    assert response.context["tab_languages"]["none"] == "Pas encore de version"
