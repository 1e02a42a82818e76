"""Feeds and the sitemap date each entry by its own version (issue 27, point 11).

Editing the Spanish draft of a story must not move the published French entry's Atom
<updated> or sitemap <lastmod>, and <updated> is never before <published>.
"""

from datetime import timedelta
from xml.etree import ElementTree

import feedparser
import pytest
from django.utils import timezone

from articles import services, working_copies
from articles.models import Article, LanguageVersion, Status, content_checksum
from tests.factories import make_article
from tests.site.conftest import set_state

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
DAY = timedelta(days=1)


@pytest.fixture
def story(db):
    """Published in fr a day ago (and last changed then), a draft in es."""
    article = make_article(("fr", "es"), Status.PUBLISHED, title_fr="Le port", title_es="El puerto")
    set_state(article, "es", Status.DRAFT)
    a_day_ago = timezone.now() - DAY
    LanguageVersion.objects.filter(article=article).update(
        published_at=a_day_ago, updated_at=a_day_ago
    )
    LanguageVersion.objects.filter(article=article, language="es").update(published_at=None)
    return article


def edit_spanish_draft(article):
    article.refresh_from_db()
    services.save_text(
        article=article,
        language="es",
        texts={"title": "El puerto reabre", "body": "Texto nuevo."},
        user=None,
        opened_checksum=content_checksum(article, "es", slug=True),
    )


def atom_entry(client):
    [entry] = feedparser.parse(client.get("/fr/atom/").content).entries
    return entry


def lastmods(client) -> dict[str, str]:
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    return {
        url.find("s:loc", NS).text: url.find("s:lastmod", NS).text
        for url in root.findall("s:url", NS)
    }


def test_editing_another_languages_draft_moves_neither_feed_nor_sitemap_dates(client, story):
    entry, dates = atom_entry(client), lastmods(client)
    french = "http://testserver/fr/le-port/"
    edit_spanish_draft(story)
    assert atom_entry(client).updated == entry.updated
    assert lastmods(client)[french] == dates[french]
    assert dates[french] == (timezone.localdate() - DAY).isoformat()


def test_an_edit_of_the_version_itself_moves_its_dates(client, story):
    entry = atom_entry(client)
    story.refresh_from_db()
    services.save_text(
        article=story,
        language="fr",
        texts={"title": "Le port", "body": "Texte corrigé."},
        user=None,
        opened_checksum=content_checksum(story, "fr", slug=True),
    )
    assert atom_entry(client).updated > entry.updated


def test_a_working_copy_moves_no_date_readers_see_until_it_is_published(client, story):
    # Readers keep the published text while a copy waits: its save (or discard) is no
    # modification of their page, for the feed, the sitemap or the story's JSON-LD.
    entry, dates = atom_entry(client), lastmods(client)
    french = "http://testserver/fr/le-port/"
    version = story.versions.get(language="fr")
    copy = {**working_copies.texts_of(version), "body": "Texte corrigé."}
    working_copies.save_working_copy(version=version, texts=copy, user=None)
    assert atom_entry(client).updated == entry.updated
    assert lastmods(client)[french] == dates[french]
    assert f'"dateModified": "{entry.updated[:10]}' in client.get(french).content.decode()
    working_copies.publish_working_copy(version=version, user=None)
    assert atom_entry(client).updated > entry.updated


def test_atom_updated_is_never_before_published(client):
    for n in range(3):
        make_article(("fr",), Status.PUBLISHED, title_fr=f"Histoire {n}")
    # Published after its last change (imported, then published the next day).
    LanguageVersion.objects.update(updated_at=timezone.now() - 2 * DAY)
    Article.objects.update(updated_at=timezone.now() - 2 * DAY)
    for entry in feedparser.parse(client.get("/fr/atom/").content).entries:
        assert entry.updated_parsed >= entry.published_parsed


def test_the_sitemap_lists_each_editions_front_page_with_its_alternates(client, story):
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    xhtml = "{http://www.w3.org/1999/xhtml}link"
    fronts = {
        url.find("s:loc", NS).text: {link.get("hreflang") for link in url.iter(xhtml)}
        for url in root.findall("s:url", NS)
        if url.find("s:loc", NS).text.endswith("testserver/fr/")
    }
    # Only editions with stories: the Spanish one is empty.
    assert fronts == {"http://testserver/fr/": {"fr"}}
