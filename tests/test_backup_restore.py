"""Backup and restore with dumpdata/loaddata: the restored site is the same site.

A populated site (the seed bundle, stories published in several languages, a
scheduled one, an edit with its history, findings computed and one of them
dismissed) is dumped from one scratch database with the README's command and
loaded into a second, empty, migrated one, both in real `manage.py`
processes, as an operator would. Both sites must then serve byte-identical
public pages in every language (front pages, each article, feeds, sitemap)
and hold the same django-reversion history and the same findings with their
dismissals.

What the dump leaves out, and why (README, Operations):
- `contenttypes` and `auth.permission`: `migrate` creates them in the new
  database; rows that point at them are written with natural keys
  (`--natural-foreign`), so ids need not match.
- `sessions`: logins are not worth restoring (and are bound to the secret key).
- `axes`: login-failure records are a security log of the old server, not content.
`--natural-primary` writes groups and users by name: the Editors and
Translators groups that migration 0002 creates in the new database are then
matched by name and updated, never duplicated or clashing on their ids.
"""

from __future__ import annotations

import difflib
import json
from xml.etree import ElementTree

import pytest

from tests.scratch import ScratchDatabases, manage

pytestmark = pytest.mark.slow

#: The README's backup command (Operations), as arguments to manage.py.
DUMP = [
    "dumpdata",
    "--natural-foreign",
    "--natural-primary",
    "--exclude=contenttypes",
    "--exclude=auth.permission",
    "--exclude=sessions",
    "--exclude=axes",
    # XML, not JSON: Django's JSON encoder cuts times to milliseconds, which changes
    # every publication time on the restored site (and the order of close ones).
    "--format=xml",
]

POPULATE = """
from datetime import timedelta
from django.core.management import call_command
from django.utils import timezone
from articles import history, services
from articles.editorial_checks import dismiss_finding, recompute_findings
from articles.models import Article, Finding, LanguageVersion, Status
from tests.factories import editor, make_article, translator

ed = editor(username="editor")
translator(username="translator")
call_command("import_seeds", verbosity=0)
seed = Article.objects.get(versions__language="fr")
for language in ("fr", "de", "es"):
    services.publish(version=seed.versions.get(language=language), user=ed,
                     override_reason="Read and approved by the desk.", confirm_headline=True)
for n in range(3):
    story = make_article(languages=("en", "fr", "id"), body_en=f"Story {n}: OpenAI said so.",
                         body_fr=f"Histoire {n} : Openai l'a dit.")
    for version in story.versions.all():
        services.publish(version=version, user=ed, override_reason="Checked.")
later = make_article(languages=("de",))
services.publish(version=later.versions.get(), user=ed, at=timezone.now() + timedelta(days=3))
make_article(languages=("es",), title_es="Borrador", body_es="Todavía no.")
# An edit with history, as the admin makes it.
with history.change(seed, user=ed, comment="Edited in the admin"):
    before = services.text_checksums(seed)
    seed.lede_fr = "Un chapeau revu par la rédaction."
    seed.save()
    services.article_text_changed(article=seed, before=before, user=ed)
for article in Article.objects.all():
    recompute_findings(article)
finding = Finding.objects.order_by("pk").first()
dismiss_finding(finding, user=ed, reason="A quotation we keep as it is.")
print("findings", Finding.objects.count())
"""

SNAPSHOT = """
import json
from django.test.utils import setup_test_environment
setup_test_environment()
from django.conf import settings
from django.test import Client
from reversion.models import Revision, Version
from articles.models import Finding, LanguageVersion

client = Client()
urls = ["/sitemap.xml"]
for code, _name in settings.LANGUAGES:
    urls += [f"/{code}/", f"/{code}/feed/", f"/{code}/atom/", f"/{code}/?q=OpenAI"]
urls += sorted(v.get_absolute_url() for v in LanguageVersion.objects.published())
pages = {}
for url in urls:
    response = client.get(url)
    pages[url] = [response.status_code, response.content.decode()]
revisions = [
    [r.pk, r.date_created.isoformat(), r.user.username if r.user else None, r.comment]
    for r in Revision.objects.order_by("pk").select_related("user")
]
versions = [
    [v.pk, v.revision_id, v.content_type.app_label, v.content_type.model, v.object_id,
     v.db, v.format, v.serialized_data, v.object_repr]
    for v in Version.objects.order_by("pk").select_related("content_type")
]
findings = [
    [f.version.article_id, f.version.language, f.kind, f.severity, f.paragraph, f.message,
     f.suggestion, f.fingerprint, f.dismissed_at and f.dismissed_at.isoformat(),
     f.dismissed_by and f.dismissed_by.username, f.dismiss_reason]
    for f in Finding.objects.order_by("pk").select_related("version", "dismissed_by")
]
print(json.dumps({"pages": pages, "revisions": revisions, "versions": versions,
                  "findings": findings}))
"""


@pytest.fixture(scope="module")
def scratch_databases(tmp_path_factory, scratch_shared):
    """make() -> the URL of a new, migrated, empty database of the suite's engine."""
    databases = ScratchDatabases(
        tmp_path_factory.mktemp("backup"), "newsroom_backup", scratch_shared
    )
    yield databases.make
    databases.drop()


def snapshot(database_url: str) -> dict:
    output = manage("shell", "--no-imports", "-c", SNAPSHOT, database_url=database_url).stdout
    return json.loads(output.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def restored(scratch_databases, tmp_path_factory):
    """(original URL, restored URL, backup file) for a populated site dumped and loaded."""
    original = scratch_databases()
    manage("shell", "--no-imports", "-c", POPULATE, database_url=original)
    backup = tmp_path_factory.mktemp("dump") / "backup.xml"
    manage(*DUMP, f"--output={backup}", database_url=original)
    copy = scratch_databases()
    manage("loaddata", str(backup), database_url=copy)
    return original, copy, backup


def test_restored_site_serves_byte_identical_pages_history_and_findings(restored):
    original_url, copy_url, _backup = restored
    original, copy = snapshot(original_url), snapshot(copy_url)

    # The site was worth backing up: stories in several editions, history, a dismissal.
    live = [url for url in original["pages"] if url.count("/") == 3 and "?" not in url]
    assert len({url.split("/")[1] for url in live}) >= 4
    assert any(row[3] == "Edited in the admin" for row in original["revisions"])
    assert any(row[-1] == "A quotation we keep as it is." for row in original["findings"])

    for url, (status, body) in original["pages"].items():
        assert status == 200, url
        restored_status, restored_body = copy["pages"][url]
        assert restored_status == status, url
        assert restored_body == body, f"{url} differs after restore:\n" + "\n".join(
            difflib.unified_diff(body.splitlines(), restored_body.splitlines(), lineterm="", n=1)
        )
    assert copy["pages"].keys() == original["pages"].keys()
    assert copy["revisions"] == original["revisions"]
    assert copy["versions"] == original["versions"]
    assert copy["findings"] == original["findings"]


def test_backup_leaves_out_what_migrate_recreates_and_what_is_not_content(restored):
    _original, _copy, backup = restored
    tree = ElementTree.parse(backup)
    models = {element.get("model") for element in tree.getroot().findall("object")}
    assert {"articles.article", "articles.finding", "reversion.version", "auth.group"} <= models
    assert not {m for m in models if m.startswith(("contenttypes.", "sessions.", "axes."))}
    assert "auth.permission" not in models


def test_restored_site_keeps_one_group_per_role_and_takes_new_work(restored):
    """Migration 0002 made the groups before the load: they are matched, not duplicated,
    and the database hands out new ids after the loaded ones (sequences reset)."""
    _original, copy, _backup = restored
    code = """
from django.contrib.auth.models import Group
from articles.models import Article, Finding
from articles.roles import ROLE_PERMISSIONS
from tests.factories import editor, make_article
groups = sorted(Group.objects.values_list("name", flat=True))
perms = {g.name: sorted(f"{p.content_type.app_label}.{p.codename}" for p in g.permissions.all())
         for g in Group.objects.all()}
assert perms == {name: sorted(p) for name, p in ROLE_PERMISSIONS.items()}, perms
assert editor(username="editor").has_perm("articles.publish_languageversion")
before = Article.objects.order_by("-pk").first().pk
new = make_article(languages=("en",), title_en="After the restore")
print(groups, new.pk > before)
"""
    output = manage("shell", "--no-imports", "-c", code, database_url=copy).stdout
    assert output.strip().splitlines()[-1] == "['Editors', 'Translators'] True"


def test_loading_the_backup_twice_changes_nothing(restored):
    """A restore that was interrupted and run again must not duplicate rows."""
    _original, copy, backup = restored
    first = snapshot(copy)
    manage("loaddata", str(backup), database_url=copy)
    assert snapshot(copy) == first
