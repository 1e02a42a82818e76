"""An editor's day in a real browser, from an import of real news to a story live in two
languages, without typing a URL after signing in.

The bundle is five professionally translated files (`fixtures/dev_bundle_sample/`, from
`../shared/dev_bundle/`): two stories, one in English, French and German. The editor starts
on the desk, which shows the import's new drafts and asks which version is the original;
answers with one click; opens the story; publishes English and French through their
confirmations; sees the result and its Undo at the top of the view; and follows the link to
the live page. axe-core finds no serious or critical violation on any admin page type met
on the way (desk, article list, add form, review, confirmation, translation editor, history,
link page, import run, change form); screenshots at 1366 and 390 px go to
artifacts/editors-day-*.png with `--screenshots`. Last, the editor changes the live French
version in the article's change form: it waits as a working copy (readers keep the published
text), is previewed, and goes live through a confirmation showing the diff.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Status
from tests.browser.conftest import new_page
from tests.browser.test_editors_desk import PASSWORD, editor_page, serious_violations

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "dev_bundle_sample"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"

#: Words broken in the middle in a table cell of the desk: a cell narrower than its words.
BROKEN_WORDS = """
() => [...document.querySelectorAll('.nr-desk td, .nr-desk th')].filter(cell => {
  const range = document.createRange();
  for (const node of cell.childNodes) {
    if (node.nodeType !== Node.TEXT_NODE) continue;
    for (const word of node.textContent.split(/\\s+/).filter(w => w.length > 3)) {
      const start = node.textContent.indexOf(word);
      range.setStart(node, start); range.setEnd(node, start + word.length);
      if (range.getClientRects().length > 1) return true;
    }
  }
  return false;
}).map(cell => cell.textContent.trim().slice(0, 40))
"""


@pytest.fixture
def imported(live_server, monkeypatch, tmp_path):
    for file in SAMPLE.glob("*.txt"):
        shutil.copy(file, tmp_path / file.name)
    call_command("import_seeds", str(tmp_path), verbosity=0)
    monkeypatch.setenv("NEWSROOM_EDITOR_PASSWORD", PASSWORD)
    call_command("create_demo_accounts", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Article.objects.filter(versions__language="fr").get()


def check(page, screenshot, name: str) -> None:
    """No serious accessibility violation, no sideways scroll; a screenshot for the record."""
    screenshot(page, f"editors-day-{name}")
    assert page.evaluate(SIDEWAYS) <= 0, f"{name} scrolls sideways"
    assert serious_violations(page) == [], name


def test_from_the_import_to_a_story_live_in_two_languages(
    browser, live_server, imported, screenshot
):
    context, page = editor_page(browser, live_server, LAPTOP)
    try:
        # The desk: the import's drafts, and the question the files leave open.
        fresh = page.locator("#desk-new_from_import")
        assert fresh.get_by_text(re.compile(r"New from import #\d+")).is_visible()
        assert fresh.locator("tbody tr").count() == 5
        assert page.evaluate(BROKEN_WORDS) == []
        originals = page.locator("#desk-originals")
        assert "2 stories: which version is the original?" in originals.inner_text()
        check(page, screenshot, "desk-1366")

        row = originals.locator("tr", has_text="Tom Daley")
        row.get_by_role("button", name=re.compile("^English is the original")).click()
        page.wait_for_url(re.compile(r"/admin/#desk-originals$"))
        imported.refresh_from_db()
        assert imported.source_language == "en"
        assert (
            "1 story: which version is the original?"
            in page.locator("#desk-originals").inner_text()
        )

        # The import run, in words, from the desk.
        page.locator("#desk-imports").get_by_role("link", name=re.compile("Import #")).first.click()
        page.wait_for_load_state()
        check(page, screenshot, "import-run-1366")
        page.go_back()

        # The article list, from the desk's navigation; then the add form.
        page.locator(".nr-desk-nav").get_by_role("link", name="Articles", exact=True).click()
        page.wait_for_url(re.compile(r"/admin/articles/article/$"))
        assert "Articles and their versions" in page.locator("h1").inner_text()
        check(page, screenshot, "list-1366")
        hidden = page.evaluate(
            "() => { const r = document.querySelector('#changelist .results');"
            " return r.scrollWidth - r.clientWidth; }"
        )
        assert hidden <= 0, "the translation matrix hides columns behind a sideways scroll"
        page.get_by_role("link", name=re.compile("Add")).first.click()
        page.wait_for_url(re.compile(r"/add/$"))
        check(page, screenshot, "add-1366")
        page.go_back()
        page.go_back()

        # The story's review page, from its French draft on the desk.
        page.locator("#desk-new_from_import").locator("tr", has_text="French").get_by_role(
            "link"
        ).first.click()
        page.wait_for_url(re.compile(r"/review/"))
        check(page, screenshot, "review-1366")

        for language, name in (("en", "English"), ("fr", "French")):
            page.get_by_role("button", name=f"Publish {name}", exact=True).click()
            page.wait_for_url(re.compile(r"/workflow/$"))
            check(page, screenshot, f"confirm-{language}-1366")
            page.get_by_role("button", name="Yes, publish").click()
            page.wait_for_url(re.compile(r"/review/.*#nr-result$"))
            result = page.locator("#nr-result")
            assert "Published or scheduled: 1 version." in result.inner_text()
            box = result.bounding_box()
            assert box is not None and 0 <= box["y"] < LAPTOP["height"] / 2, "result not in view"
            assert result.get_by_role("button", name="Undo").is_visible()

        live = {v.language for v in imported.versions.filter(status=Status.PUBLISHED)}
        assert live == {"en", "fr"}

        # The translation editor, the history (with its Undo), and the link page.
        page.locator("#lang-fr").get_by_role("link", name="Edit the French text").click()
        page.wait_for_url(re.compile(r"/translate/fr/"))
        check(page, screenshot, "translate-1366")
        page.go_back()
        page.get_by_role("link", name="Revisions and restore").click()
        page.wait_for_url(re.compile(r"/revisions/"))
        assert page.get_by_role("button", name="Undo").is_visible()
        check(page, screenshot, "revisions-1366")
        page.go_back()
        page.get_by_role("link", name=re.compile("^Link a")).first.click()
        page.wait_for_url(re.compile(r"/link/"))
        check(page, screenshot, "link-1366")

        # The French page as readers get it, through the review page's preview link.
        page.go_back()
        page.locator("#lang-fr").get_by_role("link", name="preview").click()
        page.wait_for_load_state()
        assert "Desert Island Discs" in page.locator("h1").inner_text()

        # The live French version edited in the change form: a working copy, readers unchanged.
        page.go_back()
        page.get_by_role("link", name="Edit text").click()
        page.wait_for_url(re.compile(r"/change/$"))
        lede = page.locator("#id_lede_fr")
        # modeltranslation draws one set of language tabs per field: the lede's, then French.
        tabs = page.locator(".ui-tabs", has=lede).last
        tabs.locator(".ui-tabs-nav a[href$=_fr]").click()
        live_lede = lede.input_value()
        lede.fill(f"{live_lede} Une phrase de la rédaction.")
        page.locator("input[name=_continue]").click()
        page.wait_for_url(re.compile(r"/change/$"))
        assert (
            "Saved as the working copy of the French text"
            in page.locator(".messagelist").inner_text()
        )
        imported.refresh_from_db()
        assert imported.lede_fr == live_lede  # readers still get the published text
        panel = page.locator("#nr-working-copy-fr")
        assert "awaits publishing" in panel.inner_text()
        assert "rédaction." in " ".join(panel.locator("ins").all_inner_texts())
        check(page, screenshot, "change-working-copy-1366")
        panel.get_by_role("link", name="Preview the working copy").click()
        page.wait_for_load_state()
        assert "Une phrase de la rédaction." in page.locator("main").inner_text()
        page.go_back()
        page.locator("#nr-working-copy-fr").get_by_role(
            "button", name="Publish the working copy…"
        ).click()
        page.wait_for_url(re.compile(r"/workflow/$"))
        assert "rédaction." in page.locator("#nr-diff").inner_text()
        check(page, screenshot, "confirm-working-copy-1366")
        page.get_by_role("button", name="Yes, publish it").click()
        page.wait_for_url(re.compile(r"/change/$"))
        assert page.locator(".messagelist").get_by_role("button", name="Undo").is_visible()
        imported.refresh_from_db()
        assert imported.lede_fr == f"{live_lede} Une phrase de la rédaction."
        assert page.locator("#nr-working-copy-fr").count() == 0
    finally:
        context.close()


def test_the_desk_after_an_import_fits_a_phone(browser, live_server, imported, screenshot):
    context, page = new_page(browser, PHONE)
    try:
        page.goto(f"{live_server.url}{reverse('admin:login')}")
        page.fill("#id_username", "editor")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(re.compile(r"/admin/$"))
        assert page.locator("#desk-new_from_import tbody tr").count() == 5
        check(page, screenshot, "desk-390")
    finally:
        context.close()
