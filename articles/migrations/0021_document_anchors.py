"""The anchor table: each source document's anchors, indexed, for the importer to find a
new file's candidate translations per batch (`articles.importing.planning`). Filled from
the anchors each document's parsed JSON already holds."""

import django.db.models.deletion
from django.db import migrations, models

#: Frozen copy of `articles.importing.anchors.MAX_LENGTH`.
MAX_LENGTH = 200


def fill(apps, schema_editor):
    SourceDocument = apps.get_model("articles", "SourceDocument")
    DocumentAnchor = apps.get_model("articles", "DocumentAnchor")
    documents = SourceDocument.objects.order_by("pk").values_list("pk", "parsed")
    rows = []
    for pk, parsed in documents.iterator(chunk_size=500):
        anchors = dict.fromkeys((parsed or {}).get("anchors") or ())
        rows += [DocumentAnchor(document_id=pk, anchor=a) for a in anchors if len(a) <= MAX_LENGTH]
        if len(rows) >= 5000:
            DocumentAnchor.objects.bulk_create(rows)
            rows = []
    DocumentAnchor.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0020_editors_import"),
    ]

    operations = [
        migrations.CreateModel(
            name="DocumentAnchor",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("anchor", models.CharField(max_length=200)),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="anchor_rows",
                        to="articles.sourcedocument",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["anchor", "document"], name="document_anchor_idx")
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
