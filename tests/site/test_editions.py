"""`/` picks an edition with stories; x-default follows a written rule (`articles.editions`)."""

import re

import pytest
from django.contrib.staticfiles import finders

from articles.editions import choose_edition, preferred_languages
from articles.models import Status
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _root(client, accept: str = "", **cookies):
    for name, value in cookies.items():
        client.cookies[name] = value
    return client.get("/", headers={"accept-language": accept} if accept else {})


def test_root_skips_the_preferred_edition_when_it_has_no_stories(client):
    make_article(("fr", "de"), Status.PUBLISHED)

    response = _root(client, "en-GB,en;q=0.9,de;q=0.8")

    assert response.status_code == 302
    assert response["Location"] == "/de/"
    assert "Accept-Language" in response["Vary"]


def test_root_falls_back_to_the_edition_with_the_most_stories(client):
    make_article(("fr",), Status.PUBLISHED)
    make_article(("id", "fr"), Status.PUBLISHED)
    make_article(("id",), Status.PUBLISHED)
    make_article(("id",), Status.PUBLISHED)

    assert _root(client, "en")["Location"] == "/id/"
    assert _root(client)["Location"] == "/id/"


def test_root_never_counts_drafts_or_scheduled_stories(client):
    from django.utils import timezone

    make_article(("en",), Status.DRAFT)
    make_article(
        ("en",), Status.PUBLISHED, published_at=timezone.now() + timezone.timedelta(days=1)
    )
    make_article(("es",), Status.PUBLISHED)

    assert _root(client, "en")["Location"] == "/es/"


def test_root_keeps_the_readers_language_when_it_has_stories(client):
    make_article(("en",), Status.PUBLISHED)
    make_article(("id",), Status.PUBLISHED)
    make_article(("id",), Status.PUBLISHED)

    assert _root(client, "en")["Location"] == "/en/"
    assert _root(client, "ja", django_language="en")["Location"] == "/en/"


def test_preferred_languages_follow_cookie_then_accept_language_quality():
    assert preferred_languages("fr", "de;q=0.5,es-MX,ja") == ["fr", "es", "de"]
    assert preferred_languages(None, "*,de") == []


def test_choose_edition_breaks_ties_in_languages_order():
    assert choose_edition(["en"], {"de": 2, "fr": 2, "es": 1}) == "fr"
    assert choose_edition(["de"], {}) == "de"
    assert choose_edition([], {}) == "en"


def _x_default(client, url: str) -> str:
    head = client.get(url).content.decode().split("</head>")[0]
    return re.search(r'hreflang="x-default" href="([^"]+)"', head).group(1)


def test_x_default_is_the_source_version_when_it_is_published(client):
    make_article(
        ("en", "fr", "de"),
        Status.PUBLISHED,
        title_en="Bridge",
        title_fr="Pont",
        title_de="Brücke",
        source_language="fr",
    )

    assert _x_default(client, "/de/brucke/") == "http://testserver/fr/pont/"


def test_x_default_is_the_default_language_when_the_source_is_not_published(client):
    article = make_article(
        ("en", "fr", "de"),
        Status.PUBLISHED,
        title_en="Bridge",
        title_de="Brücke",
        source_language="fr",
    )
    article.versions.filter(language="fr").update(status=Status.DRAFT, published_at=None)

    assert _x_default(client, "/de/brucke/") == "http://testserver/en/bridge/"


def test_x_default_is_the_first_published_language_in_site_order_otherwise(client):
    make_article(
        ("de", "es", "fr"), Status.PUBLISHED, title_de="Brücke", title_fr="Pont", title_es="Puente"
    )

    # LANGUAGES: en, id, fr, es, de
    assert _x_default(client, "/de/brucke/") == "http://testserver/fr/pont/"


def test_robots_txt_allows_the_site_hides_the_admin_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_favicon_is_found_and_linked_from_every_page(client):
    response = client.get("/favicon.ico")
    html = client.get("/en/").content.decode()

    # The test client does not serve static files; WhiteNoise serves what the finders find.
    assert response.status_code == 301
    assert response["Location"] == "/static/articles/favicon.svg"
    assert finders.find("articles/favicon.svg").endswith(".svg")
    assert '<link rel="icon" href="/static/articles/favicon.svg" type="image/svg+xml">' in html
