"""The roles in the database are the roles the code names: migrations and roles.py agree."""

import pytest
from django.contrib.auth.models import Group

from articles.roles import ROLE_PERMISSIONS

pytestmark = pytest.mark.django_db


def test_the_migrated_groups_hold_exactly_the_permissions_roles_py_gives_them():
    migrated = {
        group.name: sorted(
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        )
        for group in Group.objects.filter(name__in=ROLE_PERMISSIONS)
    }
    assert migrated == {name: sorted(perms) for name, perms in ROLE_PERMISSIONS.items()}
