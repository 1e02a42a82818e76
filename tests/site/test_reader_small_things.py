"""Issue 30, point 8: where `/` sends a reader, a remembered edition, a taken-down story's
other languages, and the headers every reader page carries."""

import pytest

from articles import services
from articles.models import Article, Status
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_root_without_a_usable_language_goes_to_the_default_edition(client):
    make_article(("en",), Status.PUBLISHED)
    for _ in range(2):
        make_article(("id",), Status.PUBLISHED)  # more stories: it was chosen before
    assert client.get("/")["Location"] == "/en/"
    assert client.get("/", headers={"accept-language": "ja"})["Location"] == "/en/"
    assert client.get("/", headers={"accept-language": "id"})["Location"] == "/id/"


def test_the_edition_chosen_in_the_menu_is_remembered(client):
    make_article(("en", "de"), Status.PUBLISHED)
    html = client.get("/en/").content.decode()
    assert '<a href="/edition/de/" lang="de" hreflang="de">Deutsch</a>' in html
    response = client.get("/edition/de/")
    assert response.status_code == 302 and response["Location"] == "/de/"
    assert "no-store" in response["Cache-Control"]
    assert client.get("/", headers={"accept-language": "en"})["Location"] == "/de/"
    assert client.get("/edition/xx/").status_code == 404


def publish_then(article, language, take_down):
    version = article.versions.get(language=language)
    services.publish(version=version, user=None)
    take_down(version=article.versions.get(language=language), user=None)


@pytest.mark.parametrize("take_down", [services.unpublish, services.archive])
def test_a_taken_down_story_links_its_live_languages(client, take_down):
    article = make_article(("en", "fr"), title_en="Harbour", title_fr="Le port")
    services.publish(version=article.versions.get(language="en"), user=None)
    publish_then(article, "fr", take_down)
    response = client.get("/fr/le-port/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<a href="/en/harbour/" lang="en" hreflang="en">English</a>' in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize("state", [Status.DRAFT, Status.IN_REVIEW])
def test_a_never_published_version_stays_a_bare_404(client, state):
    # Guessing the slug of unpublished work must tell nothing (issue 27).
    article = make_article(("en", "fr"), title_en="Harbour", title_fr="Le port")
    services.publish(version=article.versions.get(language="en"), user=None)
    article.versions.filter(language="fr").update(status=state)
    response = client.get("/fr/le-port/")
    assert response.status_code == 404
    assert "/en/harbour/" not in response.content.decode()
    assert Article.objects.published("en").exists()


def test_reader_pages_send_a_permissions_policy_and_no_inline_styles(client):
    make_article(("en",), Status.PUBLISHED, title_en="Harbour")
    for url in ["/en/", "/en/harbour/", "/en/?q=harbour", "/en/feed/"]:
        response = client.get(url)
        assert "camera=()" in response["Permissions-Policy"], url
        policy = response["Content-Security-Policy"]
        style = next(d for d in policy.split(";") if d.strip().startswith("style-src"))
        assert "'unsafe-inline'" not in style, url
