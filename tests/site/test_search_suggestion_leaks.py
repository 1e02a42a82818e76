""" "Did you mean" offers only words that published text of the edition holds (issue 27, 1).

A French draft holds "Zorblaxian", a published French story "enquête": a reader who types
"zorblaxiam or enqueet" must never be offered "zorblaxian", whatever state the draft is
in, and on PostgreSQL as on SQLite (tests/production/test_search_postgres.py runs these
on PostgreSQL).
"""

import re

import pytest
from django.utils import timezone

from articles.models import Status
from tests.factories import make_article
from tests.site.conftest import set_state

pytestmark = pytest.mark.django_db

HOUR = timezone.timedelta(hours=1)


def suggested(client, language, query) -> str | None:
    html = client.get(f"/{language}/", {"q": query}).content.decode()
    link = re.search(r'<p class="suggestion">[^<]*<a href="[^"]+">([^<]+)</a>', html)
    return link and link.group(1)


def secret_in(state: str):
    """A French text holding "Zorblaxian" that readers cannot see, in `state`."""
    body = "Le projet Zorblaxian du ministre reste secret."
    if state == "new language of a published story":
        article = make_article(("en", "fr"), Status.PUBLISHED, body_fr=body)
        set_state(article, "fr", Status.DRAFT)
        return article
    if state == "scheduled":
        later = timezone.now() + HOUR
        return make_article(("fr",), Status.PUBLISHED, published_at=later, body_fr=body)
    status = {"draft": Status.DRAFT, "in review": Status.IN_REVIEW, "archived": Status.ARCHIVED}
    return make_article(("fr",), status[state], body_fr=body)


UNPUBLISHED_STATES = ["draft", "in review", "scheduled", "archived"]
UNPUBLISHED_STATES += ["new language of a published story"]


def check_no_unpublished_word_is_suggested(client, state):
    secret_in(state)
    make_article(("fr",), Status.PUBLISHED, title_fr="Une enquête ouverte", body_fr="Texte.")
    for query in ["zorblaxiam or enqueet", "zorblaxiam OR enqueet", "zorblaxiam", "zorblaxiann"]:
        offered = suggested(client, "fr", query) or ""
        assert "zorblaxian" not in offered.casefold(), (state, query, offered)
    # The published word alone is still offered: the check is word by word, not all or nothing.
    assert suggested(client, "fr", "enqueet") == "enquête"


@pytest.mark.parametrize("state", UNPUBLISHED_STATES)
def test_a_word_only_unpublished_text_holds_is_never_suggested(client, state):
    check_no_unpublished_word_is_suggested(client, state)


def test_a_published_word_with_the_same_stem_does_not_reveal_the_drafts_spelling(client):
    make_article(("fr",), Status.DRAFT, body_fr="Le projet Zorblaxian.")
    make_article(("fr",), Status.PUBLISHED, body_fr="Les Zorblaxians arrivent.")
    assert suggested(client, "fr", "zorblaxiam") in (None, "Zorblaxians")


def test_a_typed_word_known_only_from_a_draft_is_still_corrected_to_a_published_one(client):
    # Were drafts' words "known", typing one would withhold the suggestion and so tell it.
    make_article(("en",), Status.DRAFT, body_en="The merged plan.")
    make_article(("en",), Status.PUBLISHED, body_en="The merger plan.")
    assert suggested(client, "en", "merged") == "merger"
