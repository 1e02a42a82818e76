"""The anchor table keeps rows only of the anchors linking may walk, counts the commoner ones
(`AnchorCount`), and marks the documents taken in (`SourceDocument.anchors_taken_in`), so
each batch of an import reads what was stored since instead of every document. The rows
0021 made are dropped: the next import takes every document in again, rows and counts
together (`articles.importing.planning.StoredDocuments.take_in`)."""

from django.db import migrations, models


def drop_anchor_rows(apps, schema_editor):
    apps.get_model("articles", "DocumentAnchor").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0021_memory_document_anchors"),
    ]

    operations = [
        migrations.RunPython(drop_anchor_rows, migrations.RunPython.noop),
        migrations.CreateModel(
            name="AnchorCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("anchor", models.CharField(max_length=200, unique=True)),
                ("documents", models.PositiveIntegerField()),
            ],
        ),
        migrations.AddField(
            model_name="sourcedocument",
            name="anchors_taken_in",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="anchors taken in"
            ),
        ),
        migrations.AddIndex(
            model_name="sourcedocument",
            index=models.Index(
                condition=models.Q(("anchors_taken_in", False)),
                fields=["id"],
                name="source_to_take_in_idx",
            ),
        ),
    ]
