from articles.editorial_checks import Story, VersionText, structure
from tests.editorial_checks.helpers import kinds

PARAGRAPH = "A paragraph of the story with enough words to count as real text for the check."


def version(language, paragraphs=6, lede="A lede.", key_points="One\nTwo", **kwargs):
    kwargs.setdefault("title", f"Title {language}")
    return VersionText(
        language=language,
        lede=lede,
        body="\n\n".join([PARAGRAPH] * paragraphs),
        key_points=key_points,
        **kwargs,
    )


def test_truncated_translation_is_flagged():
    story = Story(versions=(version("en"), version("fr"), version("de", paragraphs=2)))
    (finding,) = structure.check(story)
    assert (finding.language, finding.kind, finding.severity) == (
        "de",
        "structure_short",
        "advisory",
    )
    assert "2 paragraphs where the others have about 6" in finding.message


def test_versions_of_similar_length_are_not_flagged():
    story = Story(versions=(version("en", 6), version("fr", 5), version("de", 4)))
    assert list(structure.check(story)) == []


def test_missing_lede_and_key_points_that_the_others_have():
    story = Story(versions=(version("en"), version("fr"), version("es", lede="", key_points="")))
    assert kinds(structure.check(story)) == [
        ("es", "structure_missing_lede"),
        ("es", "structure_missing_key_points"),
    ]


def test_key_points_nobody_else_has_are_not_expected():
    story = Story(versions=(version("en", key_points=""), version("fr", key_points="")))
    assert list(structure.check(story)) == []


def test_derived_title_is_flagged_until_an_editor_writes_another():
    lede = "Sam Altman asked users on X which open model to release next, and the poll is close."
    derived = "Sam Altman asked users on X which open model to release…"
    story = Story(versions=(version("en", lede=lede, title=derived, title_derived=True),))
    (finding,) = structure.check(story)
    assert finding.kind == "structure_derived_title"
    assert derived in finding.message

    rewritten = Story(
        versions=(version("en", lede=lede, title="Altman polls users", title_derived=True),)
    )
    assert list(structure.check(rewritten)) == []
