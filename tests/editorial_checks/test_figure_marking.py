"""A changed figure is marked in its own paragraph, not wherever the same value occurs."""

from articles.admin.findings import place
from articles.editorial_checks import figures
from articles.models import Finding
from tests.editorial_checks.helpers import story


def test_a_changed_figure_sits_and_is_marked_at_its_paragraph_only():
    bodies = {
        "en": "Of 18 members, 12 voted yes.\n\nThe vote took 18 minutes.",
        "fr": "Sur 18 membres, 12 ont voté oui.\n\nLe vote a duré 18 minutes.",
        "de": "Von 18 Mitgliedern stimmten 12 mit Ja.\n\nDie Abstimmung dauerte 12 Minuten.",
    }
    (data,) = figures.check(story(**bodies))
    finding = Finding(kind=data.kind, paragraph=data.paragraph, detail=dict(data.detail))

    by_paragraph, general = place([finding], bodies["de"].split("\n\n"))

    assert finding.words == ["12"]
    assert (list(by_paragraph), general) == ([1], [])


def test_a_changed_figure_in_the_lede_is_not_placed_in_the_body():
    finding = Finding(
        kind="figure_mismatch", paragraph=None, detail={"words": ["12"], "words_here_only": True}
    )

    by_paragraph, general = place([finding], ["Twelve: 12 voted.", "Then 12 left."])

    assert (by_paragraph, general) == ({}, [finding])
