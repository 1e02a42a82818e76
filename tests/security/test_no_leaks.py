"""Unpublished content never reaches a reader: crawl every public URL the site links to.

The seed bundle plus factory stories, each with versions in every unpublished
state (draft, in review, scheduled for later, archived, and unpublished after
having been published) next to published versions of the same story in other
languages. Each unpublished version carries its own marker word in every text
field and its slug. The crawler starts from every edition's front page, the
feeds, the sitemap, a search for each marker and the 404 pages, follows every
same-site URL (href, hreflang alternates, canonical, feed links, sitemap
<loc> and xhtml:link) breadth-first, and checks that no body or header holds
a marker and no URL points at an unpublished version.
"""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from articles.models import LANGUAGE_CODES, Article, LanguageVersion, Status, localized
from tests.factories import make_article

pytestmark = pytest.mark.django_db

HOUR = timezone.timedelta(hours=1)
# Any URL-ish attribute or XML text node: href/src/content, <loc>, <link>, <id>, <guid>.
_URLS = re.compile(
    r"""(?:href|src|content)\s*=\s*["']([^"']+)["']"""
    r"""|<(?:loc|link|id|guid)>\s*([^<\s]+)\s*</"""
)
NOWHERE = "qqnowherezz"  # a word that exists in no article: the baseline for search pages


def _unpublished_states(now):
    """(name, status, published_at) of every way a version can be invisible to readers."""
    return [
        ("draft", Status.DRAFT, None),
        ("review", Status.IN_REVIEW, None),
        ("scheduled", Status.PUBLISHED, now + 24 * HOUR),
        ("archived", Status.ARCHIVED, now - 48 * HOUR),
        # Unpublished after having been live: it keeps its old publication time.
        ("withdrawn", Status.DRAFT, now - 72 * HOUR),
    ]


def _put_marker(article: Article, language: str, marker: str) -> None:
    """Write `marker` into every text field and the slug of one language."""
    for field in ("title", "lede", "source_attribution"):
        setattr(article, localized(field, language), f"{marker.capitalize()} {field} words")
    setattr(article, localized("slug", language), f"{marker}-slug")
    setattr(article, localized("body", language), f"{marker} body.\n\n## {marker} heading\n\nEnd.")
    setattr(article, localized("key_points", language), f"{marker} point\nSecond point")


@pytest.fixture
def site():
    """The seed story and factory stories: published languages next to hidden ones.

    Returns {marker: LanguageVersion} for every hidden version.
    """
    call_command("import_seeds", verbosity=0)
    now = timezone.now()
    states = _unpublished_states(now)
    hidden: dict[str, LanguageVersion] = {}

    def hide(article, language, name, status, published_at):
        marker = f"zqleak{name}{language}"
        _put_marker(article, language, marker)
        article.save()
        LanguageVersion.objects.filter(article=article, language=language).update(
            status=status, published_at=published_at
        )
        hidden[marker] = LanguageVersion.objects.get(article=article, language=language)

    # The seed story: publish two of its languages, hide the others in two states.
    seed = Article.objects.get(versions__language="fr")
    seed_languages = list(seed.versions.values_list("language", flat=True))
    for language in seed_languages:
        if language in ("fr", "de"):
            LanguageVersion.objects.filter(article=seed, language=language).update(
                status=Status.PUBLISHED, published_at=now - 2 * HOUR
            )
    for (name, status, when), language in zip(
        states[:2], [code for code in seed_languages if code not in ("fr", "de")], strict=False
    ):
        hide(seed, language, f"seed{name}", status, when)

    # Factory stories: each state once per language, always next to a published version.
    for index, (name, status, when) in enumerate(states):
        published = LANGUAGE_CODES[index % len(LANGUAGE_CODES)]
        article = make_article(
            languages=LANGUAGE_CODES,
            status=Status.PUBLISHED,
            **{f"title_{code}": f"Visible story {index} {code}" for code in LANGUAGE_CODES},
        )
        for language in LANGUAGE_CODES:
            if language != published:
                hide(article, language, name, status, when)
    # A story with no published version at all.
    lonely = make_article(languages=("en", "fr"), status=Status.DRAFT)
    for language in ("en", "fr"):
        hide(lonely, language, "lonely", Status.DRAFT, None)
    return hidden


def _links(body: str, base_path: str) -> list[str]:
    """Same-site paths (with query) named anywhere in a page, feed or sitemap."""
    found = []
    for match in _URLS.finditer(body):
        url = unescape(match.group(1) or match.group(2))
        url, _fragment = urldefrag(url)
        parts = urlsplit(url)
        if parts.scheme and parts.netloc != "testserver":
            continue
        if not parts.scheme and not url.startswith("/"):
            continue  # relative or mailto: none on this site
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(("/static/", "/admin/")):
            continue
        found.append(path)
    return found


def _assert_clean(url: str, response, markers, echoed: str = "") -> None:
    """No marker in the body or any header, except a search term the page repeats back."""
    text = response.content.decode("utf-8", "replace").lower()
    if echoed:
        text = text.replace(echoed, "")
    headers = " ".join(f"{k}: {v}" for k, v in response.items()).lower()
    leaked = [m for m in markers if m in text or m in headers]
    assert not leaked, f"{url} shows unpublished text {leaked}"


def crawl(client: Client, start: list[str], markers, hidden_paths: set[str]) -> dict[str, int]:
    """Breadth-first over every same-site URL; returns {path: status}."""
    seen: dict[str, int] = {}
    queue = deque(start)
    while queue:
        path = queue.popleft()
        if path in seen:
            continue
        assert urlsplit(path).path not in hidden_paths, f"a public page links to {path}"
        response = client.get(path)
        seen[path] = response.status_code
        _assert_clean(path, response, markers)
        if response.status_code in (301, 302):
            queue.append(urlsplit(response["Location"]).path)
        elif response.status_code == 200:
            queue.extend(_links(response.content.decode(), path))
    return seen


def _hidden_paths(hidden) -> set[str]:
    return {version.get_absolute_url() for version in hidden.values()}


def _starts() -> list[str]:
    starts = ["/", "/sitemap.xml"]
    for code in LANGUAGE_CODES:
        starts += [f"/{code}/", f"/{code}/feed/", f"/{code}/atom/", f"/{code}/?page=2"]
    return starts


def test_crawl_from_every_edition_never_meets_unpublished_text_or_links(client, site):
    markers = list(site)
    seen = crawl(client, _starts(), markers, _hidden_paths(site))
    live = LanguageVersion.objects.published()
    # The crawl reached every live version, so it did look where the hidden ones would be.
    for version in live:
        assert seen.get(version.get_absolute_url()) == 200, version
    assert not any(status >= 500 for status in seen.values())
    assert len(seen) > 3 * len(LANGUAGE_CODES)


def test_unpublished_version_url_is_a_404_that_names_nothing_of_it(client, site):
    for marker, version in site.items():
        url = version.get_absolute_url()
        response = client.get(url)
        assert response.status_code == 404, url
        # The slug is in the address the reader typed; none of the version's text is served.
        _assert_clean(url, response, [marker], echoed=f"{marker}-slug")
        assert f"{marker} body" not in response.content.decode().lower()
        crawl(client, _links(response.content.decode(), url), list(site), _hidden_paths(site))


def test_search_for_an_unpublished_marker_finds_nothing_in_any_edition(client, site):
    for code in LANGUAGE_CODES:
        baseline = client.get(f"/{code}/", {"q": NOWHERE}).content.decode()
        for marker in site:
            response = client.get(f"/{code}/", {"q": marker})
            assert response.status_code == 200
            # Only the search box repeats the term back; the page is the "no results" page.
            page = response.content.decode()
            assert page.lower().count(marker) == baseline.count(NOWHERE), (code, marker)
            assert page.replace(marker, NOWHERE) == baseline, (code, marker)


def test_search_with_a_filter_for_an_unpublished_attribution_finds_nothing(client, site):
    for code in LANGUAGE_CODES:
        for marker in site:
            response = client.get(f"/{code}/", {"source": marker.capitalize()})
            _assert_clean(f"/{code}/?source=…", response, [m for m in site if m != marker])
            assert f"{marker} body" not in response.content.decode().lower()
            assert f"{marker.capitalize()} title" not in response.content.decode()


def test_unknown_pages_in_every_edition_are_404s_without_unpublished_text(client, site):
    markers = list(site)
    for code in LANGUAGE_CODES:
        for path in (f"/{code}/no-such-story/", f"/{code}/feed/nothing/", f"/{code}/x/y/"):
            response = client.get(path)
            assert response.status_code == 404
            _assert_clean(path, response, markers)
            crawl(client, _links(response.content.decode(), path), markers, _hidden_paths(site))


def test_scheduled_version_appears_everywhere_once_its_time_passes(client, site):
    scheduled = {m: v for m, v in site.items() if m.startswith("zqleakscheduled")}
    assert len(scheduled) == len(LANGUAGE_CODES) - 1
    LanguageVersion.objects.filter(pk__in=[v.pk for v in scheduled.values()]).update(
        published_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    still_hidden = {m: v for m, v in site.items() if m not in scheduled}
    seen = crawl(client, _starts(), list(still_hidden), _hidden_paths(still_hidden))
    for marker, version in scheduled.items():
        url = version.get_absolute_url()
        assert seen.get(url) == 200, url
        detail = client.get(url).content.decode().lower()
        assert f"{marker} body" in detail
        edition = f"/{version.language}/"
        for page in (edition, f"{edition}feed/", f"{edition}atom/", "/sitemap.xml"):
            assert marker in client.get(page).content.decode().lower(), (page, marker)
        assert marker in client.get(edition, {"q": marker}).content.decode().lower().replace(
            f'value="{marker}"', ""
        )
