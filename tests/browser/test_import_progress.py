"""An editor uploads a bundle in a real browser and watches its run: the bar moves without
a reload, then the page tells the outcome and links the articles.

The run's JSON is first answered by the test (a run half-way), so the bar is seen moving
without racing the worker; then the worker runs here, in the test, and the page's own
polling finds the finished run on the live server. No sleeps: Playwright waits for what
the page shows.
"""

from __future__ import annotations

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from articles.models import ImportRun
from tests.browser.conftest import new_page
from tests.factories import editor
from tests.importing.conftest import SEED, SEEDS, run_db_worker

pytestmark = [pytest.mark.browser, pytest.mark.db_worker]

PASSWORD = "a-long-password-for-the-import-test"


def run_worker() -> None:
    run_db_worker("browser-test")


def test_the_progress_bar_moves_without_reloading_and_the_outcome_follows(
    browser, live_server, settings, tmp_path
):
    settings.NEWSROOM_UPLOAD_DIR = tmp_path / "upload"
    user = editor(username="importer")
    user.set_password(PASSWORD)
    user.save()
    context, page = new_page(browser)
    try:
        page.goto(f"{live_server.url}{reverse('admin:login')}")
        page.fill("#id_username", "importer")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(re.compile(r"/admin/$"))

        page.goto(f"{live_server.url}{reverse('admin:articles_importrun_add')}")
        page.set_input_files("#id_files", [str(SEEDS / SEED["id"]), str(SEEDS / SEED["fr"])])
        page.click("input[type=submit]")
        page.wait_for_url(re.compile(r"/progress/$"))
        run = ImportRun.objects.get()
        bar = page.get_by_role("progressbar", name="Files imported")
        assert bar.count() == 1  # a <progress> with its label
        assert page.text_content("#nr-import-state") == "Queued"

        half_way = {
            "state": "running",
            "state_label": "Running",
            "done": 1,
            "total": 2,
            "finished": False,
            "cancel_requested": False,
            "outcome": "",
        }
        json_url = re.compile(r"/progress\.json$")
        page.route(json_url, lambda route: route.fulfill(json=half_way))
        page.wait_for_function("() => document.getElementById('nr-import-progress').value === 1")
        assert page.text_content("#nr-import-count") == "1 of 2 files"
        assert page.text_content("#nr-import-state") == "Running"
        assert not [
            v["id"]
            for v in Axe().run(page).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]

        run_worker()  # the real run, while the page waits on the test's answers
        page.unroute(json_url)
        page.wait_for_selector("#nr-import-outcome")  # the page reloaded itself
        assert page.text_content("#nr-import-outcome").startswith("1 new article, 0 files")
        assert page.get_by_role("link", name=re.compile(r"^#\d+ ")).count() == 1
        assert json.loads(
            page.evaluate(
                f"fetch('{reverse('admin:articles_importrun_progress_json', args=[run.pk])}').then(r => r.text())"
            )
        )["finished"]
    finally:
        context.close()
