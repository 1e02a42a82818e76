"""A good translation raises nothing: every check at once, over five site languages."""

from articles.editorial_checks import Story, VersionText, run_checks

TEXTS = {
    "en": (
        "Storm closes the Morales bridge",
        "A storm closed the Morales bridge near Bethesda on Tuesday, police said.",
        "The bridge, which cost $2.2 billion, carries 18,500 cars a day, 2.5% more than "
        "last year. Winds reached 60 miles per hour and the temperature fell to 41 °F.\n\n"
        "Mayor Anna Schmidt said a thousand workers would inspect it. Morales, the "
        "engineer who built it, was not available. Repairs should take ten days.",
    ),
    "id": (
        "Badai menutup jembatan Morales",
        "Badai menutup jembatan Morales di dekat Bethesda pada hari Selasa, kata polisi.",
        "Jembatan yang menelan biaya 2,2 miliar dolar itu dilalui 18.500 mobil per hari, "
        "2,5 persen lebih banyak dari tahun lalu. Angin mencapai 97 km per jam dan suhu "
        "turun hingga 5 °C.\n\n"
        "Wali Kota Anna Schmidt mengatakan seribu pekerja akan memeriksanya. Morales, "
        "insinyur yang membangunnya, tidak dapat dihubungi. Perbaikan memakan waktu 10 hari.",
    ),
    "fr": (
        "La tempête ferme le pont Morales",
        "Une tempête a fermé mardi le pont Morales près de Bethesda, selon la police.",
        "Le pont, qui a coûté 2,2 milliards de dollars, voit passer 18 500 voitures par "
        "jour, 2,5 % de plus que l'an dernier. Le vent a atteint 97 km/h et la température "
        "est tombée à 5 °C.\n\n"
        "La maire Anna Schmidt a indiqué qu'un millier d'ouvriers l'inspecteraient. "
        "Morales, l'ingénieur qui l'a construit, n'a pas pu être joint. Les réparations "
        "devraient durer dix jours.",
    ),
    "es": (
        "La tormenta cierra el puente Morales",
        "Una tormenta cerró el martes el puente Morales cerca de Bethesda, según la policía.",
        "El puente, que costó 2200 millones de dólares, soporta 18.500 coches al día, un "
        "2,5 % más que el año pasado. El viento alcanzó 97 km por hora y la temperatura "
        "bajó a 5 grados Celsius.\n\n"
        "La alcaldesa Anna Schmidt dijo que mil trabajadores lo inspeccionarían. Morales, "
        "el ingeniero que lo construyó, no estaba disponible. Las reparaciones durarán "
        "diez días.",
    ),
    "de": (
        "Sturm sperrt die Morales-Brücke",
        "Ein Sturm hat am Dienstag die Morales-Brücke bei Bethesda gesperrt, so die Polizei.",
        "Die Brücke, die 2,2 Milliarden Dollar kostete, tragen täglich 18.500 Autos, 2,5 % "
        "mehr als im Vorjahr. Der Wind erreichte 60 Meilen pro Stunde, die Temperatur fiel "
        "auf 5 °C.\n\n"
        "Bürgermeisterin Anna Schmidts Team will die Brücke mit tausend Arbeitern prüfen. "
        "Morales, der Ingenieur, der sie baute, war nicht erreichbar. Die Reparatur soll "
        "zehn Tage dauern.",
    ),
}


def test_a_clean_translation_in_five_languages_raises_nothing():
    story = Story(
        versions=tuple(
            VersionText(language=code, title=title, slug=f"storm-{code}", lede=lede, body=body)
            for code, (title, lede, body) in TEXTS.items()
        )
    )

    assert [f.as_dict() for f in run_checks(story)] == []


def test_a_clean_translation_pair_raises_nothing():
    story = Story(
        versions=tuple(
            VersionText(language=code, title=title, slug=f"storm-{code}", lede=lede, body=body)
            for code, (title, lede, body) in TEXTS.items()
            if code in ("fr", "de")
        )
    )

    assert [f.as_dict() for f in run_checks(story)] == []
