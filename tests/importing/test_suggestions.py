"""Suggested links: stored by the import, shown on both articles and on the run, linked with
one click, and a "Not a translation" remembered across imports."""

import pytest
from django.urls import reverse

from articles.importing import linking
from articles.models import Article, LinkSuggestion, SourceDocument
from tests.admin.helpers import unlinked_document
from tests.factories import make_article
from tests.importing.conftest import SEED, run_import, seed_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def doubtful(monkeypatch):
    """Make every pair doubtful: the seed translations (0.75-0.9) fall below the link bar,
    so the plumbing is tested without depending on where real scores fall."""
    monkeypatch.setattr(linking, "LINK_THRESHOLD", 0.99)
    monkeypatch.setattr(linking, "MUTUAL_THRESHOLD", 0.99)


def change_url(article_id):
    return reverse("admin:articles_article_change", args=[article_id])


def decide_url(suggestion, decision):
    return reverse("admin:articles_article_suggestion", args=[suggestion.pk, decision])


def test_a_doubtful_pair_is_stored_reported_and_shown_on_both_articles(
    doubtful,
    seed_bundle,
    editor_client,
):
    _, report = run_import(seed_bundle("fr", "es"))

    [entry] = report["suggestions"]
    assert set(entry["files"]) == {SEED["fr"], SEED["es"]}
    assert set(entry["languages"]) == {"fr", "es"}
    assert 0.5 <= entry["score"] < 0.99 and "o3-mini" in entry["anchors"]
    suggestion = LinkSuggestion.objects.open().get()
    assert {suggestion.article_id, suggestion.other_id} == set(entry["articles"])

    fr_article = Article.objects.get(versions__language="fr")
    es_article = Article.objects.get(versions__language="es")
    fr_page = editor_client.get(change_url(fr_article.pk)).content.decode()
    assert f"Possibly the Spanish version of article #{es_article.pk}" in fr_page
    assert decide_url(suggestion, "link") in fr_page and "Not a translation" in fr_page
    es_page = editor_client.get(
        reverse("admin:articles_article_review", args=[es_article.pk])
    ).content.decode()
    assert f"Possibly the French version of article #{fr_article.pk}" in es_page
    run_page = editor_client.get(
        reverse("admin:articles_importrun_change", args=[suggestion.import_run_id])
    ).content.decode()
    assert decide_url(suggestion, "link") in run_page


def test_link_makes_one_article_with_both_versions_in_one_click(
    doubtful, seed_bundle, editor_client
):
    run_import(seed_bundle("fr", "es"))
    suggestion = LinkSuggestion.objects.get()

    response = editor_client.post(decide_url(suggestion, "link"))

    [article] = Article.objects.all()
    # Back on the review page of the story now whole (issue 29 #10), not the raw change form.
    assert response.url == reverse("admin:articles_article_review", args=[article.pk])
    assert sorted(article.versions.values_list("language", flat=True)) == ["es", "fr"]
    assert set(SourceDocument.objects.values_list("article", flat=True)) == {article.pk}
    suggestion.refresh_from_db()
    assert suggestion.state == LinkSuggestion.State.LINKED
    assert not LinkSuggestion.objects.open().exists()
    history = reverse("admin:articles_article_revisions", args=[article.pk])
    assert "(suggested, score" in editor_client.get(history, {"all": "1"}).content.decode()


def test_not_a_translation_is_remembered_when_a_later_import_meets_the_pair_again(
    doubtful, seed_bundle, editor_client, monkeypatch
):
    run_import(seed_bundle("fr", "es"))
    suggestion = LinkSuggestion.objects.get()
    editor_client.post(decide_url(suggestion, "reject"))
    assert LinkSuggestion.objects.get().state == LinkSuggestion.State.REJECTED
    assert "Possibly" not in editor_client.get(change_url(suggestion.article_id)).content.decode()

    _, again = run_import(seed_bundle("fr", "es"))  # the same bundle: nothing new
    # A new German file links to one of the two articles at the usual bar and strongly
    # matches the other: without the rejection the pair would be suggested again.
    monkeypatch.setattr(linking, "LINK_THRESHOLD", 0.5)
    _, later = run_import(seed_bundle("de", name="later"))

    assert again["suggestions"] == [] and later["suggestions"] == []
    assert LinkSuggestion.objects.count() == 1
    assert Article.objects.count() == 2


def test_link_is_refused_when_both_articles_have_the_language(editor_client):
    first, second = make_article(languages=["en", "fr"]), make_article(languages=["fr"])
    suggestion = LinkSuggestion.objects.create(
        article=first,
        other=second,
        document=unlinked_document(language="en", article=first),
        other_document=unlinked_document(language="fr", article=second),
        score=0.4,
        anchors=["lagarde"],
    )

    response = editor_client.post(decide_url(suggestion, "link"), follow=True)

    assert "Both articles have a French version" in response.content.decode()
    assert first.versions.count() == 2 and second.versions.count() == 1
    assert LinkSuggestion.objects.open().get() == suggestion


def test_a_translator_may_not_decide_a_suggestion(doubtful, seed_bundle, translator_client):
    run_import(seed_bundle("fr", "es"))
    suggestion = LinkSuggestion.objects.get()

    page = translator_client.get(change_url(suggestion.article_id)).content.decode()
    response = translator_client.post(decide_url(suggestion, "link"))

    assert "Possibly the" in page and decide_url(suggestion, "link") not in page
    assert response.status_code == 403
    assert Article.objects.count() == 2


ITALIAN = (
    "Sam Altman, amministratore delegato di OpenAI, ha lanciato un sondaggio sulla piattaforma "
    "X per chiedere agli utenti quale sarà il prossimo progetto open source dell'azienda.\n\n"
    "Dopo il rilascio di GPT-4, OpenAI ha ridotto i suoi contributi, concentrandosi su progetti "
    "come Whisper, mentre concorrenti come Deepseek pubblicavano i modelli V3 e R1.\n\n"
    "Nel sondaggio Altman ha chiesto se fosse più utile un modello O3-Mini più piccolo; per ora "
    "O3-Mini è in testa e mancano 12 ore. Meta, Alibaba e Mistral pubblicano modelli aperti.\n\n"
    "XAI prevede di rendere open source Grok2 dopo Grok3, mentre GPT-4.5 è in prova e GPT-5 "
    "sta per uscire. Jan Leike ha criticato la ristrutturazione di OpenAI."
)


def test_a_file_in_a_language_the_site_does_not_have_is_shown_on_its_story(
    make_bundle, editor_client
):
    _, report = run_import(make_bundle({SEED["fr"]: seed_text("fr"), "storia.txt": ITALIAN}))

    italian = next(d for d in report["documents"] if d["file"] == "storia.txt")
    [article] = Article.objects.all()
    assert italian["language"] == "it" and italian["related_article"] == article.pk
    document = SourceDocument.objects.get(name="storia.txt")
    assert document.article is None and document.related_article == article
    page = editor_client.get(change_url(article.pk)).content.decode()
    assert "Italian version exists" in page and "storia.txt" in page
