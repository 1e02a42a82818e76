"""News metadata and provenance on reader pages (issue 30, points 3 and 6).

JSON-LD NewsArticle with the version's language and times and the story's other live
versions as translations; Open Graph locales; a description on every public page;
search and filter results not indexed; page 2's hreflang set holding its canonical;
"Translated from German" on a translation, linked to the original when it is live.
"""

import json
import re

import pytest
from django.utils import timezone

from articles.models import Article, LanguageVersion, Status
from tests.factories import make_article
from tests.site.conftest import set_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def translated(db):
    """Written in German (the recorded original), live in de, en and fr; a draft in es."""
    article = make_article(
        ("de", "en", "fr", "es"),
        Status.PUBLISHED,
        title_de="Der Hafen",
        title_en="The harbour",
        title_fr="Le port",
        title_es="El puerto",
        lede_en="The harbour reopens after the storm.",
    )
    Article.objects.filter(pk=article.pk).update(source_language="de")
    set_state(article, "es", Status.DRAFT)
    return article


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def ld(html: str) -> dict:
    [data] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(data)


def meta(html: str, name: str) -> list[str]:
    return re.findall(rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)">', html)


def test_a_translation_is_a_news_article_in_its_language_and_names_its_original(client, translated):
    html = page(client, "/en/the-harbour/")
    data = ld(html)
    version = LanguageVersion.objects.get(article=translated, language="en")
    assert data["@type"] == "NewsArticle" and data["inLanguage"] == "en"
    assert data["headline"] == "The harbour"
    assert data["datePublished"] == version.published_at.replace(microsecond=0).isoformat()
    assert data["dateModified"] >= data["datePublished"]
    assert data["translationOfWork"]["url"] == "http://testserver/de/der-hafen/"
    assert data["translationOfWork"]["inLanguage"] == "de"
    assert "workTranslation" not in data


def test_the_original_lists_its_live_translations_only(client, translated):
    data = ld(page(client, "/de/der-hafen/"))
    assert {work["inLanguage"] for work in data["workTranslation"]} == {"en", "fr"}
    assert "translationOfWork" not in data


def test_open_graph_names_the_locale_and_the_live_alternates(client, translated):
    html = page(client, "/en/the-harbour/")
    assert meta(html, "og:locale") == ["en_GB"]
    assert meta(html, "og:locale:alternate") == ["fr_FR", "de_DE"]  # LANGUAGES order
    assert meta(html, "og:type") == ["article"]
    assert meta(html, "description") == ["The harbour reopens after the storm."]


def test_a_translation_says_where_it_comes_from(client, translated):
    html = page(client, "/en/the-harbour/")
    assert re.search(
        r'<p class="provenance"><a href="/de/der-hafen/" hreflang="de">Translated from German</a>',
        html,
    )
    assert 'class="provenance"' not in page(client, "/de/der-hafen/")
    # The original taken down: the line stays, without a link to a page readers cannot see.
    set_state(translated, "de", Status.DRAFT)
    html = page(client, "/en/the-harbour/")
    assert '<p class="provenance">Translated from German</p>' in html
    assert "translationOfWork" not in ld(html)


def test_x_default_follows_the_recorded_original(client, translated):
    html = page(client, "/fr/le-port/")
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/de/der-hafen/">' in html
    )


def test_every_public_page_has_a_description_and_only_result_pages_are_not_indexed(
    client, translated
):
    for url in ["/en/", "/en/the-harbour/", "/en/?q=harbour", "/en/?key_points=on"]:
        html = page(client, url)
        assert meta(html, "description") and meta(html, "description")[0], url
        indexed = "?" not in url
        assert (meta(html, "robots") == []) == indexed, url


def test_page_two_hreflang_set_holds_its_canonical(client):
    for n in range(12):
        make_article(
            ("en", "fr"), Status.PUBLISHED, title_en=f"Story {n}", title_fr=f"Histoire {n}"
        )
    make_article(("de",), Status.PUBLISHED, title_de="Nur eine")
    html = page(client, "/en/?page=2")
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
    alternates = dict(
        re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html)
    )
    assert canonical == "http://testserver/en/?page=2"
    assert alternates == {"en": canonical, "fr": "http://testserver/fr/?page=2"}


def test_published_times_say_their_time_zone(client, translated, settings):
    settings.TIME_ZONE = "Europe/Paris"
    html = page(client, "/fr/le-port/")
    assert re.search(r"</time> (CET|CEST)</p>", html)
    assert timezone.get_current_timezone_name() == "Europe/Paris"


def test_indonesian_dates_name_the_month_in_full(client):
    make_article(("id",), Status.PUBLISHED, title_id="Pelabuhan dibuka")
    html = page(client, "/id/")
    assert re.search(
        r">\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) \d{4} \d{2}\.\d{2}</time>",
        html,
    ), html
