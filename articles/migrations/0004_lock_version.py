"""`revision` meant both the optimistic-lock counter and a django-reversion revision:
the counter is now `lock_version`."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_search_vectors")]

    operations = [
        migrations.RenameField("languageversion", "revision", "lock_version"),
        migrations.AlterField(
            model_name="languageversion",
            name="lock_version",
            field=models.PositiveIntegerField(
                default=1,
                help_text="Incremented on every save; guards concurrent edits (optimistic lock).",
                verbose_name="edit count",
            ),
        ),
    ]
