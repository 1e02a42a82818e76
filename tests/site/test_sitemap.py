"""/sitemap.xml: one URL per live version, alternates between them, valid against its schemas."""

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
import xmlschema
from django.utils import timezone

from articles.models import Status
from tests.factories import make_article
from tests.site.conftest import HOUR, set_state

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[2] / "fixtures" / "schemas"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def schema():
    """sitemaps.org's sitemap.xsd with the xhtml:link schema, both from fixtures/ (no network)."""
    return xmlschema.XMLSchema(
        str(SCHEMAS / "sitemap.xsd"),
        locations={NS["xhtml"]: str(SCHEMAS / "xhtml-link.xsd")},
        use_fallback=False,
    )


def urls(response) -> dict[str, dict[str, str]]:
    """{loc: {hreflang: href}} of the stories in the sitemap (not the editions' front pages,
    tests/site/test_version_dates.py)."""
    root = ElementTree.fromstring(response.content)
    return {
        url.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
        }
        for url in root.findall("s:url", NS)
        if not re.fullmatch(r"http://testserver/\w+/", url.find("s:loc", NS).text)
    }


def test_sitemap_validates_against_the_sitemaps_org_schema(client, story, schema):
    make_article(("id", "es"), Status.PUBLISHED, title_id="Berita", title_es="Noticia")

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    schema.validate(response.content.decode())  # raises with the failing element otherwise


def test_schema_rejects_a_broken_alternate(schema):
    """The validation has teeth: an alternate without href fails."""
    bad = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml"><url><loc>http://testserver/en/a/</loc>'
        '<xhtml:link rel="alternate" hreflang="en"/></url></urlset>'
    )
    assert not schema.is_valid(bad)


def test_one_url_per_live_version_with_alternates_between_them(client, story):
    found = urls(client.get("/sitemap.xml"))

    siblings = {
        "en": "http://testserver/en/harbour-bridge-reopens/",
        "fr": "http://testserver/fr/le-pont-du-port-rouvre/",
        "de": "http://testserver/de/hafenbrucke-wieder-offen/",
    }
    assert set(found) == set(siblings.values())  # es is a draft, id in review
    for loc in siblings.values():
        assert found[loc] == {**siblings, "x-default": siblings["en"]}


@pytest.mark.parametrize(
    ("status", "published_at"),
    [
        (Status.DRAFT, None),
        (Status.ARCHIVED, timezone.now() - HOUR),
        (Status.PUBLISHED, timezone.now() + HOUR),
    ],
    ids=["draft", "archived", "scheduled"],
)
def test_sitemap_never_lists_a_version_readers_may_not_see(client, story, status, published_at):
    set_state(story, "de", status, published_at)

    body = client.get("/sitemap.xml").content.decode()

    assert "hafenbrucke" not in body


def test_story_with_no_live_version_is_absent(client):
    make_article(("en", "fr"), Status.IN_REVIEW, title_en="Pending")

    assert urls(client.get("/sitemap.xml")) == {}


def test_sitemap_query_count_is_fixed(client, django_assert_max_num_queries):
    for _ in range(40):
        make_article(("en", "id", "fr", "es", "de"), Status.PUBLISHED)

    # The stories and their live versions; the editions' latest changes.
    with django_assert_max_num_queries(3):
        response = client.get("/sitemap.xml")
    assert len(urls(response)) == 200
