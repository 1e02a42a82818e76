"""Migration 0011 on a site with translators: they keep every language until narrowed.

Run as an operator upgrades, on a scratch database in real processes: migrated back to
0010, given a translator, migrated forward. (In the test database it took a transactional
test with a serialized rollback, whose restore of the content types failed whenever an
earlier transactional test had flushed and recreated them.)
"""

import json

import pytest

from articles.models import LANGUAGE_CODES
from tests.scratch import ScratchDatabases, manage

pytestmark = pytest.mark.slow

BEFORE = "0010_ordering_by_foreign_keys"

SITE_BEFORE_0011 = f"""
from django.db import connection
from django.db.migrations.loader import MigrationLoader
old = MigrationLoader(connection).project_state(("articles", "{BEFORE}")).apps
User, Group = old.get_model("auth", "User"), old.get_model("auth", "Group")
translator = User.objects.create(username="before-0011")
translator.groups.add(Group.objects.get(name="Translators"))
User.objects.create(username="not-a-translator")
"""

LANGUAGES_AFTER = """
import json
from articles.models import UserLanguage
print(json.dumps({
    name: sorted(UserLanguage.objects.filter(user__username=name).values_list("language", flat=True))
    for name in ("before-0011", "not-a-translator")
}))
"""


def test_existing_translators_keep_every_language_after_the_upgrade(tmp_path, scratch_shared):
    databases = ScratchDatabases(tmp_path, "newsroom_upgrade", scratch_shared)
    try:
        url = databases.make()
        manage("migrate", "articles", BEFORE, database_url=url)
        manage("shell", "--no-imports", "-c", SITE_BEFORE_0011, database_url=url)
        manage("migrate", "--noinput", database_url=url)
        languages = json.loads(
            manage("shell", "--no-imports", "-c", LANGUAGES_AFTER, database_url=url)
            .stdout.strip()
            .splitlines()[-1]
        )
    finally:
        databases.drop()
    assert languages == {"before-0011": sorted(LANGUAGE_CODES), "not-a-translator": []}
