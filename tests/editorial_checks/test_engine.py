import pytest

from articles.editorial_checks import run_checks, story_from_article
from articles.editorial_checks.engine import reserved_slugs
from tests.factories import make_article


@pytest.mark.django_db
def test_an_article_and_its_snapshot_give_the_same_findings_without_more_queries(
    django_assert_num_queries,
):
    article = make_article(
        languages=("en", "fr", "de"),
        title_fr="",
        body_en="OpenAI said. OpenAI left.",
        body_de="OpenAI sagte.",
        body_fr="Openai a dit. <b>Fin</b>.",
    )
    story = story_from_article(article)
    with django_assert_num_queries(0):
        from_story = run_checks(story)
    assert run_checks(article) == from_story
    # blocking kinds first, in the order an editor fixes them
    assert [(f.language, f.kind) for f in from_story] == [
        ("fr", "title_empty"),
        ("fr", "leftover_markup"),
        ("fr", "name_spelling"),
    ]


def test_slugs_of_the_site_s_own_pages_are_reserved():
    assert {"feed", "atom"} <= reserved_slugs()
    assert "" not in reserved_slugs()
