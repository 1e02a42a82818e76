"""Migration 0011 on a site with translators: they keep every language until narrowed."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import LANGUAGE_CODES, UserLanguage

BEFORE = [("articles", "0010_ordering_by_foreign_keys")]
AFTER = [("articles", "0011_translator_languages")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_translators_keep_every_language_after_the_upgrade():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    translator = old.get_model("auth", "User").objects.create(username="before-0011")
    # (get_or_create: an earlier transactional test may have flushed the roles migration's rows)
    group, _ = old.get_model("auth", "Group").objects.get_or_create(name="Translators")
    translator.groups.add(group)
    old.get_model("auth", "User").objects.create(username="not-a-translator")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    assert sorted(
        UserLanguage.objects.filter(user__username="before-0011").values_list("language", flat=True)
    ) == sorted(LANGUAGE_CODES)
    assert not UserLanguage.objects.filter(user__username="not-a-translator").exists()
