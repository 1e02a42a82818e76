"""An editor in a real browser: log in, review the seed story, publish French, see it live.

The seed bundle is imported with the real importer and the demo accounts are
made by their command, as `make run` does. With `--screenshots` the review
page is saved as artifacts/review-page.png.
"""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Status

pytestmark = pytest.mark.browser

PASSWORD = "a-long-demo-password-for-the-browser"


@pytest.fixture
def seed_story(live_server, monkeypatch):
    call_command("import_seeds", verbosity=0)
    monkeypatch.setenv("NEWSROOM_EDITOR_PASSWORD", PASSWORD)
    call_command("create_demo_accounts", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    story = Article.objects.filter(versions__language="id").filter(versions__language="de")
    return story.filter(versions__language="fr").get(versions__language="es")


def test_editor_publishes_the_french_version_from_the_review_page(
    live_server, page, seed_story, screenshot
):
    french = seed_story.versions.get(language="fr")
    assert french.status != Status.PUBLISHED

    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))

    review = reverse("admin:articles_article_review", args=[seed_story.pk])
    page.goto(f"{live_server.url}{review}?languages=all")
    for language in ("id", "fr", "es", "de"):
        assert page.locator(f"#lang-{language}").is_visible()
    column = page.locator("#lang-fr")
    reason = column.locator("input[name=override_reason]")
    if reason.count():  # the checks found something blocking: the editor says why it may go
        reason.fill("Reviewed by the French desk")
    column.locator("button[name=operation][value=publish]").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Yes, publish").click()  # the confirmation page
    page.wait_for_load_state()
    assert "Published or scheduled: 1 version." in page.locator(".messagelist").inner_text()
    assert column.locator(".nr-state").first.inner_text().lower() == "published"
    screenshot(page, "review-page")

    french.refresh_from_db()
    assert french.is_live
    with translation.override("fr"):
        url = seed_story.get_absolute_url()
    page.goto(f"{live_server.url}{url}")
    assert page.locator("h1").first.inner_text() == seed_story.title_fr


def test_the_edit_form_has_one_tab_per_language(live_server, page, seed_story, screenshot):
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(f"{live_server.url}{reverse('admin:articles_article_change', args=[seed_story.pk])}")
    tabs = page.locator(".ui-tabs-nav").first.locator("li")
    assert tabs.count() == 5  # jQuery UI is served by us, so the tabs are drawn
    page.locator(".ui-tabs-nav").first.get_by_text("French", exact=False).first.click()
    assert page.locator("#id_title_fr").is_visible()
    assert not page.locator("#id_title_de").is_visible()
    # Each language tab carries its version's name and state (the column suffix is "ind").
    first_tabs = page.locator(".ui-tabs-nav").first
    assert first_tabs.locator("a[href$=_fr] .nr-badge").inner_text().lower() == "draft"
    assert first_tabs.locator("a[href$=_en]").get_attribute("data-nr-state") == "none"
    assert first_tabs.locator("a[href$=_ind]").text_content().startswith("Indonesian")
    screenshot(page, "article-edit-tabs")


def test_on_a_phone_the_language_switcher_does_not_cover_the_page_buttons(
    live_server, phone_page, seed_story, screenshot
):
    page = phone_page
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto(f"{live_server.url}{reverse('admin:articles_article_review', args=[seed_story.pk])}")

    buttons = page.locator("#content-main .object-tools li").all()
    assert buttons and page.locator(".nr-switcher a").count()
    for chip in page.locator(".nr-switcher a").all():
        a = chip.bounding_box()
        for button in buttons:
            b = button.bounding_box()
            overlaps = (
                a["x"] < b["x"] + b["width"]
                and b["x"] < a["x"] + a["width"]
                and a["y"] < b["y"] + b["height"]
                and b["y"] < a["y"] + a["height"]
            )
            assert not overlaps, f"“{chip.inner_text()}” covers “{button.inner_text()}”"
    screenshot(page, "review-phone")
