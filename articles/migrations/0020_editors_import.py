"""Editors may import a bundle from the admin (upload, then Cancel): `articles.add_importrun`.

Frozen, like migration 0002: the one permission this change gives the Editors group.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSION = ("articles", "add_importrun")


def _permission(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    return apps.get_model("auth", "Permission").objects.get(
        content_type__app_label=PERMISSION[0], codename=PERMISSION[1]
    )


def grant(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="Editors").first()
    if group is not None:
        group.permissions.add(_permission(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="Editors").first()
    if group is not None:
        group.permissions.remove(_permission(apps))


class Migration(migrations.Migration):
    dependencies = [("articles", "0019_import_run_progress")]

    operations = [migrations.RunPython(grant, revoke)]
