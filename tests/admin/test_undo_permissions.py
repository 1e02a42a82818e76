"""Undo takes the permission of the change it reverses, for the version it names."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles import history, services
from articles.models import Article, Finding, Status
from articles.transitions import TRANSITIONS
from tests.admin.test_working_copy_restore_and_fix import misspelt_story
from tests.factories import editor, make_article, translator

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    article = make_article(
        languages=["fr", "de"],
        title_fr="Le port rouvre",
        body_fr="Le port rouvre lundi.",
        title_de="Der Hafen",
        body_de="Der Hafen öffnet am Montag.",
    )
    return Article.objects.get(pk=article.pk)


def latest_entry(article):
    return history.article_history(article).first()


def post_undo(client, article, language, history_entry_id):
    url = reverse("admin:articles_article_undo", args=[article.pk])
    return client.post(url, {"language": language, "history_entry_id": history_entry_id})


def status(article, language):
    return article.versions.get(language=language).status


def test_a_translator_cannot_reverse_an_editors_archive(client, story):
    services.archive(version=story.versions.get(language="fr"), user=editor(username="ed"))
    client.force_login(translator(languages=["fr"], username="tr"))

    response = post_undo(client, story, "fr", latest_entry(story).pk)

    assert response.status_code == 403
    assert status(story, "fr") == Status.ARCHIVED


def test_a_translator_cannot_reverse_an_editors_send_back(client, story):
    version = story.versions.get(language="fr")
    version = services.submit_for_review(version=version, user=None)
    services.send_back(version=version, user=editor(username="ed"))
    client.force_login(translator(languages=["fr"], username="tr"))

    response = post_undo(client, story, "fr", latest_entry(story).pk)

    assert response.status_code == 403
    assert status(story, "fr") == Status.DRAFT


def test_a_translator_cannot_rewrite_archived_text(client, story):
    services.archive(version=story.versions.get(language="fr"), user=editor(username="ed"))
    client.force_login(translator(languages=["fr"], username="tr"))
    url = reverse("admin:articles_article_translate", args=[story.pk, "fr"])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["body_0"] = "Réécrit."

    response = client.post(url, data)

    assert response.status_code == 403
    assert Article.objects.get(pk=story.pk).body_fr == "Le port rouvre lundi."


def test_undo_posted_with_another_language_is_refused_and_the_real_undo_still_works(client, story):
    ed = editor(username="ed")
    services.save_text(
        article=story,
        language="de",
        texts={"title": "Der Hafen", "body": "Der Hafen öffnet am Dienstag."},
        user=ed,
        opened_checksum=services.edit_checksums(story)["de"],
    )
    entry = latest_entry(story)
    client.force_login(ed)

    response = post_undo(client, story, "fr", entry.pk)

    assert response.status_code == 302
    assert latest_entry(story).pk == entry.pk, "no history entry for an undo that undid nothing"
    messages = [str(m) for m in client.get(response.url).context["messages"]]
    assert any("not to the French version" in m for m in messages), messages
    assert "Dienstag" in Article.objects.get(pk=story.pk).body_de

    post_undo(client, story, "de", entry.pk)

    assert "Montag" in Article.objects.get(pk=story.pk).body_de


def test_an_editor_may_reverse_their_own_archive(client, story):
    ed = editor(username="ed")
    services.archive(version=story.versions.get(language="fr"), user=ed)
    client.force_login(ed)

    post_undo(client, story, "fr", latest_entry(story).pk)

    assert status(story, "fr") == Status.DRAFT


def test_a_translator_may_still_undo_their_own_edit(client, story):
    tr = translator(languages=["fr"], username="tr")
    services.save_text(
        article=story,
        language="fr",
        texts={"title": "Le port rouvre", "body": "Le port rouvre mardi."},
        user=tr,
        opened_checksum=services.edit_checksums(story)["fr"],
    )
    client.force_login(tr)

    post_undo(client, story, "fr", latest_entry(story).pk)

    assert Article.objects.get(pk=story.pk).body_fr == "Le port rouvre lundi."


def test_a_malformed_history_entry_id_is_refused_with_a_message(client, story):
    client.force_login(editor(username="ed"))
    url = reverse("admin:articles_article_undo", args=[story.pk])
    response = client.post(url, {"language": "fr", "history_entry_id": "abc"})
    assert response.status_code == 302
    messages = [str(m) for m in client.get(response.url).context["messages"]]
    assert not any("invalid literal" in m for m in messages)


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_each_action_starts_only_from_the_states_the_table_allows(action, story):
    """The services refuse exactly what `TRANSITIONS` refuses."""
    actions = {
        "submit": services.submit_for_review,
        "send_back": services.send_back,
        "publish": services.publish,
        "unpublish": services.unpublish,
        "archive": services.archive,
    }
    for state in Status:
        version = story.versions.get(language="fr")
        version.status = state
        version.published_at = None if state != Status.PUBLISHED else version.updated_at
        version.save()
        allowed = state in TRANSITIONS[action].sources
        try:
            moved = actions[action](version=version, user=None)
        except ValidationError:
            assert not allowed, (action, state)
        else:
            assert allowed, (action, state)
            assert moved.status == TRANSITIONS[action].target


def test_a_translator_cannot_undo_a_fix_in_every_version_beyond_their_languages(client):
    article = misspelt_story()
    finding = Finding.objects.get(version__article=article, version__language="fr")
    services.apply_suggestion(finding, user=editor(username="ed"), everywhere=True)
    client.force_login(translator(languages=["fr"], username="tr"))

    url = reverse("admin:articles_article_undo", args=[article.pk])
    response = client.post(
        url, {"language": ["fr", "de"], "history_entry_id": latest_entry(article).pk}
    )

    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).body_de == "OpenAI sagte ja. OpenAI auch."
