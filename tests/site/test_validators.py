"""Every public page type, in every language, passes validators nobody here wrote.

- HTML: the Nu HTML Checker (`vnu-jar` from npm, `npm ci` installs it into
  `node_modules/`), run with Java on the rendered pages, one JVM for all of them.
  Skipped, saying why, only where Java or the jar is missing; CI installs both.
- Feeds: the W3C Feed Validator is not packaged on PyPI, npm or Debian, so the
  feeds are checked by feedparser (a reader's parser; `bozo` is any XML or
  format error) and, for Atom, by the elements RFC 4287 §4.1 requires (the
  validator's "Missing entry element: author" among them).
- Machine-readable times carry no fraction beyond milliseconds anywhere
  (the HTML standard's limit for `<time datetime>`), checked without Java.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from django.conf import settings

from articles.models import Status
from tests.factories import make_article

pytestmark = pytest.mark.django_db

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
ATOM = "{http://www.w3.org/2005/Atom}"
#: An RFC 3339 / HTML time with a fraction of more than three digits.
LONG_FRACTION = re.compile(r"\d{2}:\d{2}:\d{2}\.\d{4,}")


@pytest.fixture
def site(db):
    """11 stories in every language (so every edition has a page 2), one with key points."""
    stories = []
    for n in range(11):
        stories.append(
            make_article(
                LANGUAGES,
                Status.PUBLISHED,
                key_points_en="One\nTwo",
                source_attribution_fr="Agence" if n == 0 else "",
                **{f"title_{code}": f"Story {n} {code} harbour" for code in LANGUAGES},
            )
        )
    return stories


def page_urls(stories) -> dict[str, str]:
    """Every HTML page type in every edition: {name: url}."""
    urls = {}
    for code in LANGUAGES:
        article = stories[0]
        urls |= {
            f"{code}-front": f"/{code}/",
            f"{code}-page2": f"/{code}/?page=2",
            f"{code}-search": f"/{code}/?q=harbour",
            f"{code}-filtered": f"/{code}/?key_points=on&translated=on&since=2020-01-01",
            f"{code}-bad-filter": f"/{code}/?since=2026-13-01&until=abc&q=harbour",
            f"{code}-article": f"/{code}/{article.text('slug', code)}/",
            f"{code}-404": f"/{code}/no-such-story/",
        }
    return urls


def render_all(client, urls: dict[str, str]) -> dict[str, bytes]:
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == (404 if name.endswith("404") else 200), url
        pages[name] = response.content
    return pages


def test_machine_readable_times_have_at_most_millisecond_fractions(client, site):
    urls = page_urls(site)
    urls |= {
        f"{code}-{kind}": f"/{code}/{kind}/" for code in LANGUAGES for kind in ("feed", "atom")
    }
    urls["sitemap"] = "/sitemap.xml"

    for name, content in render_all(client, urls).items():
        text = content.decode()
        assert not LONG_FRACTION.search(text), f"{name}: {LONG_FRACTION.search(text).group(0)}"
        for value in re.findall(r'<time datetime="([^"]+)"', text):
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", value), value


@pytest.mark.skipif(
    shutil.which("java") is None, reason="needs Java (apt-get install default-jre-headless)"
)
@pytest.mark.skipif(
    not VNU_JAR.exists(), reason=f"needs the Nu HTML Checker: `npm ci --ignore-scripts` ({VNU_JAR})"
)
def test_every_page_passes_the_nu_html_checker(client, site, tmp_path):
    pages = render_all(client, page_urls(site))
    for name, content in pages.items():
        (tmp_path / f"{name}.html").write_bytes(content)

    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )

    messages = json.loads(result.stderr or result.stdout)["messages"]
    problems = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['type']}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "warning"
    ]
    assert problems == []
    assert len(pages) == 7 * len(LANGUAGES)


def _atom_problems(content: bytes) -> list[str]:
    """The elements RFC 4287 requires of a feed and its entries (§4.1.1, §4.1.2)."""
    root = ET.fromstring(content)
    problems = []
    for required in ("id", "title", "updated"):
        if root.find(ATOM + required) is None:
            problems.append(f"feed: missing {required}")
    feed_author = root.find(ATOM + "author")
    if feed_author is not None and not (feed_author.findtext(ATOM + "name") or "").strip():
        problems.append("feed: author without a name")
    entries = root.findall(ATOM + "entry")
    for number, entry in enumerate(entries):
        for required in ("id", "title", "updated"):
            if entry.find(ATOM + required) is None:
                problems.append(f"entry {number}: missing {required}")
        if feed_author is None and entry.find(ATOM + "author") is None:
            problems.append(f"entry {number}: Missing entry element: author")
        if entry.find(ATOM + "content") is None and not any(
            link.get("rel", "alternate") == "alternate" for link in entry.findall(ATOM + "link")
        ):
            problems.append(f"entry {number}: no content and no alternate link")
    if not entries:
        problems.append("feed: no entries")
    return problems


@pytest.mark.parametrize("code", LANGUAGES)
def test_atom_feed_has_every_element_rfc_4287_requires(client, site, code):
    content = client.get(f"/{code}/atom/").content

    feed = feedparser.parse(content)

    assert not feed.bozo, feed.get("bozo_exception")
    assert _atom_problems(content) == []
    assert feed.feed.author == "Newsroom"
    # An entry whose source is known names it as its own author.
    if code == "fr":
        assert [e.get("author") for e in feed.entries].count("Agence") == 1


@pytest.mark.parametrize("code", LANGUAGES)
def test_rss_feed_parses_without_errors_and_has_the_channel_elements(client, site, code):
    feed = feedparser.parse(client.get(f"/{code}/feed/").content)

    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert feed.feed.title and feed.feed.link and feed.feed.description
    assert len(feed.entries) == 11
    assert all(entry.title and entry.link for entry in feed.entries)
