from articles.editorial_checks import Story, VersionText, titles
from tests.editorial_checks.helpers import kinds


def check(**fields):
    return list(titles.check(Story(versions=(VersionText(language="fr", **fields),))))


def test_empty_title_is_blocking():
    (finding,) = check(title="  ", body="Texte.")
    assert (finding.kind, finding.severity) == ("title_empty", "blocking")


def test_title_too_long_for_a_headline_is_advisory():
    (finding,) = check(title="Mot " * 40, slug="mot")
    assert (finding.kind, finding.severity) == ("title_too_long", "advisory")


def test_missing_slug_is_flagged():
    assert [f.kind for f in check(title="Un titre", slug="")] == ["slug_empty"]


def test_slug_used_by_another_article_is_flagged():
    story = Story(
        versions=(VersionText(language="fr", title="Un titre", slug="un-titre"),),
        taken_slugs={"fr": frozenset({"un-titre"})},
    )
    assert kinds(titles.check(story)) == [("fr", "slug_collision")]


def test_good_title_and_slug_have_no_findings():
    assert check(title="Un titre", slug="un-titre") == []


def test_slug_of_one_of_the_site_s_own_pages_is_blocking():
    story = Story(
        versions=(VersionText(language="fr", title="Feed", slug="feed"),),
        reserved_slugs=frozenset({"feed", "atom"}),
    )
    (finding,) = titles.check(story)
    assert (finding.kind, finding.severity) == ("slug_collision", "blocking")
