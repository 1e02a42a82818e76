"""The site's own words in every edition's language; the error pages in the edition's too.

These need the compiled catalogues (`manage.py compilemessages`, run by
`make test` and `.ci/run`).
"""

import pytest
from django.test import Client

from articles import views
from articles.models import Status
from tests.factories import make_article

pytestmark = pytest.mark.django_db

# (heading, "Key points", "Also available in:", "Skip to content") per edition.
UI = {
    "en": ("Latest stories", "Key points", "Also available in:", "Skip to content"),
    "id": ("Berita terbaru", "Poin-poin utama", "Juga tersedia dalam:", "Langsung ke konten"),
    "fr": ("Derniers articles", "Points clés", "Également disponible en\xa0:", "Aller au contenu"),
    "es": ("Últimas noticias", "Puntos clave", "También disponible en:", "Saltar al contenido"),
    "de": (
        "Neueste Artikel",
        "Das Wichtigste in Kürze",
        "Auch verfügbar auf:",
        "Zum Inhalt springen",
    ),
}


@pytest.fixture
def everywhere(db):
    codes = tuple(UI)
    texts = {f"title_{code}": f"Story {code}" for code in codes}
    texts |= {f"key_points_{code}": "One\nTwo" for code in codes}
    return make_article(codes, Status.PUBLISHED, **texts)


@pytest.mark.parametrize("code", list(UI))
def test_site_words_are_in_the_editions_language(client, everywhere, code):
    heading, key_points, also, skip = UI[code]

    front = client.get(f"/{code}/").content.decode()
    article = client.get(f"/{code}/story-{code}/").content.decode()

    assert f"<h1>{heading}</h1>" in front
    assert skip in front
    assert also in front
    assert f'<h2 id="key-points-title">{key_points}</h2>' in article
    assert also in article


@pytest.mark.parametrize(
    ("code", "pagination", "empty"),
    [
        ("fr", "Page 1 sur 2", "Aucun résultat"),
        ("de", "Seite 1 von 2", "Keine Ergebnisse"),
        ("es", "Página 1 de 2", "Sin resultados"),
        ("id", "Halaman 1 dari 2", "Tidak ada hasil"),
    ],
)
def test_pagination_and_no_results_are_translated(client, code, pagination, empty):
    for n in range(11):
        make_article((code,), Status.PUBLISHED, **{f"title_{code}": f"T{n}"})

    assert pagination in client.get(f"/{code}/").content.decode()
    assert empty in client.get(f"/{code}/", {"q": "zzzz"}).content.decode()


def test_dates_follow_the_editions_conventions(client, everywhere):
    month = everywhere.versions.get(language="de").published_at.month
    german_months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                     "September", "Oktober", "November", "Dezember"]  # fmt: skip

    html = client.get("/de/story-de/").content.decode()

    assert f". {german_months[month - 1]} " in html  # "21. November 2026"


@pytest.mark.parametrize(
    ("code", "words"),
    [("de", "Seite nicht gefunden"), ("fr", "Page introuvable"), ("id", "Halaman tidak ditemukan")],
)
def test_404_page_is_in_the_editions_language(client, code, words):
    response = client.get(f"/{code}/no-such-story/")

    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{code}"' in html
    assert f"<h1>{words}</h1>" in html


def test_500_page_is_in_the_editions_language(monkeypatch):
    def broken(self):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(views.ArticleListView, "get_queryset", broken)
    client = Client(raise_request_exception=False)

    response = client.get("/es/")

    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "<h1>Algo ha fallado</h1>" in html
    assert "database on fire" not in html
