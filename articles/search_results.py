"""What a search results page shows besides the stories: plain data for the template.

`results_page()` takes the page of stories the front page found (already the
edition's, filtered and paginated by the view) and adds, for each, a snippet
of the passage that matched with the reader's words marked; and when nothing
was found, the two ways out of a dead end: a "did you mean" spelling that
does find stories in this edition, and the other editions that have stories
for the same words.

Nothing here widens what readers may see: every count and every check of a
suggestion goes through `search()` over `Article.objects.edition()`, so an
unpublished or scheduled version is never found, counted or suggested. The
vocabulary table holds every version's words, published or not, so it only
proposes candidates: each word of a suggestion is checked on its own against
published text of the edition, and shown as that text writes it.
Snippets are `Part`s (text, marked or not): the template escapes each one.

`FoundStories` is what the front page paginates when searching: the ids of
the search's matches, read once in their order (`articles.search.found_ids`),
and each page's stories looked up by id. Paginated as a queryset, the search
ran twice, once for the count and once for the page, each finding and
ranking the newest matches again: a word in almost every story cost a page
262 M instructions at 100,000 versions, 175 M now (BENCHMARKS.md, Reader
search).

What "did you mean" offers, for each word the edition's vocabulary lacks: a
word it holds one typing slip away — a letter left out ("whsper"), one too
many, one wrong, or two swapped ("wrold") — the closest of those by trigram
similarity, then by length. Accents are no slip: the vocabulary is folded, so
"role" and "rôle" are one word. A word two slips away ("acomodation") gets no
suggestion; most misspellings are one slip (Damerau's four kinds), and the
reader still gets the other editions. The candidates are the few hundred
spellings one slip from the word, looked up by the vocabulary's key
(language, word): their number depends on the word, not on the vocabulary, so
the page costs the same at 100,000 versions as at 1,000. The trigram search
this replaced (migration 0008's trigram indexes, dropped by 0012) fetched every
word sharing a few letters with the typed one: 132 ms on PostgreSQL and 25 ms
on SQLite at 100,000 versions for the benchmark's typo, against 1.7 and 0.4 ms
for this look-up (BENCHMARKS.md, Reader search).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connections, router
from django.urls import reverse
from django.utils import translation

from articles.language_names import name_in_sentence
from articles.models import LANGUAGE_CODES, Article, localized, split_body
from articles.search import MAX_TERMS, max_results, query_terms, search
from articles.search_index import WORD_TABLE
from articles.search_text import (
    WORD,
    Part,
    fold,
    in_vocabulary,
    marked,
    one_edit_away,
    query_stems,
    quiet_words,
    similarity,
    snippet,
)
from articles.stop_words import STOP_WORDS

#: "Did you mean": the closest candidates per word checked against published text, and how
#: many of the stories holding a candidate's stem are read for its spelling.
CANDIDATES_CHECKED = 3
SPELLING_STORIES = 20
SENTENCE = re.compile(r"(?<=[.!?:])\s+|\n+")


@dataclass(frozen=True)
class Hit:
    article: Article
    #: The passage that matched, the reader's words marked; [] when only the title did.
    snippet: list[Part]
    #: The title, the reader's words marked.
    title: list[Part] = field(default_factory=list)
    #: With no snippet: the lede, marked as the title is (a title-only hit still shows it).
    lede: list[Part] = field(default_factory=list)


@dataclass(frozen=True)
class OtherEdition:
    language: str
    name: str
    count: int
    url: str

    @property
    def more(self) -> bool:
        """Over the search's cap: `count` is the cap, and there are more."""
        return self.count > max_results()


@dataclass
class ResultsPage:
    query: str
    count: int
    language_name: str
    hits: list[Hit] = field(default_factory=list)
    suggestion: str = ""
    suggestion_url: str = ""
    other_editions: list[OtherEdition] = field(default_factory=list)

    @property
    def more(self) -> bool:
        """Over the search's cap: the page shows the newest matches and says "more than"."""
        return self.count > max_results()

    @property
    def cap(self) -> int:
        return max_results()


class FoundStories:
    """A search's stories for a `Paginator`: its length is the number found, and a slice
    of it the stories of one page, in the search's order.

    `ids` are the search's, read once (`articles.search.found_ids`: at most
    `max_results() + 1`). A page's stories come from `stories`, the edition looked up
    by id (`ArticleQuerySet.edition_by_id`: the gate still applies); a story that left
    the edition in between is left out.
    """

    def __init__(self, ids: list[int], stories):
        self.ids = ids
        self.stories = stories

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, page: slice) -> list[Article]:
        ids = self.ids[page]
        if not ids:
            return []
        by_id = {story.pk: story for story in self.stories.filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]


def results_page(*, query: str, language: str, articles, count: int, now) -> ResultsPage:
    """The results page of `query` in `language`'s edition; `articles` is the page shown."""
    terms = query_terms(query)
    stems = query_stems(terms, language)
    quiet = quiet_words(terms, language)
    page = ResultsPage(
        query=query,
        count=count,
        language_name=name_in_sentence(language),
        hits=[hit(article, language, stems, quiet) for article in articles],
    )
    if count == 0:
        page.suggestion = suggestion(query, language, now)
        if page.suggestion:
            page.suggestion_url = search_url(language, page.suggestion)
        page.other_editions = other_editions(query, language, now)
    return page


def hit(article: Article, language: str, stems: list[str], quiet: frozenset[str]) -> Hit:
    """A found story as the results page shows it: its title and the passage that matched,
    the reader's words marked, or its lede when only the title matched."""
    wanted = set(stems)
    found = hit_snippet(article, language, stems, quiet)
    lede = article.text("lede", language)
    return Hit(
        article,
        found,
        title=marked(article.text("title", language), wanted, language, quiet),
        lede=[] if found or not lede else marked(lede, wanted, language, quiet),
    )


def hit_snippet(
    article: Article, language: str, stems: list[str], quiet: frozenset[str] = frozenset()
) -> list[Part]:
    """The lede or body passage with most of the reader's words, marked ([] if none has any)."""
    passages = [article.text("lede", language)]
    passages += [block.removeprefix("## ") for block in split_body(article.text("body", language))]
    return snippet([p for p in passages if p], stems, language, quiet)


def search_url(language: str, query: str) -> str:
    with translation.override(language):
        return f"{reverse('articles:index')}?{urlencode({'q': query})}"


def other_editions(query: str, language: str, now) -> list[OtherEdition]:
    """The other editions with stories for `query`, each with its count (one query each)."""
    found = []
    for code in LANGUAGE_CODES:
        if code == language:
            continue
        count = search(Article.objects.edition(code, now), code, query).count()
        if count:
            found.append(OtherEdition(code, name_in_sentence(code), count, search_url(code, query)))
    return found


def suggestion(query: str, language: str, now) -> str:
    """`query` with each word the edition does not know replaced by the closest one it does,
    if that finds stories in the edition; "" otherwise.

    Only published text of the edition decides, word by word: a typed word is "known" when
    the edition's search finds it alone, and a replacement is offered only as published
    text of the edition writes it (`published_spelling`). The vocabulary table, which holds
    drafts' words too, only proposes candidates. Checking the whole corrected query was
    not enough: on PostgreSQL "or" made one published word suffice, and the words of a
    draft came through (issue 27, point 1). Names keep their case, the query keeps its
    punctuation ("HIV/Aids"), words in capitals (acronyms) are never corrected, and stop
    words ("sino") are never offered.
    """
    edition = Article.objects.edition(language, now)
    typed = [m for m in WORD.finditer(query)][:MAX_TERMS]
    stop = STOP_WORDS.get(language, frozenset())
    unknown = {}
    for match in typed:
        word, key = match.group(), fold(match.group())
        if not in_vocabulary(key) or key in unknown or (word.isupper() and len(word) > 1):
            continue
        if not search(edition, language, word).exists():
            unknown[key] = match
    if not unknown:
        return ""
    close = _closest_words(language, list(unknown), exclude=stop)
    corrected = {}
    for key, candidates in close.items():
        for candidate in candidates[:CANDIDATES_CHECKED]:
            shown = published_spelling(edition, language, candidate)
            if shown:
                corrected[key] = shown
                break
    if len(corrected) < len(unknown):
        return ""
    text, position = [], 0
    for key, match in sorted(unknown.items(), key=lambda item: item[1].start()):
        text += [query[position : match.start()], corrected[key]]
        position = match.end()
    text = ("".join(text) + query[position:]).strip()
    if len(typed) > 1 and not search(edition, language, text).exists():
        return ""
    return text


def published_spelling(edition, language: str, key: str) -> str:
    """How published text of `edition` writes the folded word `key`, or "" if none does.

    The edition's search finds the stories with the word's stem; their text must hold the
    word itself (a draft's "zorblaxian" is not offered because "zorblaxians" is
    published). A word written with a capital wherever it is not the first of a sentence
    is a name and keeps it ("Scholz"); any other is shown in lower case."""
    columns = [localized(f, language) for f in ("title", "lede", "body")]
    texts = search(edition, language, key).values_list(*columns)[:SPELLING_STORIES]
    spellings = []
    for text in (t for row in texts for t in row if t):
        for sentence in SENTENCE.split(text):
            for position, match in enumerate(WORD.finditer(sentence)):
                if fold(match.group()) == key:
                    spellings.append((position == 0, match.group()))
    if not spellings:
        return ""
    inside = [word for first, word in spellings if not first]
    if inside and all(word[0].isupper() for word in inside):
        return inside[0]
    return spellings[0][1].lower()


def _closest_words(language: str, keys: list[str], exclude=frozenset()) -> dict[str, list[str]]:
    """For each of `keys` (folded words the edition lacks) the vocabulary's words a typing
    slip away (not in `exclude`), closest first: by trigram similarity, then length."""
    edits = {key: one_edit_away(key) for key in keys}
    spellings = _vocabulary(language, list(set().union(*edits.values())))
    closest = {}
    for key, near in edits.items():
        scored = sorted(
            (
                (similarity(key, word), -abs(len(word) - len(key)), word)
                for word in near.intersection(spellings)
                if word not in exclude
            ),
            reverse=True,
        )
        if scored:
            closest[key] = [word for _score, _length, word in scored]
    return closest


def _vocabulary(language: str, keys: list[str]) -> dict[str, str]:
    """Those of the folded words `keys` that `language`'s vocabulary holds, each with its
    display form: one look-up of the (language, word) key per word."""
    if not keys:
        return {}
    connection = connections[router.db_for_read(Article)]
    # One parameter, however many words (SQLite's and psycopg's limits on parameters), read
    # as a subquery: PostgreSQL then estimates a few hundred words and looks each one up by
    # key, where for `= ANY(%s)` it read the language's whole vocabulary (2.4 against 0.8 ms
    # at 100,000 versions, growing with the vocabulary).
    if connection.vendor == "postgresql":
        among = "IN (SELECT unnest(%s::text[]))"
    else:
        among, keys = "IN (SELECT value FROM json_each(%s))", json.dumps(keys)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT word, display FROM {WORD_TABLE} WHERE language = %s AND word {among}",
            [language, keys],
        )
        return dict(cursor.fetchall())
