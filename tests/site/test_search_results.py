"""The search results page: what it found, why each story matches, and no dead ends."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Status
from tests.factories import make_article
from tests.site.conftest import set_state

pytestmark = pytest.mark.django_db


def page(client, language, query, **params) -> str:
    response = client.get(f"/{language}/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def heading(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)


def suggested(html: str) -> str | None:
    """The "did you mean" link's text, in any language."""
    link = re.search(r'<p class="suggestion">[^<]*<a href="[^"]+">([^<]+)</a>', html)
    return link and link.group(1)


def snippets(html: str) -> list[str]:
    return re.findall(r'<p class="snippet">(.*?)</p>', html, re.S)


def test_the_heading_says_how_many_results_for_what(client):
    for n in range(3):
        make_article(("fr",), Status.PUBLISHED, title_fr=f"Enquête numéro {n}")
    html = page(client, "fr", "enquete")
    assert heading(html) == "3 résultats pour « enquete »"
    assert "<title>Recherche : enquete · Newsroom</title>" in html
    assert heading(page(client, "en", "harbour")) == "No results for “harbour”"


def test_a_story_found_through_its_body_shows_the_passage_with_the_words_marked(client):
    make_article(
        ("en",),
        Status.PUBLISHED,
        title_en="Audio tools compared",
        lede_en="A lede without the word.",
        body_en="First paragraph.\n\nThe Whisper model transcribes <b>speech</b>.\n\nLast.",
    )
    html = page(client, "en", "whisper")
    assert snippets(html) == [
        "The <mark>Whisper</mark> model transcribes &lt;b&gt;speech&lt;/b&gt;."
    ]
    assert "A lede without the word." not in html


def test_an_imported_script_in_a_matching_passage_stays_text(client):
    make_article(
        ("fr",),
        Status.PUBLISHED,
        title_fr="Piège",
        body_fr='Une enquête <script>alert("x")</script> et <mark>faux</mark>.',
    )
    html = page(client, "fr", "enquête")
    [shown] = snippets(html)
    assert shown == (
        "Une <mark>enquête</mark> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; et "
        "&lt;mark&gt;faux&lt;/mark&gt;."
    )
    assert "<script>alert" not in html


def test_a_misspelled_query_gets_a_suggestion_that_finds_the_story(client):
    make_article(
        ("en",), Status.PUBLISHED, title_en="Speech to text", body_en="OpenAI released Whisper."
    )
    html = page(client, "en", "whsper")
    assert heading(html) == "No results for “whsper”"
    link = re.search(r'Did you mean: <a href="([^"]+)">([^<]+)</a>', html)
    # A name inside a sentence keeps its capital (issue 30, point 7: "Olaf scholz").
    assert link.group(2) == "Whisper"
    followed = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert heading(followed) == "1 result for “Whisper”"
    assert "Speech to text" in followed


def test_two_swapped_letters_get_the_word_with_its_accent(client):
    make_article(("fr",), Status.PUBLISHED, title_fr="Le rôle du port", body_fr="Texte.")
    make_article(("en",), Status.PUBLISHED, title_en="World news", body_en="Text.")
    assert suggested(page(client, "fr", "rloe")) == "rôle"
    assert suggested(page(client, "en", "wrold")) == "world"


def test_a_word_two_slips_away_gets_no_suggestion(client):
    make_article(("en",), Status.PUBLISHED, title_en="Accommodation prices", body_en="Text.")
    html = page(client, "en", "acomodation")
    assert heading(html) == "No results for “acomodation”"
    assert suggested(html) is None
    assert suggested(page(client, "en", "acommodation")) == "accommodation"


def test_a_spelling_found_only_in_unpublished_text_is_never_suggested(client):
    make_article(("en",), Status.IN_REVIEW, title_en="Secret merger plan")
    make_article(("en",), Status.PUBLISHED, title_en="Harbour news")
    html = page(client, "en", "mergr")
    assert "Did you mean" not in html
    assert "merger" not in html


def test_an_empty_edition_points_to_the_editions_that_have_results(client):
    make_article(("de", "es"), Status.PUBLISHED, title_de="Die Umfrage", title_es="La encuesta")
    make_article(("de",), Status.PUBLISHED, title_de="Noch eine Umfrage")
    make_article(("fr",), Status.PUBLISHED, title_fr="Autre chose")
    html = page(client, "fr", "umfrage")
    other = re.search(r'<p class="other-editions">(.*?)</p>', html, re.S).group(1)
    assert other.startswith("Aucun résultat en français · ")
    assert re.findall(r'<a href="([^"]+)" hreflang="(\w+)">([^<]+)</a>', other) == [
        ("/de/?q=umfrage", "de", "2 en allemand")
    ]
    german = client.get("/de/", {"q": "umfrage"}).content.decode()
    assert heading(german) == "2 Ergebnisse für „umfrage“"


def test_unpublished_versions_are_never_counted_in_another_edition(client):
    article = make_article(("de", "es"), Status.PUBLISHED, title_de="x", title_es="Encuesta")
    set_state(article, "de", Status.IN_REVIEW)
    make_article(
        ("de",),
        Status.PUBLISHED,
        title_de="Encuesta geplant",
        published_at=timezone.now() + timezone.timedelta(days=1),
    )
    html = page(client, "fr", "encuesta")
    other = re.search(r'<p class="other-editions">(.*?)</p>', html, re.S).group(1)
    assert "1 en espagnol" in other
    assert "allemand" not in other


def test_unpublished_text_is_never_found_or_shown_in_a_snippet(client):
    article = make_article(("en", "fr"), Status.PUBLISHED, body_en="Public words.")
    set_state(article, "fr", Status.DRAFT)
    article.body_en = "Public words."
    article.body_fr = "Le mot secret."
    article.save()
    html = page(client, "fr", "secret")
    assert heading(html) == "Aucun résultat pour « secret »"
    assert "secret." not in html and not snippets(html)


def test_query_count_is_the_same_for_one_hit_or_a_full_page(client, django_assert_num_queries):
    make_article(("en", "fr"), Status.PUBLISHED, title_en="Harbour 0")
    with django_assert_num_queries(QUERIES_WITH_RESULTS):
        page(client, "en", "harbour")
    for n in range(1, 25):
        make_article(("en", "fr"), Status.PUBLISHED, title_en=f"Harbour {n}")
    with django_assert_num_queries(QUERIES_WITH_RESULTS):
        html = page(client, "en", "harbour")
    assert len(snippets(html)) == 0 and html.count('<article class="teaser">') == 10


def test_query_count_of_a_dead_end_is_pinned(client, django_assert_num_queries):
    make_article(("en", "de"), Status.PUBLISHED, title_en="Harbour reopens", title_de="Hafen")
    with django_assert_num_queries(dead_end_queries(typed=2, unknown=1)):
        html = page(client, "en", "reopens habour")
    assert 'Did you mean: <a href="/en/?q=reopens+harbour">reopens harbour</a>' in html
    with django_assert_num_queries(dead_end_queries(typed=2, unknown=2)):
        html = page(client, "en", "reopns habour")
    assert 'Did you mean: <a href="/en/?q=reopens+harbour">reopens harbour</a>' in html


def test_a_search_page_finds_and_ranks_its_matches_once(client):
    # The count and the page both come from one search (`FoundStories`): searched twice, a
    # word in almost every story cost each page the finding and ranking of its newest
    # matches twice.
    for n in range(12):
        make_article(("en",), Status.PUBLISHED, title_en=f"Harbour {n}")
    with CaptureQueriesContext(connection) as queries:
        html = page(client, "en", "harbour", page=2)
    assert heading(html) == "12 results for “harbour”"
    assert html.count('<article class="teaser">') == 2
    searches = [q["sql"] for q in queries if "article_search" in q["sql"] or "@@" in q["sql"]]
    assert len(searches) == 1


def test_a_search_has_a_last_page_and_no_page_beyond_it(client):
    for n in range(12):
        make_article(
            ("en",),
            Status.PUBLISHED,
            timezone.now() - timezone.timedelta(days=n),
            title_en=f"Harbour {n}",
        )
    last = page(client, "en", "harbour", page="last")
    assert re.findall(r"><mark>Harbour</mark> (\d+)<", last) == ["10", "11"]
    assert client.get("/en/", {"q": "harbour", "page": 3}).status_code == 404


#: The ids found, in order (the count is theirs), the page's stories by id, their live
#: versions; snippets come from the rows already read.
QUERIES_WITH_RESULTS = 3


def dead_end_queries(*, typed: int, unknown: int) -> int:
    """The ids found (none); for the suggestion a search per typed word (is it published?),
    the close ones to every unknown word, a read of published text per unknown word (its
    spelling there), the check that the whole suggestion finds stories; one count per
    other edition."""
    return 1 + typed + 1 + unknown + 1 + 4


def test_did_you_mean_keeps_names_case_and_the_querys_punctuation(client):
    # Issue 30, point 7: "Olaf scholz", "HIV/Aids" turned into "hit aid".
    make_article(("de",), Status.PUBLISHED, body_de="Kanzler Olaf Scholz besucht Kiel.")
    make_article(("en",), Status.PUBLISHED, body_en="A new HIV/Aids clinic opens.")
    assert suggested(page(client, "de", "Olaf Schlz")) == "Olaf Scholz"
    assert suggested(page(client, "en", "HIV/Aidss")) == "HIV/Aids"


def test_did_you_mean_never_offers_a_conjunction(client):
    # "niño" → "sino": a stop word is never a correction.
    make_article(("es",), Status.PUBLISHED, body_es="No es uno sino dos.")
    assert suggested(page(client, "es", "niño")) is None


def titles_marked(html: str) -> list[str]:
    return re.findall(r'<h2><a href="[^"]+">(.*?)</a></h2>', html)


def test_titles_are_marked_and_a_title_only_hit_shows_its_lede(client):
    # Issue 30, point 7: titles were never marked; a title-only hit showed an unmarked lede.
    make_article(
        ("en",),
        Status.PUBLISHED,
        title_en="Harbour reopens",
        lede_en="Ships are back.",
        body_en="x",
    )
    html = page(client, "en", "harbour")
    assert titles_marked(html) == ["<mark>Harbour</mark> reopens"]
    assert '<p class="lede">Ships are back.</p>' in html


def test_stop_words_and_elided_articles_are_not_marked_unless_they_are_the_search(client):
    make_article(
        ("fr",),
        Status.PUBLISHED,
        title_fr="Titre",
        body_fr="La police ouvre l\u2019enquête sur le port.",
    )
    [shown] = snippets(page(client, "fr", "l'enquête le port"))
    assert shown == "La police ouvre l\u2019<mark>enquête</mark> sur le <mark>port</mark>."
    make_article(("en",), Status.PUBLISHED, title_en="Title", body_en="What the WHO said.")
    assert snippets(page(client, "en", "WHO")) == ["What the <mark>WHO</mark> said."]


def test_the_filters_stay_closed_when_the_reader_only_searched(client):
    make_article(("en",), Status.PUBLISHED, title_en="Harbour news")
    assert '<details class="filters">' in page(client, "en", "harbour")
    assert '<details class="filters" open>' in page(client, "en", "harbour", key_points="on")
