"""The translation workflow through the admin in a real browser: a machine draft from the
translation editor, an XLIFF round trip through download and upload, and an assignment
seen on the translator's desk. The MT engine is a fake LibreTranslate on 127.0.0.1."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Assignment, MachineTranslation
from tests.browser.test_translation_editor import assert_accessible
from tests.factories import editor, make_article, translator
from tests.translation_workflow.fakes import FakeLibreTranslate

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


@pytest.fixture
def story(live_server):
    article = make_article(
        languages=("de", "en"),
        title_de="Umsatz steigt",
        body_de="Der Umsatz stieg um 37 Prozent.\n\nDie Firma plant 120 Stellen.",
    )
    article.source_language = "de"
    article.save()
    editor(username="editor", email="editor@example.org")
    return article


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def test_machine_translate_a_missing_language_from_the_editor(
    live_server, page, story, settings, screenshot
):
    with FakeLibreTranslate() as engine:
        settings.NEWSROOM_DEEPL_AUTH_KEY, settings.NEWSROOM_MT_URL = "", engine.url
        log_in(page, live_server, "editor")
        url = reverse("admin:articles_article_translate", args=[story.pk, "fr"])
        page.goto(f"{live_server.url}{url}")

        page.click("#nr-machine-translate")

        page.wait_for_selector(".messagelist .success")
        assert "machine-translated draft" in page.locator(".messagelist").inner_text()
        assert page.locator("textarea[name=body_0]").input_value() == (
            "[fr] Der Umsatz stieg um 37 Prozent."
        )
        assert "LibreTranslate" in page.locator("#nr-machine-note").inner_text()
        assert_accessible(page)
        screenshot(page, "translation-workflow-machine-draft")
    assert MachineTranslation.objects.get().requested_by.username == "editor"


def test_xliff_round_trip_through_download_and_upload(live_server, page, story, tmp_path):
    log_in(page, live_server, "editor")
    url = reverse("admin:articles_article_xliff_export", args=[story.pk])
    page.goto(f"{live_server.url}{url}?targets=fr")
    assert_accessible(page)
    with page.expect_download() as download:
        page.click("#nr-xliff-export input[type=submit]")
    exported = tmp_path / "out.xlf"
    download.value.save_as(exported)
    returned = tmp_path / "back.xlf"
    returned.write_text(
        re.sub(
            r"<source>(.*?)</source>\s*<target\s*/>",
            r"<source>\1</source><target>FR \1</target>",
            exported.read_text(),
            flags=re.S,
        )
    )

    page.goto(f"{live_server.url}{reverse('admin:articles_xliff_import')}")
    assert_accessible(page)
    page.set_input_files("#id_file", str(returned))
    page.click("#nr-xliff-import input[type=submit]")

    page.wait_for_url(re.compile(r"/translate/fr/$"))
    assert page.locator("#id_title").input_value() == "FR Umsatz steigt"
    assert Article.objects.get(pk=story.pk).text("title", "fr") == "FR Umsatz steigt"


def test_an_editor_assigns_and_the_translator_sees_it_on_their_desk(live_server, browser, story):
    translator(username="claire", languages=("fr",), email="claire@example.org")
    due = timezone.localdate() + timedelta(days=3)
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, live_server, "editor")
        url = reverse("admin:articles_article_assign", args=[story.pk, "fr"])
        page.goto(f"{live_server.url}{url}")
        assert_accessible(page)
        page.select_option("#id_translator", label="claire")
        page.fill("#id_due_on", f"{due:%Y-%m-%d}")
        page.click("#nr-assign input[type=submit].default")
        page.wait_for_url(re.compile(r"/article/$"))
        cell = page.locator(".nr-assignee").first
        assert cell.inner_text() == "→ claire"
        assert cell.get_attribute("title") == f"Assigned to claire, due on {due:%Y-%m-%d}"
    finally:
        context.close()
    assert Assignment.objects.get().translator.username == "claire"

    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, live_server, "claire")
        section = page.locator("#desk-assignments")
        assert_accessible(page)
        assert "Due " + f"{due:%Y-%m-%d}" in section.inner_text()
        section.get_by_role("link").first.click()
        page.wait_for_url(re.compile(r"/translate/fr/$"))
    finally:
        context.close()
