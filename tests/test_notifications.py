"""E-mails of the review: editors hear of a submission, the translator of the answer."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from articles.models import LanguageVersion, Status, UserLanguage
from tests.factories import editor, make_article, translator

pytestmark = pytest.mark.django_db


def workflow(client, article, operation, language="fr", **extra):
    return client.post(
        reverse("admin:articles_article_workflow", args=[article.pk]),
        {"operation": operation, "language": language, "confirmed": "1", **extra},
    )


@pytest.fixture
def people():
    fr_editor = editor(username="claire", email="claire@example.org")
    UserLanguage.objects.create(user=fr_editor, language="fr")
    de_editor = editor(username="dieter", email="dieter@example.org")
    UserLanguage.objects.create(user=de_editor, language="de")
    editor(username="allround", email="all@example.org")  # no languages: all of them
    editor(username="nomail")  # no address: not told
    author = translator(username="tom", email="tom@example.org", languages=("fr",))
    return {"editor": fr_editor, "translator": author}


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_submission_mails_the_editors_of_that_language(people, django_capture_on_commit_callbacks):
    article = make_article(languages=["fr"], title_fr="Le pont rouvre")
    with django_capture_on_commit_callbacks(execute=True):
        workflow(login(people["translator"]), article, "submit")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["all@example.org", "claire@example.org"]
    assert message.subject == "To review: the French version of “Le pont rouvre”"
    assert "tom submitted the French version" in message.body
    assert f"/admin/articles/article/{article.pk}/review/?languages=fr" in message.body


def test_a_refused_submission_mails_nobody(people, django_capture_on_commit_callbacks):
    article = make_article(languages=["fr"], status=Status.PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        workflow(login(people["translator"]), article, "submit")
    assert mail.outbox == []


def test_sending_back_tells_the_translator_with_the_note(
    people, django_capture_on_commit_callbacks
):
    article = make_article(languages=["fr"], title_fr="Le pont rouvre")
    with django_capture_on_commit_callbacks(execute=True):
        workflow(login(people["translator"]), article, "submit")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow(login(people["editor"]), article, "send_back", note="Le titre est trop long.")
    assert LanguageVersion.objects.get(article=article).status == Status.DRAFT
    assert [m.to for m in mail.outbox] == [["tom@example.org"]]
    assert mail.outbox[0].subject == "Sent back: the French version of “Le pont rouvre”"
    assert "Le titre est trop long." in mail.outbox[0].body


def test_publishing_tells_the_translator(people, django_capture_on_commit_callbacks):
    article = make_article(languages=["fr"], title_fr="Le pont rouvre")
    with django_capture_on_commit_callbacks(execute=True):
        workflow(login(people["translator"]), article, "submit")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow(login(people["editor"]), article, "publish")
    assert LanguageVersion.objects.get(article=article).status == Status.PUBLISHED
    assert [m.to for m in mail.outbox] == [["tom@example.org"]]
    assert "claire published the French version" in mail.outbox[0].body


def test_publishing_a_draft_no_one_submitted_mails_nobody(
    people, django_capture_on_commit_callbacks
):
    article = make_article(languages=["fr"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow(login(people["editor"]), article, "publish")
    assert mail.outbox == []


def test_each_editor_is_mailed_in_the_language_they_chose(
    people, django_capture_on_commit_callbacks
):
    from articles.models import AdminLanguage

    AdminLanguage.objects.create(user=people["editor"], language="fr")
    article = make_article(languages=["fr"], title_fr="Le pont rouvre")
    with django_capture_on_commit_callbacks(execute=True):
        workflow(login(people["translator"]), article, "submit")
    by_address = {tuple(m.to): m for m in mail.outbox}
    assert by_address[("all@example.org",)].subject.startswith("To review: the French version")
    french = by_address[("claire@example.org",)]
    assert not french.subject.startswith("To review")  # the French catalogue's words
    # The language as it reads inside a French sentence: "en français", not "Français".
    assert "la version en français" in french.subject
