"""The workflow's admin pages over HTTP: who may press what, and what the editor sees."""

import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Assignment, MachineTranslation
from tests.factories import make_article, translator
from tests.translation_workflow.fakes import FakeLibreTranslate

pytestmark = pytest.mark.django_db


def story():
    article = make_article(languages=("de", "en"), title_de="Umsatz steigt")
    article.source_language = "de"
    article.save()
    return article


def translate_url(article, language):
    return reverse("admin:articles_article_translate", args=[article.pk, language])


def test_without_an_engine_an_administrator_reads_what_to_set(admin_client, settings):
    settings.NEWSROOM_DEEPL_AUTH_KEY = settings.NEWSROOM_MT_URL = ""
    page = admin_client.get(translate_url(story(), "fr")).content.decode()
    assert 'id="nr-mt-unconfigured"' in page and "NEWSROOM_DEEPL_AUTH_KEY" in page
    assert 'id="nr-machine-translate"' not in page


def test_without_an_engine_an_editor_reads_no_server_settings(editor_client, settings):
    settings.NEWSROOM_DEEPL_AUTH_KEY = settings.NEWSROOM_MT_URL = ""
    page = editor_client.get(translate_url(story(), "fr")).content.decode()
    assert "Machine translation is not set up on this site" in page
    assert "NEWSROOM_DEEPL_AUTH_KEY" not in page and 'id="nr-machine-translate"' not in page


def test_the_button_makes_a_draft_and_an_engine_error_is_shown(editor_client, settings):
    article = story()
    with FakeLibreTranslate() as server:
        settings.NEWSROOM_DEEPL_AUTH_KEY, settings.NEWSROOM_MT_URL = "", server.url
        page = editor_client.get(translate_url(article, "fr")).content.decode()
        assert "Machine-translate into French from German (LibreTranslate)" in page
        url = reverse("admin:articles_article_machine_translate", args=[article.pk, "fr"])

        response = editor_client.post(url, {"source": "de"}, follow=True)
        assert "machine-translated draft" in response.content.decode()
        assert Article.objects.get(pk=article.pk).text("title", "fr") == "[fr] Umsatz steigt"

        server.status = 500
        response = editor_client.post(url, {"source": "de"}, follow=True)
        assert "Nothing was changed" in response.content.decode()


def test_a_translator_may_not_machine_translate_a_language_not_theirs(client, settings):
    client.force_login(translator(username="hans", languages=("de",)))
    url = reverse("admin:articles_article_machine_translate", args=[story().pk, "fr"])
    assert client.post(url).status_code == 403
    assert not MachineTranslation.objects.exists()


def test_xliff_download_one_file_or_a_zip(editor_client):
    article = story()
    url = reverse("admin:articles_article_xliff_export", args=[article.pk])

    one = editor_client.get(url, {"source": "de", "targets": ["fr"]})
    assert one["Content-Type"].startswith("application/xliff+xml")
    assert f"article-{article.pk}-de-fr.xlf" in one["Content-Disposition"]

    several = editor_client.get(url, {"source": "de", "targets": ["fr", "es"]})
    names = zipfile.ZipFile(io.BytesIO(several.content)).namelist()
    assert names == [f"article-{article.pk}-de-fr.xlf", f"article-{article.pk}-de-es.xlf"]

    form = editor_client.get(url, {"targets": "fr"})
    assert form.status_code == 200
    assert re.search(r'value="fr"[^>]*checked', form.content.decode())


def test_xliff_upload_makes_a_draft_or_shows_the_refusal(editor_client):
    article = story()
    data = editor_client.get(
        reverse("admin:articles_article_xliff_export", args=[article.pk]),
        {"source": "de", "targets": ["fr"]},
    ).content
    filled = re.sub(
        rb"<source>(.*?)</source>\s*<target\s*/>",
        rb"<source>\1</source><target>FR \1</target>",
        data,
        flags=re.S,
    )
    url = reverse("admin:articles_xliff_import")

    bad = editor_client.post(url, {"file": io.BytesIO(b"<nope")})
    assert "not well-formed" in bad.content.decode()

    upload = io.BytesIO(filled)
    upload.name = "back.xlf"
    response = editor_client.post(url, {"file": upload})
    assert response.status_code == 302 and response["Location"] == translate_url(article, "fr")
    assert Article.objects.get(pk=article.pk).text("title", "fr") == "FR Umsatz steigt"


def test_an_editor_assigns_and_the_list_and_desks_show_it(editor_client, client):
    article = story()
    claire = translator(username="claire", languages=("fr",), email="c@example.org")
    url = reverse("admin:articles_article_assign", args=[article.pk, "fr"])
    due = timezone.localdate() + timedelta(days=3)

    response = editor_client.post(url, {"translator": claire.pk, "due_on": f"{due:%Y-%m-%d}"})

    assert response.status_code == 302
    assert Assignment.objects.get().translator == claire
    changelist = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert f'title="Assigned to claire, due on {due:%Y-%m-%d}"' in changelist
    assert 'id="desk-assignments"' in editor_client.get(reverse("admin:index")).content.decode()
    client.force_login(claire)
    desk = client.get(reverse("admin:index")).content.decode()
    assert "Your assignments, by due date" in desk and f"Due {due:%Y-%m-%d}" in desk


def test_a_translator_may_not_assign(translator_client):
    url = reverse("admin:articles_article_assign", args=[story().pk, "fr"])
    assert translator_client.get(url).status_code == 403


def test_the_editor_offers_a_machine_draft_for_each_other_missing_or_outdated_language(
    editor_client, settings
):
    article = story()  # de (source) and en; fr, es and id are missing
    en = article.versions.get(language="en")
    en.source_changed = True
    en.save()
    with FakeLibreTranslate() as server:
        settings.NEWSROOM_DEEPL_AUTH_KEY, settings.NEWSROOM_MT_URL = "", server.url
        page = editor_client.get(translate_url(article, "fr")).content.decode()
        others = page[page.index('id="nr-mt-others"') :]
        others = others[: others.index("</div>")]
        names = re.findall(r'lang="(\w+)">(\w+)</button>', others)
        assert names == [("en", "English"), ("id", "Indonesian"), ("es", "Spanish")]
        url = reverse("admin:articles_article_machine_translate", args=[article.pk, "es"])
        assert f'action="{url}"' in others


def test_the_due_date_is_filled_in_for_an_editor_working_in_french(editor_client):
    url = reverse("admin:articles_article_assign", args=[story().pk, "fr"])
    due = timezone.localdate() + timedelta(days=2)

    page = editor_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    # A date input shows nothing for a localised 09/12/2026: only ISO fills the picker.
    assert re.search(rf'<input type="date" name="due_on" value="{due:%Y-%m-%d}"', page)


def test_without_a_marked_original_the_export_offers_the_language_the_title_is_shown_in(
    editor_client,
):
    article = make_article(languages=("de", "en"), title_en="Sales rise")
    url = reverse("admin:articles_article_xliff_export", args=[article.pk])

    page = editor_client.get(url).content.decode()

    # The page is titled in English: the source offered is English, not the first code A-Z.
    assert '<option value="en" selected>' in page


def test_the_missing_engine_is_a_quiet_hint_not_a_red_refusal(editor_client, settings):
    settings.NEWSROOM_DEEPL_AUTH_KEY = settings.NEWSROOM_MT_URL = ""
    page = editor_client.get(translate_url(story(), "fr")).content.decode()

    hint = re.search(r'<p class="([^"]*)" id="nr-mt-unconfigured"', page)

    # nr-note is the red of "locked for you" and "blocking findings"; this is neither.
    assert hint and "nr-note" not in hint[1].split()
