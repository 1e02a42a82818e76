"""One rule fills a language slot: linking a file, attaching a version and the importer.

The file a slot's text came from is the slot's one applied file; the files it replaced are
marked replaced, so a changed copy of one of them is never taken for an update of the slot.
"""

import pytest

from articles import services
from articles.models import Article, LanguageVersion, SourceDocument
from tests.importing.conftest import document, run_import, seed_text

pytestmark = pytest.mark.django_db(transaction=True)

Outcome = SourceDocument.Outcome

OTHER_FR = (
    "Un autre récit, choisi par la rédaction\n\n"
    "La rédaction a préféré ce texte, écrit par une autre agence, à celui de l'import.\n\n"
    "Il raconte la même histoire avec d'autres mots, et il a été relu par un éditeur.\n"
)


def test_reimporting_a_file_replaced_by_an_attached_version_never_overwrites_it(make_bundle):
    root = make_bundle({"a.txt": seed_text("fr"), "b.txt": OTHER_FR})
    run_import(root)
    first = SourceDocument.objects.get(name="a.txt").article
    second = SourceDocument.objects.get(name="b.txt").article
    assert first != second
    chosen = second.versions.get(language="fr")

    services.attach_version(article=first, version=chosen, user=None, replace=True)

    applied = SourceDocument.objects.filter(article=first, language="fr", outcome=Outcome.APPLIED)
    assert list(applied.values_list("name", flat=True)) == ["b.txt"]
    assert SourceDocument.objects.get(name="a.txt").outcome == Outcome.REPLACED
    first.refresh_from_db()
    text = first.text("body", "fr")
    assert "relu par un éditeur" in text

    (root / "a.txt").write_text(seed_text("fr").replace("12 heures", "24 heures"))
    code, report = run_import(root)

    assert code == 0
    entry = document(report, "a.txt")
    assert entry["status"] != "updated"
    assert any("another file" in warning for warning in entry["warnings"]), entry
    first.refresh_from_db()
    assert first.text("body", "fr") == text
    assert LanguageVersion.objects.get(article=first, language="fr").pk == chosen.pk
    changed = SourceDocument.objects.get(name="a.txt", outcome=Outcome.PENDING)
    assert changed.article == first and "24 heures" in changed.raw_text
    assert Article.objects.filter(pk=first.pk).exists()


def test_linking_a_file_marks_the_slots_earlier_file_replaced(make_bundle):
    root = make_bundle({"a.txt": seed_text("fr")})
    run_import(root)
    article = Article.objects.get()
    loose = SourceDocument.objects.create(
        import_run=SourceDocument.objects.get().import_run,
        name="loose.txt",
        sha256="f" * 64,
        size=len(OTHER_FR),
        raw_text=OTHER_FR,
        detected_language="fr",
        article=None,
        outcome=Outcome.UNLINKED,
    )

    services.link_document(article=article, document=loose, user=None, replace=True)

    outcomes = dict(SourceDocument.objects.values_list("name", "outcome"))
    assert outcomes == {"a.txt": Outcome.REPLACED, "loose.txt": Outcome.APPLIED}


def test_a_file_for_a_language_an_editor_wrote_since_the_last_import_becomes_an_article_of_its_own(
    make_bundle,
):
    run_import(make_bundle({"fr.txt": seed_text("fr")}, name="first"))
    article = Article.objects.get()
    # Written by hand in the admin: a Spanish version no stored file of the story gave.
    article.title_es, article.slug_es = "La versión de la redacción", "la-version-de-la-redaccion"
    article.body_es = "Escrita por un editor, sin archivo."
    article.save()
    LanguageVersion.objects.create(article=article, language="es")

    code, report = run_import(make_bundle({"es.txt": seed_text("es")}, name="second"))

    assert code == 0
    entry = document(report, "es.txt")
    assert entry["status"] == "created" and entry["article"] != article.pk
    assert any(f"article #{article.pk} already has a" in w for w in entry["warnings"]), entry
    article.refresh_from_db()
    assert article.body_es == "Escrita por un editor, sin archivo."
    assert (article.title_es, article.slug_es) == (
        "La versión de la redacción",
        "la-version-de-la-redaccion",
    )
    assert sorted(article.versions.values_list("language", flat=True)) == ["es", "fr"]
    assert SourceDocument.objects.get(name="es.txt").article_id == entry["article"]
