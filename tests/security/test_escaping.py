"""Hostile imported text is shown as text everywhere: the site, the feeds, the admin.

A file carrying `<script>`, `<img onerror>`, `javascript:` links and HTML
entities is imported through the importer from a bundle on disk (the real path
into the system), published, and every page that shows it is parsed: the
markup must appear only as text (no script element, no event-handler
attribute, no javascript: URL) and an entity written in the file (`&lt;b&gt;`)
must come out as those literal characters, not as the tag it would decode to.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree

import feedparser
import html5lib
import pytest
from django.core.management import call_command
from django.urls import reverse

from articles import history, services
from articles.editorial_checks import recompute_findings
from articles.models import Article, SourceDocument

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = '<a href="javascript:alert(1)">the council</a>'
ENTITY = "&lt;b&gt; &amp;"

HOSTILE_FILE = f"""Harbour bridge reopens {SCRIPT} {ENTITY} tolls

The harbour bridge reopened on Monday {IMG} {ENTITY} after two years of repair work, the city council said in a statement on Sunday evening.
Engineers replaced all of the main cables and resurfaced the road deck, according to {LINK} and the transport authority.
Drivers can read the details at javascript:alert(1) or at the council's office {ENTITY} library in the old town.

What changes for drivers

Traffic will flow in both directions from six in the morning, and the speed limit stays at fifty kilometres an hour {SCRIPT}.
Cyclists get a separate lane on the northern side of the bridge for the first time since it opened.

Key points:
- The bridge reopened on Monday {SCRIPT}
- Tolls {ENTITY} fares are unchanged {IMG}

Source: City press office {IMG}
"""


def hostile_bundle(tmp_path, text: str = HOSTILE_FILE):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "0001_hostile.txt").write_text(text, encoding="utf-8")
    return bundle


@pytest.fixture
def hostile(tmp_path, editor_user):
    """The hostile file imported from disk and published in English."""
    call_command("import_seeds", str(hostile_bundle(tmp_path)), verbosity=0)
    document = SourceDocument.objects.get(name__endswith="0001_hostile.txt")
    assert document.language == "en", document.detected_language
    article = document.article
    version = article.versions.get(language="en")
    recompute_findings(article)  # findings quote the text too
    services.publish(version=version, user=editor_user, override_reason="Testing escaping.")
    return Article.objects.get(pk=article.pk)


def parse(html: str):
    return html5lib.parse(html, namespaceHTMLElements=False)


def assert_inert(html: str, where: str) -> None:
    """No element the payload could have become: script, handler, javascript: URL."""
    tree = parse(html)
    for element in tree.iter():
        if element.tag == "script" and element.get("type") == "application/ld+json":
            # A data block (news metadata) may quote the text, but only as JSON, whole: the
            # payload's "<" are escaped, so it cannot close the element and start a script.
            assert "<" not in (element.text or ""), f"{where}: markup inside JSON-LD"
            json.loads(element.text)
        elif element.tag == "script":
            assert "alert" not in (element.text or ""), (
                f"{where}: a script element runs the payload"
            )
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"{where}: <{element.tag} {name}=…>"
            if name.lower() in ("href", "src", "action", "formaction", "data"):
                assert not value.strip().lower().startswith("javascript:"), (
                    f"{where}: <{element.tag} {name}={value!r}>"
                )
    assert "onerror=alert(1)>" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")


def visible_text(html: str) -> str:
    """Text nodes plus form values: what a reader or an editor sees on the page."""
    tree = parse(html)
    parts = []
    for element in tree.iter():
        if element.tag in ("script", "style"):
            continue
        parts.append(element.text or "")
        parts.append(element.tail or "")
        if element.tag == "input":
            parts.append(element.get("value", ""))
    return " ".join(parts)


def assert_shown_as_text(html: str, where: str, *payloads: str) -> None:
    assert_inert(html, where)
    text = visible_text(html)
    for payload in payloads:
        assert payload in text, f"{where}: {payload!r} is not shown as text"


def test_imported_markup_is_kept_as_plain_text_in_the_database(hostile):
    assert SCRIPT in hostile.title_en and ENTITY in hostile.title_en
    assert IMG in hostile.lede_en
    assert "javascript:alert(1)" in hostile.body_en
    assert hostile.slug_en and "<" not in hostile.slug_en and "script" in hostile.slug_en


def test_front_page_shows_hostile_title_and_lede_as_text(client, hostile):
    html = client.get("/en/").content.decode()
    assert_shown_as_text(html, "front page", SCRIPT, ENTITY, IMG)


def test_article_page_shows_every_hostile_field_as_text(client, hostile):
    response = client.get(hostile.get_absolute_url())
    assert response.status_code == 200
    assert_shown_as_text(response.content.decode(), "article page", SCRIPT, IMG, ENTITY, LINK)


def test_search_results_show_hostile_text_as_text(client, hostile):
    html = client.get("/en/", {"q": "harbour"}).content.decode()
    assert_shown_as_text(html, "search results", SCRIPT, ENTITY)
    echoed = client.get("/en/", {"q": SCRIPT}).content.decode()
    assert_inert(echoed, "search for a script tag")


def _feed_texts(xml: str) -> list[tuple[str, str, str]]:
    """(element, type, text) of every title/description/summary/content in a feed."""
    found = []
    for element in ElementTree.fromstring(xml).iter():
        name = element.tag.rpartition("}")[2]
        if name in ("title", "description", "summary", "content"):
            found.append((name, element.get("type", ""), element.text or ""))
    return found


@pytest.mark.parametrize("feed", ["feed", "atom"])
def test_feed_entries_carry_hostile_text_as_text(client, hostile, feed):
    xml = client.get(f"/en/{feed}/").content.decode()
    # A feed reader renders RSS descriptions and Atom type="html" as HTML: after XML
    # parsing, that HTML must itself be inert and read as the literal text.
    for name, kind, text in _feed_texts(xml):
        as_html = kind == "html" or (feed == "feed" and name == "description")
        if as_html:
            assert_inert(text, f"{feed} {name}")
    parsed = feedparser.parse(xml)
    assert not parsed.bozo, parsed.bozo_exception
    (entry,) = parsed.entries
    assert SCRIPT in entry.title and ENTITY in entry.title, entry.title
    assert IMG in visible_text(entry.summary) and ENTITY in visible_text(entry.summary)


def test_feed_entry_title_is_the_literal_title(client, hostile):
    """The entity written in the file comes out of the feed as the same characters."""
    for feed in ("feed", "atom"):
        xml = client.get(f"/en/{feed}/").content.decode()
        titles = [text for name, _kind, text in _feed_texts(xml) if name == "title"]
        assert hostile.title_en in titles, (feed, titles)


def test_admin_article_list_shows_hostile_title_as_text(editor_client, hostile):
    html = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert_shown_as_text(html, "admin list", SCRIPT, ENTITY)
    html = editor_client.get(reverse("admin:articles_languageversion_changelist")).content.decode()
    assert_shown_as_text(html, "admin version list", SCRIPT, ENTITY)


def test_admin_change_form_keeps_hostile_text_in_its_fields_as_text(editor_client, hostile):
    url = reverse("admin:articles_article_change", args=[hostile.pk])
    html = editor_client.get(url).content.decode()
    assert_shown_as_text(html, "change form", SCRIPT, ENTITY, IMG, LINK)


def test_review_page_shows_hostile_text_as_text(editor_client, hostile):
    url = reverse("admin:articles_article_review", args=[hostile.pk])
    html = editor_client.get(url).content.decode()
    assert_shown_as_text(html, "review page", SCRIPT, ENTITY, IMG, LINK)


def test_revisions_page_shows_hostile_text_as_text(editor_client, hostile):
    url = reverse("admin:articles_article_revisions", args=[hostile.pk])
    revisions = editor_client.get(url).content.decode()
    assert_inert(revisions, "revisions page")
    first = history.article_history(hostile).last()
    diff = editor_client.get(url, {"language": "en", "version": first.pk}).content.decode()
    assert_inert(diff, "revisions diff")


def test_source_document_page_shows_raw_hostile_text_as_text(editor_client, hostile):
    document = SourceDocument.objects.get(article=hostile)
    for url in (
        reverse("admin:articles_sourcedocument_change", args=[document.pk]),
        reverse("admin:articles_sourcedocument_changelist"),
    ):
        html = editor_client.get(url).content.decode()
        assert_inert(html, url)
    html = editor_client.get(
        reverse("admin:articles_sourcedocument_change", args=[document.pk])
    ).content.decode()
    assert SCRIPT in visible_text(html) and ENTITY in visible_text(html)


def test_findings_pages_show_hostile_text_as_text(editor_client, hostile):
    html = editor_client.get(reverse("admin:articles_finding_changelist")).content.decode()
    assert_inert(html, "findings list")
    findings = list(hostile.versions.get().findings.values_list("pk", flat=True))
    assert findings, "the checks flag the markup"
    for pk in findings:
        url = reverse("admin:articles_finding_change", args=[pk])
        assert_inert(editor_client.get(url).content.decode(), url)


def test_sitemap_names_the_hostile_story_by_its_clean_slug(client, hostile):
    xml = client.get("/sitemap.xml").content.decode()
    assert "<script" not in xml and "onerror" not in xml
    assert hostile.slug_en in xml
