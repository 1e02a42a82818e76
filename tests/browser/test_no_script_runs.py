"""In a real browser, imported script never runs: not on the site, not in the admin.

A file whose title, lede, body, key points and attribution carry script that
would set `window.__xss` (an inline `<script>`, an `<img onerror>`, a
`javascript:` link) is imported from disk and published; an editor logs in and
Chromium opens every page that shows it. On each: no dialog opened, nothing
logged by the payload, `window.__xss` undefined, and no element the payload
could have become.

The context bypasses the Content-Security-Policy on purpose: CSP would block
inline script anyway (tests/security/test_headers.py pins it), and this test
is about the escaping underneath it, the first line of defence.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles import services
from articles.editorial_checks import recompute_findings
from articles.models import SourceDocument
from tests.browser.conftest import new_page
from tests.factories import editor

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"  # tests/factories.py
SCRIPT = "<script>window.__xss=1;console.log('xss-ran')</script>"
IMG = "<img src=x onerror=\"window.__xss=1;console.log('xss-ran');alert('xss')\">"
LINK = "<a href=\"javascript:window.__xss=1;alert('xss')\">the council</a>"

HOSTILE_FILE = f"""Harbour bridge reopens {SCRIPT} &lt;b&gt; tolls

The harbour bridge reopened on Monday {IMG} after two years of repair work, the city council said in a statement on Sunday evening.
Engineers replaced all of the main cables and resurfaced the road deck, according to {LINK} and the transport authority.

What changes for drivers

Traffic will flow in both directions from six in the morning {SCRIPT}, and the speed limit stays at fifty kilometres an hour.
Cyclists get a separate lane on the northern side of the bridge for the first time since it opened.

Key points:
- The bridge reopened on Monday {SCRIPT}
- Tolls are unchanged {IMG}

Source: City press office {IMG}
"""

CHECK = """() => ({
    flag: typeof window.__xss,
    // Script elements a browser would run: not data blocks (the story's JSON-LD may quote
    // the text, escaped, and never runs).
    scripts: [...document.scripts].filter(
        s => (!s.type || s.type.includes('javascript')) && s.textContent.includes('__xss')
    ).length,
    handlers: [...document.querySelectorAll('*')].filter(
        e => [...e.attributes].some(a => a.name.startsWith('on') && a.value.includes('__xss'))
    ).length,
    jsLinks: document.querySelectorAll('[href^="javascript:"]').length,
})"""


@pytest.fixture
def hostile(live_server, tmp_path):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "hostile.txt").write_text(HOSTILE_FILE, encoding="utf-8")
    call_command("import_seeds", str(bundle), verbosity=0)
    document = SourceDocument.objects.get(name__endswith="hostile.txt")
    assert document.language == "en", document.detected_language
    user = editor(username="desk")
    recompute_findings(document.article)  # findings quote the text too
    version = document.article.versions.get(language="en")
    services.publish(version=version, user=user, override_reason="Testing escaping.")
    return document


@pytest.fixture
def watched_page(browser):
    """A page that records dialogs and console messages, with CSP bypassed (see above)."""
    context, page = new_page(browser, bypass_csp=True)
    page.dialogs, page.console = [], []

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda message: page.console.append(message.text))
    yield page
    context.close()


def test_no_imported_script_runs_on_any_page_that_shows_it(live_server, watched_page, hostile):
    page = watched_page
    article = hostile.article
    article.refresh_from_db()
    public = [
        "/en/",
        f"/en/{article.slug_en}/",
        "/en/?q=harbour",
        "/en/feed/",
        "/en/atom/",
    ]
    admin = [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_review", args=[article.pk]),
        reverse("admin:articles_article_revisions", args=[article.pk]),
        reverse("admin:articles_languageversion_changelist"),
        reverse("admin:articles_sourcedocument_changelist"),
        reverse("admin:articles_sourcedocument_change", args=[hostile.pk]),
        reverse("admin:articles_finding_changelist"),
    ]
    for path in public:
        _visit_and_check(page, live_server.url + path)

    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", "desk")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    for path in admin:
        _visit_and_check(page, live_server.url + path)


def _visit_and_check(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("load")
    page.wait_for_timeout(150)  # let an <img onerror> that slipped through fire
    if "xml" not in (response.headers.get("content-type") or ""):
        # The hostile title is on the page as text (so the page did show the story).
        assert "Harbour bridge reopens" in page.locator("body").inner_text(), url
        assert page.evaluate(CHECK) == {
            "flag": "undefined",
            "scripts": 0,
            "handlers": 0,
            "jsLinks": 0,
        }, url
    assert page.evaluate("typeof window.__xss") == "undefined", url
    assert page.dialogs == [], (url, page.dialogs)
    assert not [m for m in page.console if "xss-ran" in m], url
