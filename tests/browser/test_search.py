"""A reader searches the French edition on a phone, without accents, and sees why each story matches.

The seed bundle is imported with the real importer (its rows send no signal:
the search index is written by the importer itself) and the French version
published. With `--screenshots` the results page at 390 px goes to
artifacts/search-fr-phone.png.
"""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.caching import invalidate_public_pages
from articles.models import Article, LanguageVersion, Status

pytestmark = pytest.mark.browser


@pytest.fixture
def french_story(live_server):
    call_command("import_seeds", verbosity=0)
    article = Article.objects.get(versions__language="fr")
    LanguageVersion.objects.filter(article=article, language__in=["fr", "de"]).update(
        status=Status.PUBLISHED, published_at=timezone.now() - timezone.timedelta(minutes=5)
    )
    invalidate_public_pages()
    return article


def test_results_on_a_phone_show_the_matched_words_in_their_passage(
    live_server, phone_page, french_story, screenshot
):
    page = phone_page
    page.goto(f"{live_server.url}/fr/")
    page.get_by_label("Rechercher dans cette édition").fill("enquete altman")
    page.get_by_label("Rechercher dans cette édition").press("Enter")
    page.wait_for_url(re.compile(r"/fr/\?q=enquete\+altman"))

    assert page.locator("h1").inner_text() == "1 résultat pour « enquete altman »"
    assert page.locator("ol.teasers h2").all_inner_texts() == [french_story.title_fr]
    marked = page.locator("p.snippet mark").all_inner_texts()
    assert {word.casefold() for word in marked} == {"enquête", "altman"}
    # Nothing is wider than the phone: the snippet wraps.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "search-fr-phone")

    page.get_by_label("Rechercher dans cette édition").fill("umfrage")
    page.get_by_label("Rechercher dans cette édition").press("Enter")
    page.wait_for_url(re.compile(r"/fr/\?q=umfrage"))
    page.get_by_role("link", name="1 en allemand").click()
    page.wait_for_url(re.compile(r"/de/\?q=umfrage$"))
    assert page.locator("h1").inner_text() == "1 Ergebnis für „umfrage“"
    screenshot(page, "search-de-from-fr-phone")
