import pytest

from articles.editorial_checks import Story, VersionText, leftovers
from articles.editorial_checks.leftovers import ATTRIBUTION
from tests.editorial_checks.helpers import kinds, story

PROSE = "Le sondage se termine demain et les résultats seront publiés par l'entreprise."


def test_read_also_insert_is_flagged_with_its_paragraph():
    findings = list(
        leftovers.check(story(id=f"{PROSE}\n\nBACA JUGA: Harga emas naik lagi\n\n{PROSE}"))
    )
    assert [(f.kind, f.severity, f.paragraph) for f in findings] == [
        ("leftover_read_also", "advisory", 1)
    ]


def test_attribution_line_in_the_body_is_flagged():
    (finding,) = leftovers.check(
        story(id=f"{PROSE}\n\nCerita ini awalnya ditampilkan di Fortune.com")
    )
    assert (finding.kind, finding.paragraph) == ("leftover_attribution", 1)
    assert "source attribution" in finding.message


def test_boilerplate_is_flagged_but_prose_mentioning_a_newsletter_is_not():
    long_prose = (
        "The company said readers who subscribe to the newsletter will get the results first, "
        "although it did not say when the poll would close or how many people had voted so far."
    )
    findings = list(
        leftovers.check(story(en=f"{long_prose}\n\nSubscribe to our newsletter!\n\n{long_prose}"))
    )
    assert [(f.kind, f.paragraph) for f in findings] == [("leftover_boilerplate", 1)]


def test_html_markup_and_escaped_html_are_blocking():
    findings = list(
        leftovers.check(
            story(fr=f"<p>{PROSE}</p>\n\n{PROSE} &amp; plus.\n\n## Un intertitre\n\n{PROSE}")
        )
    )
    assert [(f.kind, f.severity, f.paragraph) for f in findings] == [
        ("leftover_markup", "blocking", 0),
        ("leftover_markup", "blocking", 1),
    ]


def test_markdown_heading_other_than_our_subheading_marker_is_markup():
    findings = list(leftovers.check(story(fr=f"{PROSE}\n\n### Partie\n\n## Intertitre\n\n{PROSE}")))
    assert [(f.kind, f.paragraph) for f in findings] == [("leftover_markup", 1)]


def test_markup_in_the_title_is_found_too():
    version = VersionText(language="en", title="<b>Big</b> news", body=PROSE)
    assert kinds(leftovers.check(Story(versions=(version,)))) == [("en", "leftover_markup")]


def test_a_tag_without_a_space_before_its_attributes_is_markup():
    # `<svg/onload=…>`: browsers read "/" as a separator, so the tag regex must too.
    body = f"{PROSE}\n\nVoir <svg/onload=alert(1)> ici.\n\n{PROSE} <img/src=x>"
    findings = list(leftovers.check(story(fr=body)))
    assert [(f.kind, f.paragraph) for f in findings] == [
        ("leftover_markup", 1),
        ("leftover_markup", 2),
    ]
    assert "<svg/onload=alert(1)>" in findings[0].message


def test_markup_in_the_source_attribution_is_found_too():
    version = VersionText(
        language="en", body=PROSE, source_attribution='<a href="https://x.example">Wire</a>'
    )
    (finding,) = leftovers.check(Story(versions=(version,)))
    assert (finding.kind, finding.severity) == ("leftover_markup", "blocking")
    assert finding.message.startswith("The source attribution contains markup")


def test_unfinished_last_sentence_is_flagged():
    (finding,) = leftovers.check(
        story(de=f"{PROSE}\n\nDie Umfrage läuft noch und die Ergebnisse werden")
    )
    assert (finding.kind, finding.paragraph) == ("leftover_unfinished", 1)


def test_finished_text_ending_in_a_quote_has_no_findings():
    body = f"{PROSE}\n\n“Saya mengharapkan itu akan jauh lebih tidak transparan,” katanya."
    assert list(leftovers.check(story(id=body))) == []


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("en", "This piece was first published by The Conversation."),
        ("id", "Tulisan ini semula dimuat di Kompas.com."),
        ("fr", "Ce texte a d'abord été publié par Le Monde."),
        ("es", "Esta historia fue publicada originalmente por Reuters."),
        ("de", "Der Text wurde zuerst von Reuters veröffentlicht."),
    ],
)
def test_an_attribution_line_phrased_any_way_is_found_mid_body(language, line):
    body = f"A first paragraph of the story.\n\n{line}\n\nThe last paragraph of the story."
    findings = [f for f in leftovers.check(story(**{language: body})) if f.kind == ATTRIBUTION]

    assert [(f.language, f.paragraph) for f in findings] == [(language, 1)]
