"""The signals that link real (human) translations, on small made-up texts."""

from articles.importing.anchors import extract_anchors
from articles.importing.linking import (
    LINK_THRESHOLD,
    AnchorIndex,
    link_documents,
    node,
)


def doc(key, language, *paragraphs, **kwargs):
    return node(key, language, extract_anchors(paragraphs), **kwargs)


def stories(result) -> list[list]:
    return sorted(sorted(n.key for n in c.members.values()) for c in result.clusters)


def test_accented_and_transliterated_names_are_one_anchor():
    polish = extract_anchors(["Protest w mieście Łódź, potem w Gdańsku i w Zürichu."])
    english = extract_anchors(["A protest in Lodz, then in Gdansku and in Zurichu."])

    assert {"lodz", "gdansku", "zurichu"} <= set(polish) & set(english)


def test_a_number_written_the_ways_of_three_locales_is_one_anchor():
    french = extract_anchors(["La BCE relève son taux à 2,5 % et prête 1 000,5 milliards."])
    english = extract_anchors(["The ECB raises its rate to 2.5% and lends 1,000.5 billion."])
    german = extract_anchors(["Die EZB erhöht den Zins auf 2,5% und leiht 1.000,5 Milliarden."])

    assert "25" in french and "25" in english and "25" in german
    assert "10005" in english and "10005" in german


def test_anchors_are_listed_in_the_order_they_first_occur():
    anchors = extract_anchors(["In Bern, Zelda met Alaric. Later Alaric flew to Oslo with Zelda."])

    assert anchors == ["bern", "zelda", "alaric", "oslo"]


# One story, in English and in a French translation that translates the institution
# (ECB → BCE), declines nothing but drops a sentence and adds one.
ECB_EN = (
    "Christine Lagarde said in Frankfurt that the European Central Bank would hold rates at "
    "2.5% until March.",
    "Speaking after the meeting, Lagarde pointed to Portugal, Greece and Slovakia, where "
    "prices rose by 3.1% in the year to January. Philip Lane agreed.",
    "Markets in Milan and Madrid fell by 1.2% after the announcement.",
)
ECB_FR = (
    "Christine Lagarde a déclaré à Francfort que la Banque centrale européenne maintiendrait "
    "ses taux à 2,5 % jusqu'en mars.",
    "Après la réunion, Lagarde a cité le Portugal, la Grèce et la Slovaquie, où les prix ont "
    "augmenté de 3,1 % sur un an en janvier.",  # "Philip Lane agreed." is dropped
    "Les bourses de Milan et de Madrid ont reculé de 1,2 % après l'annonce. Un analyste de "
    "Natixis parle de prudence.",  # a sentence added
)


def test_a_translation_that_drops_and_adds_a_sentence_is_still_linked():
    result = link_documents(AnchorIndex([doc("en", "en", *ECB_EN), doc("fr", "fr", *ECB_FR)]))

    assert stories(result) == [["en", "fr"]]
    assert {"lagarde", "25", "31", "12", "milan", "madrid"} <= set(result.links["fr"].anchors)


def test_the_same_names_in_another_order_score_lower():
    names = ["Fenwick", "Amsel", "Dunmore", "Brekko", "Elvaro", "Castor"]
    forward = doc("a", "en", " ".join(f"Then {n} spoke." for n in names))
    same = doc("b", "fr", " ".join(f"Puis {n} parla." for n in names))
    shuffled = doc("c", "fr", " ".join(f"Puis {n} parla." for n in names[3:] + names[:3]))
    index = AnchorIndex([forward, same, shuffled])

    assert index.similarity(forward, same)[0] == 1.0
    assert index.similarity(forward, shuffled)[0] == 0.5  # three of six in the same order


# A translation whose institutions and places are translated shares only a few anchors:
# the English text's "Supreme Court", "Justice Department" become other words.
COURT_EN = (
    "The Supreme Court heard Brett Kavanaugh on Thursday, as Dianne Feinstein asked about the "
    "letter the Justice Department received in July.",
    "Senators from Ohio and Texas asked Chuck Grassley to delay the vote until November.",
    "The White House and the Senate Judiciary Committee declined to comment.",
)
COURT_ES = (
    "La Corte Suprema escuchó a Brett Kavanaugh el jueves, mientras Dianne Feinstein preguntaba "
    "por la carta que recibió el Departamento de Justicia en julio.",
    "Senadores de Ohio y Texas pidieron a Chuck Grassley aplazar la votación hasta noviembre.",
    "La Casa Blanca y el Comité Judicial del Senado no quisieron comentar.",
)


def test_a_doubtful_pair_links_when_nothing_else_competes():
    en, es = doc("en", "en", *COURT_EN), doc("es", "es", *COURT_ES)
    # Other stories make the everyday anchors lighter, as in a real bundle.
    others = [
        doc(f"o{i}", lang, f"In {city} the {team} beat Texas, said the Ohio coach.")
        for i, (lang, city, team) in enumerate(
            [("en", "Denver", "Broncos"), ("de", "Boston", "Celtics"), ("fr", "Miami", "Heat")]
        )
    ]
    index = AnchorIndex([en, es, *others])
    assert index.similarity(en, es)[0] < LINK_THRESHOLD  # doubtful on its own

    result = link_documents(index)

    assert result.cluster_of["en"] is result.cluster_of["es"]
    assert result.links["es"].rule == "mutual"


def test_a_doubtful_pair_with_a_rival_is_suggested_with_the_rival_not_linked():
    en = doc("en", "en", *COURT_EN)
    es = doc("es", "es", *COURT_ES)
    # Another Spanish report of the same hearing: the same people, little else.
    rival = doc(
        "es-2",
        "es",
        "Brett Kavanaugh negó todo ante Chuck Grassley; Dianne Feinstein pidió al FBI investigar "
        "la carta de julio, y los senadores de Texas y Ohio callaron.",
    )
    index = AnchorIndex([en, es, rival])
    assert index.similarity(en, es)[0] < LINK_THRESHOLD

    result = link_documents(index)

    assert stories(result) == [["en"], ["es"], ["es-2"]]
    suggested = {frozenset((s.a, s.b)): s.link for s in result.suggestions}
    assert set(suggested) == {frozenset({"en", "es"}), frozenset({"en", "es-2"})}
    assert {"kavanaugh", "feinstein", "grassley"} <= set(suggested[frozenset({"en", "es"})].anchors)


# Two reports of one election night, each in English and French: the same people and
# places, told in another order and with other figures.
RESULTS_EN = (
    "Emmanuel Macron won the second round with 58.5% against Marine Le Pen, the Interior "
    "Ministry said at 23:40.",
    "Turnout was 72.0%. In Paris Macron took 85.1%, in Marseille 60.2%, while Le Pen led in "
    "Perpignan and Calais.",
    "Jean-Luc Mélenchon, third in the first round with 21.9%, did not endorse either.",
)
RESULTS_FR = (
    "Emmanuel Macron remporte le second tour avec 58,5 % face à Marine Le Pen, a indiqué le "
    "ministère de l'Intérieur à 23h40.",
    "La participation atteint 72,0 %. À Paris Macron obtient 85,1 %, à Marseille 60,2 %, "
    "tandis que Le Pen arrive en tête à Perpignan et à Calais.",
    "Jean-Luc Mélenchon, troisième du premier tour avec 21,9 %, n'a soutenu personne.",
)
REACTIONS_EN = (
    "In Calais, supporters of Le Pen wept; in Marseille, Mélenchon told a crowd of 3,000 that "
    "Macron had won without a mandate.",
    "At the Louvre, Macron thanked voters shortly after midnight, promising Brussels and Berlin "
    "a new treaty by 2023.",
    "Police in Paris reported 14 arrests near the Place de la République.",
)
REACTIONS_FR = (
    "À Calais, les partisans de Le Pen ont pleuré ; à Marseille, Mélenchon a dit à une foule de "
    "3 000 personnes que Macron avait gagné sans mandat.",
    "Au Louvre, Macron a remercié les électeurs peu après minuit, promettant à Bruxelles et à "
    "Berlin un nouveau traité d'ici 2023.",
    "La police de Paris a signalé 14 interpellations près de la place de la République.",
)


def test_two_reports_of_one_election_night_stay_two_stories():
    nodes = [
        doc("results-en", "en", *RESULTS_EN),
        doc("results-fr", "fr", *RESULTS_FR),
        doc("reactions-en", "en", *REACTIONS_EN),
        doc("reactions-fr", "fr", *REACTIONS_FR),
    ]

    result = link_documents(AnchorIndex(nodes))

    assert stories(result) == [["reactions-en", "reactions-fr"], ["results-en", "results-fr"]]


def test_a_file_in_a_language_the_site_does_not_have_is_matched_to_its_story():
    italian = doc(
        "it",
        "it",
        "Christine Lagarde ha detto a Francoforte che la Banca centrale europea manterrà i tassi "
        "al 2,5% fino a marzo.",
        "Dopo la riunione, Lagarde ha citato Portogallo, Grecia e Slovacchia, dove i prezzi sono "
        "saliti del 3,1% a gennaio. Philip Lane era d'accordo.",
        "Le borse di Milano e Madrid sono scese dell'1,2% dopo l'annuncio.",
        site=False,
    )
    result = link_documents(
        AnchorIndex([doc("en", "en", *ECB_EN), doc("fr", "fr", *ECB_FR), italian])
    )

    other, link = result.related["it"]
    assert other in ("en", "fr")
    assert "it" not in result.cluster_of  # never a version
    assert {"lagarde", "25", "31"} <= set(link.anchors)
