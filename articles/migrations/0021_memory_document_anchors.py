"""The anchor table (`DocumentAnchor`): each source document's anchors, indexed, so the importer
links a batch against the stored documents it shares anchors with instead of keeping an index of
every stored document in memory. Not filled here: the importer adds the rows of the documents
that have none before it links (`articles.importing.planning.StoredDocuments.take_in`)."""

import django.db.models.deletion
from django.db import migrations, models


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
    ]
