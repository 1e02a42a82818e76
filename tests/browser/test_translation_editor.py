"""The translator's and editor's loop in a real browser, checked with axe-core.

On the seed bundle: open the French translation editor from the review page, see
the source paragraphs beside the French ones, fix a marked variant, save, see the
finding gone; preview it; publish it through the confirmation page (headline
checked there); see it live; undo; see it gone. axe-core (axe-playwright-python,
its own copy of axe.min.js, no network) must find no serious or critical
violation on the editor, preview, review and confirmation pages. Screenshots of
the editor at 1366 and 390 px go to artifacts/ (with `--screenshots`).
"""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Finding, Status
from tests.browser.conftest import new_page

pytestmark = pytest.mark.browser

PASSWORD = "a-long-demo-password-for-the-browser"
WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def seed_story(live_server, monkeypatch):
    call_command("import_seeds", verbosity=0)
    monkeypatch.setenv("NEWSROOM_EDITOR_PASSWORD", PASSWORD)
    call_command("create_demo_accounts", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    story = Article.objects.filter(versions__language="id").filter(versions__language="de")
    return story.filter(versions__language="fr").get(versions__language="es")


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])} node(s), e.g. "
        + " | ".join(n["html"][:100] for n in v["nodes"][:6])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def assert_accessible(page) -> None:
    violations = serious_violations(page)
    assert not violations, f"{page.url}:\n" + "\n".join(violations)


def test_fix_a_french_variant_preview_publish_and_undo(
    live_server, browser, seed_story, screenshot
):
    pytest.importorskip("axe_playwright_python")
    context, page = new_page(browser, WIDE)
    try:
        page.goto(f"{live_server.url}{reverse('admin:login')}")
        page.fill("#id_username", "editor")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(re.compile(r"/admin/$"))

        review = (
            f"{live_server.url}{reverse('admin:articles_article_review', args=[seed_story.pk])}"
            "?languages=all"
        )
        page.goto(review)
        assert_accessible(page)
        page.locator("#lang-fr").get_by_role("link", name="Edit the French text").click()
        page.wait_for_url(re.compile(r"/translate/fr/$"))

        # The source (marked as such) sits beside the French paragraphs, read-only.
        assert page.locator(".nr-editor-head .nr-editor-target").inner_text() == "French"
        source_paragraph = page.locator(".nr-editor-row .nr-editor-source .nr-text-block")
        assert source_paragraph.count() > 4
        assert page.locator("textarea[name=body_0]").input_value()
        marks = page.locator(".nr-marked mark")
        assert marks.count() >= 1, "the seed's French version misspells a name"
        variant = marks.first.inner_text()
        assert_accessible(page)
        screenshot(page, "translation-editor-1366")
        page.set_viewport_size(PHONE)
        screenshot(page, "translation-editor-390")
        page.set_viewport_size(WIDE)

        # Fix the marked variant by hand in every paragraph that has it, and save.
        finding = next(
            f
            for f in Finding.objects.open().filter(
                version__article=seed_story, version__language="fr", kind="name_spelling"
            )
            if variant in f.words
        )
        dominant = finding.detail["suggestion"][1]["name"]
        areas = page.locator("textarea")
        for index in range(areas.count()):
            area = areas.nth(index)
            text = area.input_value()
            if re.search(rf"\b{re.escape(variant)}\b", text):
                area.fill(re.sub(rf"\b{re.escape(variant)}\b", dominant, text))
        page.get_by_role("button", name="Save the French text").click()
        page.wait_for_load_state()
        assert "Saved the French text." in page.locator(".messagelist").inner_text()
        assert variant not in [m.inner_text() for m in page.locator(".nr-marked mark").all()]
        assert not Finding.objects.open().filter(pk=finding.pk).exists()

        # Preview: the public page as readers would get it, marked as a preview.
        page.get_by_role("link", name="Preview French").click()
        assert "Preview — not published" in page.locator(".nr-preview-banner").inner_text()
        assert page.locator("meta[name=robots]").get_attribute("content") == "noindex, nofollow"
        assert_accessible(page)

        # Publish through the confirmation page, which shows the headline readers get.
        page.goto(review)
        column = page.locator("#lang-fr")
        reason = column.locator("input[name=override_reason]")
        if reason.count():
            reason.fill("Reviewed by the French desk")
        column.locator("button[name=operation][value=publish]").click()
        page.wait_for_load_state()
        assert "will be visible to readers from now on" in page.locator(".nr-confirm").inner_text()
        headline = page.locator("#id_confirm_title").input_value()
        assert headline
        assert_accessible(page)
        page.get_by_role("button", name="Yes, publish").click()
        page.wait_for_load_state()
        assert "Published or scheduled: 1 version." in page.locator(".messagelist").inner_text()
        seed_story.refresh_from_db()
        assert seed_story.versions.get(language="fr").is_live
        with translation.override("fr"):
            url = seed_story.get_absolute_url()
        public = browser.new_context()
        try:
            reader = public.new_page()
            assert reader.goto(f"{live_server.url}{url}").status == 200
            assert reader.locator("h1").inner_text() == headline

            # Undo: the page is gone again, for readers too.
            page.get_by_role("button", name="Undo").click()
            page.wait_for_load_state()
            assert "Undone" in page.locator(".messagelist").inner_text()
            assert seed_story.versions.get(language="fr").status != Status.PUBLISHED
            assert reader.goto(f"{live_server.url}{url}").status == 404
        finally:
            public.close()
    finally:
        context.close()


def test_the_change_form_names_its_tabs_and_opens_on_the_source(live_server, page, seed_story):
    pytest.importorskip("axe_playwright_python")
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(f"{live_server.url}{reverse('admin:articles_article_change', args=[seed_story.pk])}")
    tabs = page.locator(".ui-tabs-nav").first
    tabs.locator("a[href$=_ind][data-nr-state]").wait_for()
    assert tabs.locator("a[href$=_ind]").text_content().startswith("Indonesian")
    assert "ind" not in tabs.text_content().lower().split()
    # No version is marked as source: it opens on the first language the story has.
    assert not seed_story.source_language
    assert page.locator("#id_title_ind").is_visible()
    assert not page.locator("#id_title_en").is_visible()
    assert_accessible(page)
