"""An editor's pages in a real browser, with a story in all five languages: the desk, the
article list and the review page, at a laptop's 1366 px and a phone's 390 px.

With `--screenshots`, screenshots go to artifacts/ (desk-1366.png, list-390.png, …). On the
review page no element may stick out of its column (the date inputs once overlapped the
next column, German compounds were clipped) and the page may not scroll sideways; axe-core
finds no serious or critical accessibility violation on any of the three pages.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, LanguageVersion, Status
from tests.browser.conftest import new_page

pytestmark = pytest.mark.browser

PASSWORD = "a-long-demo-password-for-the-browser"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

ENGLISH = {
    "title_en": "OpenAI CEO Sam Altman asks developers what GPT-4.5 should open up",
    "lede_en": "Sam Altman launched a survey on X about which OpenAI models to open source.",
    "body_en": (
        "OpenAI CEO Sam Altman recently launched a survey asking whether the next open "
        "source project should be an o3-mini level model or a phone-sized one.\n\n"
        "The poll follows the release of GPT-4.5 and the debate about GPT-4 and GPT-5.\n\n"
        "Altman said OpenAI would publish more of its API research."
    ),
}

#: Every element inside a review-table cell or the control bar that reaches outside it.
OVERFLOWING = """
() => {
  const out = [];
  const boxes = [...document.querySelectorAll('.nr-review td, .nr-review th, .nr-bar-row')];
  for (const box of boxes) {
    const outer = box.getBoundingClientRect();
    if (outer.width === 0) continue;
    for (const el of box.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || !el.checkVisibility()) continue;
      if (r.left < outer.left - 1 || r.right > outer.right + 1) {
        out.push(`${el.tagName}.${el.className} in ${box.tagName}: ${r.left}-${r.right} / ${outer.left}-${outer.right}`);
      }
    }
  }
  return out;
}
"""
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def five_languages(live_server, monkeypatch):
    call_command("import_seeds", verbosity=0)
    monkeypatch.setenv("NEWSROOM_EDITOR_PASSWORD", PASSWORD)
    call_command("create_demo_accounts", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    story = (
        Article.objects.filter(versions__language="id")
        .filter(versions__language="de")
        .filter(versions__language="fr")
        .get(versions__language="es")
    )
    before = services.text_checksums(story)
    for field, text in ENGLISH.items():
        setattr(story, field, text)
    with transaction.atomic():  # the service locks the versions, as every caller's save does
        story.save()
        services.article_text_changed(article=story, before=before, user=None)
    LanguageVersion.objects.filter(article=story, language="es").update(status=Status.IN_REVIEW)
    LanguageVersion.objects.filter(article=story, language="de").update(
        status=Status.PUBLISHED, published_at=timezone.now() + timedelta(hours=5)
    )
    return story


def editor_page(browser, live_server, viewport):
    context, page = new_page(browser, viewport)
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    return context, page


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(("size", "viewport"), [("1366", LAPTOP), ("390", PHONE)])
def test_desk_list_and_review_fit_and_are_accessible(
    browser, live_server, five_languages, screenshot, size, viewport
):
    context, page = editor_page(browser, live_server, viewport)
    try:
        assert f"#{five_languages.pk} " in page.locator("#desk-in_review").inner_text()
        screenshot(page, f"desk-{size}")
        assert page.evaluate(SIDEWAYS) <= 0, "the desk scrolls sideways"
        assert serious_violations(page) == []

        page.goto(f"{live_server.url}{reverse('admin:articles_article_changelist')}")
        number = page.locator(".field-number").get_by_text(f"#{five_languages.pk}", exact=True)
        row = page.locator("#result_list tbody tr").filter(has=number)
        assert row.locator(".field-lang_es").inner_text().strip().endswith("In review")
        assert "Scheduled" in row.locator(".field-lang_de").inner_text()
        screenshot(page, f"list-{size}")
        # The matrix scrolls inside its box on a phone; the page itself never sideways.
        assert page.evaluate(SIDEWAYS) <= 0, "the article list scrolls sideways"
        assert serious_violations(page) == []

        review = reverse("admin:articles_article_review", args=[five_languages.pk])
        page.goto(f"{live_server.url}{review}?languages=all")
        screenshot(page, f"review-{size}")
        assert page.evaluate(SIDEWAYS) <= 0, "the review page scrolls sideways"
        overflowing = page.evaluate(OVERFLOWING)
        assert overflowing == [], "\n".join(overflowing)
        if viewport is PHONE:
            # One language at a time: the first chosen; the switcher brings another.
            assert page.locator("td[lang=en]").first.is_visible()
            assert not page.locator("td[lang=de]").first.is_visible()
            page.locator(".nr-switcher a", has_text="DE").click()
            page.wait_for_load_state()
            assert page.locator("td[lang=de]").first.is_visible()
        else:
            headers = page.locator(".nr-review thead th.nr-col")
            assert headers.count() == 5
            # The text starts in the first screen, below the compact controls.
            title_top = page.locator(".nr-review td.nr-title").first.bounding_box()["y"]
            assert title_top < viewport["height"]
            # The language headers stay in view while the editor scrolls the text.
            assert (
                page.evaluate("() => { window.scrollTo(0, 2500); return window.scrollY; }") > 1000
            )
            assert 0 <= headers.first.bounding_box()["y"] < 60
        assert serious_violations(page) == []
    finally:
        context.close()
