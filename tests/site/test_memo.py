"""`{% memo_per_language %}`: rendered once per language unless its condition holds."""

from django.template import engines
from django.utils import translation

TEMPLATE = engines["django"].from_string(
    '{% load memo %}{% memo_per_language "test-memo" unless bound %}{{ word }}{% endmemo_per_language %}'
)


def test_content_is_kept_per_language_and_rendered_fresh_when_the_condition_holds():
    with translation.override("fr"):
        first = TEMPLATE.render({"word": "un", "bound": False})
        kept = TEMPLATE.render({"word": "deux", "bound": False})
        fresh = TEMPLATE.render({"word": "trois", "bound": True})
    with translation.override("de"):
        other_language = TEMPLATE.render({"word": "vier", "bound": False})

    assert (first, kept, fresh, other_language) == ("un", "un", "trois", "vier")


def test_memo_by_renders_once_per_key_and_anew_for_a_new_key():
    template = engines["django"].from_string(
        "{% load memo %}{% memo_by key %}{{ word }}{% endmemo_by %}"
    )

    first = template.render({"key": ("story", 1, "Title"), "word": "first"})
    same_key = template.render({"key": ("story", 1, "Title"), "word": "second"})
    changed = template.render({"key": ("story", 1, "New title"), "word": "third"})

    assert (first, same_key, changed) == ("first", "first", "third")


def test_two_memo_by_blocks_with_one_key_each_show_their_own_content():
    # A search hit memoises its heading and its links, both by the story's teaser key.
    template = engines["django"].from_string(
        "{% load memo %}{% memo_by key %}<h2>{{ word }}</h2>{% endmemo_by %}"
        "{% memo_by key %}<ul>{{ word }}</ul>{% endmemo_by %}"
    )

    assert template.render({"key": ("story", 2), "word": "x"}) == "<h2>x</h2><ul>x</ul>"


def test_memo_by_renders_fresh_when_its_condition_holds():
    template = engines["django"].from_string(
        "{% load memo %}{% memo_by key unless filtered %}{{ word }}{% endmemo_by %}"
    )

    first = template.render({"key": ("list", 1), "word": "first", "filtered": False})
    kept = template.render({"key": ("list", 1), "word": "second", "filtered": False})
    fresh = template.render({"key": ("list", 1), "word": "third", "filtered": True})

    assert (first, kept, fresh) == ("first", "first", "third")


def test_a_changed_story_shows_at_once_on_the_front_page(client, db):
    from articles.models import Status
    from tests.factories import make_article

    article = make_article(("en",), Status.PUBLISHED, title_en="Harbour reopens")
    assert "Harbour reopens" in client.get("/en/").content.decode()

    article.title_en = "Harbour stays shut"
    article.save()

    assert "Harbour stays shut" in client.get("/en/").content.decode()


def test_an_edited_body_shows_at_once_on_the_story_page(client, db):
    from articles.models import Status
    from tests.factories import make_article

    article = make_article(("en",), Status.PUBLISHED, title_en="Harbour", body_en="Old text.")
    assert "Old text." in client.get("/en/harbour/").content.decode()

    article.body_en = "New text."
    article.save()

    assert "New text." in client.get("/en/harbour/").content.decode()


def test_past_the_limit_the_least_recently_used_text_goes(monkeypatch):
    # Many searches' hits must not push out what every page uses (header, footer, teasers).
    from articles.templatetags import memo

    monkeypatch.setattr(memo, "_MEMO_LIMIT", 2)
    monkeypatch.setattr(memo, "_MEMO", type(memo._MEMO)())
    template = engines["django"].from_string(
        "{% load memo %}{% memo_by key %}{{ word }}{% endmemo_by %}"
    )

    def render(key, word):
        return template.render({"key": key, "word": word})

    render("header", "kept")
    render("hit 1", "one")
    render("header", "again")  # used: now the most recent
    render("hit 2", "two")  # past the limit: "hit 1" goes, not "header"

    assert render("header", "fresh") == "kept"
    assert render("hit 1", "fresh") == "fresh"
