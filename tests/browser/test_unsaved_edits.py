"""The translation editor never throws away what was typed: Dismiss on a finding keeps the
edits (it acts without leaving the page), and leaving with unsaved edits asks first."""

import re

import pytest
from django.urls import reverse

from articles.models import Article, Finding
from tests.browser.conftest import new_page
from tests.factories import editor, make_article

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"  # tests/factories.py
TYPED = " Typed by the editor, not saved yet."


@pytest.fixture
def story_with_finding(live_server):
    article = make_article(
        languages=["en", "fr"],
        title_fr="Le port rouvre",
        body_fr="Le port rouvre lundi.\n\nLes bateaux reviennent.",
    )
    Finding.objects.create(
        version=article.versions.get(language="fr"),
        kind="name_spelling",
        severity=Finding.Severity.ADVISORY,
        paragraph=0,
        message="A name is spelt two ways.",
        fingerprint="name_spelling:port",
    )
    editor(username="ed")
    return article


def log_in(page, live_server):
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", "ed")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def test_dismissing_a_finding_keeps_the_text_typed_and_leaving_asks(
    live_server, browser, story_with_finding
):
    context, page = new_page(browser)
    dialogs = []

    def keep_the_page(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # "stay on this page"

    page.on("dialog", keep_the_page)
    try:
        log_in(page, live_server)
        url = reverse("admin:articles_article_translate", args=[story_with_finding.pk, "fr"])
        page.goto(f"{live_server.url}{url}")
        body = page.locator("textarea[name=body_0]")
        body.click()
        page.keyboard.press("End")
        page.keyboard.type(TYPED)

        finding = page.locator(".nr-finding").filter(has_text="A name is spelt two ways.")
        finding.get_by_label("Why it does not apply").fill("The two spellings are two people.")
        finding.get_by_role("button", name="Dismiss").click()

        status = page.locator("#nr-editor-status")
        status.wait_for(state="visible")
        assert status.inner_text() == "Finding dismissed."
        assert page.locator(".nr-finding").filter(has_text="A name is spelt two ways.").count() == 0
        assert body.input_value() == "Le port rouvre lundi." + TYPED
        assert not Finding.objects.open().exists()
        assert dialogs == [], "dismissing is not leaving the page"

        # Leaving with the edit unsaved asks; staying keeps the text.
        page.get_by_role("link", name="History").click()
        page.wait_for_function("() => true")  # let the dialog handler run
        assert dialogs == ["beforeunload"]
        assert re.search(r"/translate/fr/$", page.url)
        assert body.input_value() == "Le port rouvre lundi." + TYPED

        # Saving is not leaving unsaved edits: no question.
        page.get_by_role("button", name="Save the French text").click()
        page.wait_for_load_state()
        assert "Saved the French text." in page.locator(".messagelist").inner_text()
        assert dialogs == ["beforeunload"]
        assert "lundi." + TYPED in Article.objects.get(pk=story_with_finding.pk).body_fr
    finally:
        context.close()
