"""One story in one language: its text, its structure, and links only to live versions."""

import hashlib
import itertools
import re

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from articles.models import ImportRun, SourceDocument, Status
from tests.factories import make_article
from tests.site.conftest import HOUR, set_state

pytestmark = pytest.mark.django_db

FR_URL = "/fr/le-pont-du-port-rouvre/"


def test_article_shows_title_lede_body_key_points_source_and_time(client, story):
    html = client.get(FR_URL).content.decode()

    assert "<h1>Le pont du port rouvre</h1>" in html
    assert '<p class="lede">Lede of story 1 (fr).</p>' in html
    assert "<p>Le pont a rouvert lundi.</p>" in html
    assert "<h2>Ce qui change</h2>" in html  # "## " block -> subheading
    assert re.search(r"<li>Pont rouvert</li>\s*<li>Circulation rétablie</li>", html)
    assert "Service de presse de la ville" in html
    # The publication time as French writes it: "21 novembre 2026 11:35".
    published = timezone.localtime(story.versions.get(language="fr").published_at)
    with translation.override("fr"):
        assert f">{date_format(published, 'DATETIME_FORMAT')}</time>" in html
    assert re.search(r">\d{1,2} [a-zéû]+ \d{4} \d{2}:\d{2}</time>", html)


def test_headings_are_in_order_and_the_page_is_marked_with_its_language(client, story):
    html = client.get(FR_URL).content.decode()

    assert '<html lang="fr"' in html
    assert '<article class="story" lang="fr">' in html
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", html)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in html


def test_stored_text_is_escaped_never_rendered_as_html(client):
    make_article(
        ("en",),
        Status.PUBLISHED,
        title_en="Hostile <script>alert(1)</script>",
        slug_en="hostile",
        lede_en='"><img src=x onerror=alert(2)>',
        body_en="Plain <b>bold</b> & more\n\n## <i>Sub</i>",
        key_points_en="<em>point</em>",
    )

    html = client.get("/en/hostile/").content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert "<p>Plain &lt;b&gt;bold&lt;/b&gt; &amp; more</p>" in html
    assert "<h2>&lt;i&gt;Sub&lt;/i&gt;</h2>" in html
    assert "<li>&lt;em&gt;point&lt;/em&gt;</li>" in html


@pytest.mark.parametrize(
    ("status", "published_at"),
    [
        (Status.DRAFT, None),
        (Status.IN_REVIEW, None),
        (Status.ARCHIVED, timezone.now() - HOUR),
        (Status.PUBLISHED, timezone.now() + HOUR),
    ],
    ids=["draft", "in_review", "archived", "scheduled"],
)
def test_a_version_readers_may_not_see_is_a_404_and_never_linked(
    client, story, status, published_at
):
    set_state(story, "fr", status, published_at)

    assert client.get(FR_URL).status_code == 404
    english = client.get("/en/harbour-bridge-reopens/").content.decode()
    assert "le-pont-du-port-rouvre" not in english  # neither switcher nor hreflang
    assert '<link rel="alternate" hreflang="fr"' not in english


def test_switcher_lists_only_the_other_live_versions_each_with_its_own_slug(client, story):
    html = client.get(FR_URL).content.decode()
    switcher = re.search(r'<nav class="switcher".*?</nav>', html, re.S).group(0)

    links = re.findall(r'<a href="([^"]+)" lang="(\w+)" hreflang="\w+">([^<]+)</a>', switcher)
    # In the editions' order, as the header lists them (issue 30, point 8).
    assert links == [
        ("/en/harbour-bridge-reopens/", "en", "English"),
        ("/de/hafenbrucke-wieder-offen/", "de", "Deutsch"),
    ]
    assert "Également disponible en" in switcher


def test_hreflang_alternates_and_canonical_name_every_live_version(client, story):
    html = client.get(FR_URL).content.decode()
    head = html.split("</head>")[0]

    alternates = re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', head)
    assert alternates == [
        ("en", "http://testserver/en/harbour-bridge-reopens/"),
        ("fr", "http://testserver/fr/le-pont-du-port-rouvre/"),
        ("de", "http://testserver/de/hafenbrucke-wieder-offen/"),
        ("x-default", "http://testserver/en/harbour-bridge-reopens/"),
    ]
    assert '<link rel="canonical" href="http://testserver/fr/le-pont-du-port-rouvre/">' in head


def test_x_default_falls_back_to_the_source_language_without_english(client):
    make_article(
        ("fr", "de"), Status.PUBLISHED, title_fr="Seul", title_de="Allein", source_language="de"
    )

    head = client.get("/fr/seul/").content.decode().split("</head>")[0]

    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/de/allein/">' in head


def test_a_slug_from_another_language_is_not_found_in_this_edition(client, story):
    assert client.get("/fr/harbour-bridge-reopens/").status_code == 404


def test_get_absolute_url_is_the_version_in_the_active_language(story):
    with translation.override("de"):
        assert story.get_absolute_url() == "/de/hafenbrucke-wieder-offen/"
    with translation.override("en"):
        assert story.get_absolute_url() == "/en/harbour-bridge-reopens/"


def test_article_page_query_count_is_fixed(client, django_assert_max_num_queries):
    languages = ("en", "id", "fr", "es", "de")
    for _ in range(20):
        make_article(languages, Status.PUBLISHED)
    target = make_article(languages, Status.PUBLISHED, title_en="Target")

    # The article with its live versions; its source file's passages and whether it began
    # as a machine translation (articles/provenance.py), each once for this text.
    with django_assert_max_num_queries(3):
        response = client.get("/en/target/")
    assert response.status_code == 200
    assert len(re.findall(r'hreflang="(\w+)" href=', response.content.decode())) == 5
    assert target.title_en in response.content.decode()
    with django_assert_max_num_queries(1):
        assert client.get("/en/target/").status_code == 200


def _apply_source_file(article, language: str, blocks: list[dict]) -> None:
    """As the importer applies a file: the older file replaced, the text saved."""
    SourceDocument.objects.filter(article=article, language=language).update(
        outcome=SourceDocument.Outcome.REPLACED
    )
    SourceDocument.objects.create(
        import_run=ImportRun.objects.create(source="bundle"),
        name=f"{language}.txt",
        sha256=hashlib.sha256(repr(blocks).encode()).hexdigest(),
        size=1,
        raw_text="…",
        article=article,
        language=language,
        parsed={"blocks": blocks},
    )
    article.save()


def test_passage_marks_follow_an_edit_and_a_newly_applied_file_at_once(client, story):
    """The marks are read once per text (`page_passage_languages`), never shown stale."""
    untranslated = {"text": "La circulation reprend.", "language": "en", "confidence": 0.97}
    _apply_source_file(story, "fr", [untranslated])
    assert '<p lang="en">La circulation reprend.</p>' in client.get(FR_URL).content.decode()

    # An editor translates the passage: the page shows the new text, unmarked.
    story.body_fr = story.body_fr.replace("La circulation reprend.", "Le trafic reprend.")
    story.save()
    body = client.get(FR_URL).content.decode().split('class="story-body"')[1]
    assert "<p>Le trafic reprend.</p>" in body
    assert 'lang="en"' not in body

    # A newer file whose detection marks a passage whose text did not change.
    _apply_source_file(
        story, "fr", [{"text": "Le pont a rouvert lundi.", "language": "en", "confidence": 0.9}]
    )
    assert '<p lang="en">Le pont a rouvert lundi.</p>' in client.get(FR_URL).content.decode()


def test_a_passage_left_in_another_language_carries_its_lang(client, story):
    """The importer's per-passage detection marks an untranslated paragraph for readers."""
    run = ImportRun.objects.create(source="bundle")
    SourceDocument.objects.create(
        import_run=run,
        name="fr.txt",
        sha256="f" * 64,
        size=1,
        raw_text="…",
        article=story,
        language="fr",
        parsed={
            "lede": {"text": "Lede of story 1 (fr).", "language": "fr", "confidence": 1.0},
            "blocks": [
                {"kind": "paragraph", "text": "Le pont a rouvert lundi.", "language": "fr"},
                {"kind": "paragraph", "text": "La circulation reprend.", "language": "en",
                 "confidence": 0.97},
                {"kind": "subheading", "text": "Ce qui change", "language": "ca",
                 "confidence": 0.2},
            ],
            "key_points": [{"text": "Pont rouvert", "language": "en", "confidence": 0.9}],
        },
    )  # fmt: skip

    html = client.get(FR_URL).content.decode()

    assert '<p lang="en">La circulation reprend.</p>' in html
    assert '<li lang="en">Pont rouvert</li>' in html
    assert "<p>Le pont a rouvert lundi.</p>" in html  # the page's own language: no attribute
    assert "<h2>Ce qui change</h2>" in html  # too unsure to mark
    assert '<p class="lede">' in html
