"""The admin in the editor's language: it follows the browser, as Django's own admin does,
and every word Newsroom adds has a translation in each site language."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from articles import services
from tests.admin.helpers import finding
from tests.factories import make_article

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale"


def test_a_french_editor_is_told_in_french_why_a_publish_is_blocked(editor_client, editor_user):
    article = make_article(languages=["fr"])
    version = article.versions.get()
    finding(version)
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        services.publish(version=version, user=editor_user)
    french = refused.value.messages[0]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.publish(version=version, user=editor_user)
    assert french != refused.value.messages[0]  # the catalogue has it in French

    response = editor_client.post(
        reverse("admin:articles_article_workflow", args=[article.pk]),
        {"operation": "publish", "language": "fr", "confirmed": "1"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    page = response.content.decode()
    assert french.replace("'", "&#x27;") in page
    assert "Relecture" in page and "Comparer" in page  # the review page around it is French too


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ["Votre bureau", "Activité récente"]),
        ("de", ["Ihr Schreibtisch", "Letzte Aktivität"]),
        ("es", ["Su mesa", "Actividad reciente"]),
        ("id", ["Meja Anda", "Aktivitas terbaru"]),
    ],
)
def test_the_desk_follows_the_browsers_language(editor_client, language, words):
    page = editor_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE=language)
    for word in words:
        assert word in page.content.decode()


def test_the_article_list_speaks_the_editors_language(editor_client):
    make_article(languages=["fr"])
    page = editor_client.get(
        reverse("admin:articles_article_changelist"), HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "Fehlt" in page and "Entwurf" in page and "offene Befunde" in page


@pytest.mark.skipif(not shutil.which("msgattrib"), reason="needs gettext's msgattrib")
@pytest.mark.parametrize("language", ["id", "fr", "es", "de"])
def test_every_message_has_a_translation(language):
    catalogue = LOCALE / language / "LC_MESSAGES" / "django.po"
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(catalogue)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(catalogue)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert untranslated.count("\nmsgid ") == 0, untranslated[:2000]
    assert fuzzy.count("\nmsgid ") == 0, fuzzy[:2000]
