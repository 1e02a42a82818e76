from articles.checks import figures
from tests.checks.helpers import story


def test_figure_dropped_by_one_version_is_flagged_there_only():
    findings = list(
        figures.check(
            story(
                en="The poll runs for 12 more hours. OpenAI is worth $300 billion.",
                fr="Le sondage dure encore 12 heures. OpenAI vaut 300 milliards de dollars.",
                es="La encuesta dura 12 horas más. OpenAI vale 300 mil millones de dólares.",
                de="Die Umfrage läuft noch einige Stunden. OpenAI ist 300 Milliarden Dollar wert.",
            )
        )
    )
    assert [(f.language, f.kind, f.severity, f.data["missing"]) for f in findings] == [
        ("de", "figure_mismatch", "advisory", ["12"])
    ]
    assert findings[0].message.startswith("The figure 12 appears in most other versions")


def test_changed_figure_names_what_the_version_says_instead():
    (finding,) = figures.check(
        story(
            en="Intro.\n\nOpenAI is worth $300 billion.",
            fr="Intro.\n\nOpenAI vaut 300 milliards de dollars.",
            de="Intro.\n\nOpenAI ist 30 Milliarden Dollar wert.",
        )
    )
    assert finding.language == "de"
    assert finding.paragraph == 1
    assert "has 30 instead" in finding.message


def test_every_figure_a_version_lacks_is_one_finding():
    (finding,) = figures.check(
        story(
            en="On 9 May, 12 hours, 300 votes. " * 3,
            fr="Le 9 mai, 12 heures, 300 votes. " * 3,
            de="Am 9. Mai, einige Stunden, viele Stimmen. " * 3,
        )
    )
    assert finding.language == "de"
    assert finding.message.startswith("The figures 12, 300 appear in most other versions")


def test_a_truncated_version_is_left_to_the_structure_check():
    full = "Paragraph with 12 hours and 300 votes and 700 users.\n\n" * 6
    assert list(figures.check(story(en=full, fr=full, de="Ein Absatz."))) == []


def test_model_names_with_numbers_are_not_figures():
    assert figures.figures_of("GPT-4.5, GPT-5, Grok3, o3-mini, V3 and R1") == set()


def test_number_formats_of_each_language_are_one_figure():
    assert figures.figures_of("1,000 and 1.000 and 1 000; 4.5 and 4,5 %") == {"1000", "4.5"}


def test_times_dates_and_ordinals_are_read_the_same_in_every_language():
    assert figures.figures_of("at 12:30 on November 21st, 2026") == {"12:30", "21", "2026"}
    assert figures.figures_of("à 12h30 le 21 novembre 2026") == {"12:30", "21", "2026"}
    assert figures.figures_of("um 12.30 Uhr am 21.11.2026") == {"12:30", "21", "2026"}
    assert figures.figures_of("le 21e jour, 3 % de plus") == {"21", "3"}
    assert figures.figures_of("12h de vote, 100km, $5bn") == {"12", "100", "5"}


def test_two_versions_cannot_outvote_each_other():
    assert list(figures.check(story(en="It took 12 hours.", fr="Cela a pris des heures."))) == []


def test_agreeing_versions_have_no_findings():
    assert (
        list(
            figures.check(
                story(
                    en="In 2024, 12% of 700 million users.",
                    fr="En 2024, 12 % de 700 millions d'utilisateurs.",
                    de="Im Jahr 2024 waren es 12 % von 700 Millionen Nutzern.",
                )
            )
        )
        == []
    )
