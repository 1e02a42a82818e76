"""A reader in a real browser: German front page, the seed story, then French via the switcher.

The seed bundle is imported with the real importer, and its German and French
versions are published the way the workflow leaves them (status published, a
time in the past). Screenshots of the front page and an article, at a phone's
and a desktop's width, go to artifacts/ (with `--screenshots`).
"""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.caching import invalidate_public_pages
from articles.models import Article, LanguageVersion, Status
from tests.browser.conftest import new_page

pytestmark = pytest.mark.browser


@pytest.fixture
def seed_story(live_server):
    call_command("import_seeds", verbosity=0)
    article = Article.objects.filter(versions__language="de").get(versions__language="fr")
    LanguageVersion.objects.filter(article=article, language__in=["de", "fr"]).update(
        status=Status.PUBLISHED, published_at=timezone.now() - timezone.timedelta(minutes=5)
    )
    invalidate_public_pages()  # update() sends no signal; the page cache must still know
    return article


def test_reader_follows_the_seed_story_from_german_to_french(
    live_server, page, seed_story, screenshot
):
    german_title = seed_story.title_de
    french_title = seed_story.title_fr

    page.goto(f"{live_server.url}/de/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").inner_text() == "Neueste Artikel"
    teasers = page.locator("ol.teasers article h2")
    assert teasers.all_inner_texts() == [german_title]  # nothing unpublished shows
    screenshot(page, "front-de-desktop")

    teasers.get_by_role("link", name=german_title).click()
    page.wait_for_url(re.compile(r"/de/[\w-]+/$"))
    assert page.locator("h1").inner_text() == german_title
    switcher = page.get_by_role("navigation", name="Auch verfügbar auf")
    # Only French is offered: es and id are still drafts.
    assert switcher.get_by_role("link").all_inner_texts() == ["Français"]

    switcher.get_by_role("link", name="Français").click()

    page.wait_for_url(re.compile(r"/fr/[\w-]+/$"))
    assert page.url == f"{live_server.url}/fr/{seed_story.slug_fr}/"
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == french_title
    assert page.locator("article.story").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", name="Points clés").is_visible()
    assert page.get_by_role("navigation", name="Également disponible en").get_by_role(
        "link"
    ).all_inner_texts() == ["Deutsch"]
    # The stylesheet loaded: the key points box is styled, not the browser default.
    assert page.locator(".key-points").evaluate("e => getComputedStyle(e).borderStyle") == "solid"
    screenshot(page, "article-fr-desktop")


def test_pages_read_on_a_phone_without_sideways_scrolling(
    live_server, phone_page, seed_story, screenshot
):
    page = phone_page
    for path, name in [
        ("/de/", "front-de-phone"),
        (f"/fr/{seed_story.slug_fr}/", "article-fr-phone"),
    ]:
        page.goto(live_server.url + path)
        assert page.locator("h1").is_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], f"{path} scrolls sideways ({width}px)"
        screenshot(page, name)


def test_pages_read_with_javascript_off(live_server, browser, seed_story):
    context, page = new_page(browser, java_script_enabled=False)
    try:
        page.goto(f"{live_server.url}/de/")
        page.get_by_role("link", name=seed_story.title_de).click()
        assert page.locator("h1").inner_text() == seed_story.title_de
        assert page.locator(".story-body p").count() > 0
    finally:
        context.close()
