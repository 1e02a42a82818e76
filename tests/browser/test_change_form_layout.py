"""The article's change form at a laptop's and a phone's width: the boxes under its tools
(the importer's suggested links) are as wide as the form, not squeezed beside the tools."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import LinkSuggestion
from tests.admin.helpers import unlinked_document
from tests.browser.test_editors_desk import PASSWORD, editor_page
from tests.factories import make_article

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "viewport", [{"width": 1366, "height": 768}, {"width": 390, "height": 844}]
)
def test_suggested_links_on_the_change_form_are_as_wide_as_the_form(
    browser, live_server, monkeypatch, screenshot, viewport
):
    english, spanish = make_article(languages=["en"]), make_article(languages=["es"])
    LinkSuggestion.objects.create(
        article=english,
        other=spanish,
        document=unlinked_document(language="en", article=english),
        other_document=unlinked_document(language="es", article=spanish),
        score=0.26,
        anchors=["kavanaugh", "feinstein"],
    )
    monkeypatch.setenv("NEWSROOM_EDITOR_PASSWORD", PASSWORD)
    call_command("create_demo_accounts", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    context, page = editor_page(browser, live_server, viewport)
    try:
        page.goto(live_server.url + reverse("admin:articles_article_change", args=[english.pk]))
        screenshot(page, f"change-form-suggestions-{viewport['width']}")
        box = page.locator(".nr-suggestions-module").bounding_box()
        form = page.locator("#article_form").bounding_box()
        assert box["width"] >= 0.9 * form["width"], "the suggestions are squeezed into a column"
        assert page.get_by_role("button", name="Link").is_visible()
    finally:
        context.close()


#: Pairs of the page's object tools (top-right buttons) drawn over one another.
OVERLAPPING_TOOLS = """
() => {
  const boxes = [...document.querySelectorAll('#content-main .object-tools a')]
    .map(e => e.getBoundingClientRect());
  let pairs = 0;
  boxes.forEach((p, i) => boxes.slice(i + 1).forEach(q => {
    if (p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom) pairs++;
  }));
  return pairs;
}
"""


def test_the_tools_of_an_article_in_five_languages_wrap_without_overlapping(
    browser, live_server, monkeypatch, screenshot
):
    article = make_article(languages=["en", "id", "fr", "es", "de"])
    monkeypatch.setenv("NEWSROOM_EDITOR_PASSWORD", PASSWORD)
    call_command("create_demo_accounts", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    context, page = editor_page(browser, live_server, {"width": 1366, "height": 768})
    try:
        page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
        screenshot(page, "change-form-tools-1366")
        tools = page.locator("#content-main .object-tools a").all()
        tops = {round(tool.bounding_box()["y"]) for tool in tools}
        assert len(tops) > 1, "the tools fit on one row: this test no longer tests wrapping"
        assert page.evaluate(OVERLAPPING_TOOLS) == 0
    finally:
        context.close()
