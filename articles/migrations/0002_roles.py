"""Create the Editors and Translators groups with their permissions.

The data is frozen here, as it was when this migration was written: a migration
creates the same rows whenever it runs, whatever `articles/roles.py` says later.
A later change to `roles.ROLE_PERMISSIONS` comes with a new data migration that
adds or removes exactly that change, so it reaches existing databases as well as
new ones (tests/test_roles.py fails until the migrations and `roles.py` agree).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

_CONTENT = [
    "articles.view_article",
    "articles.change_article",
    "articles.view_languageversion",
    "articles.change_languageversion",
    "articles.view_sourcedocument",
    "articles.view_importrun",
    "articles.view_finding",
]
ROLE_PERMISSIONS = {
    "Translators": _CONTENT,
    "Editors": [
        *_CONTENT,
        "articles.add_article",
        "articles.add_languageversion",
        "articles.delete_languageversion",
        "articles.change_finding",
        "articles.change_sourcedocument",
        "articles.publish_languageversion",
        "articles.link_languageversion",
        "articles.override_findings",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for dotted in perms:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
