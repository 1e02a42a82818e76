import pytest
from django.urls import reverse

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_editor_can_open_the_article_list_and_an_article(editor_client):
    article = make_article(languages=["fr", "de"], title_fr="Sondage d'Altman")
    response = editor_client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    assert "Sondage d&#x27;Altman" in response.content.decode()
    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    # modeltranslation's tabbed admin: one field per site language.
    for column in ("title_en", "title_ind", "title_fr", "title_es", "title_de"):
        assert f'name="{column}"' in response.content.decode()


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
