"""A source document's identity is the SHA-256 of its normalised text, not of its bytes.

One article saved with LF, with CRLF and with a BOM was imported as three
articles. `text_sha256` is filled in for the documents already stored, from
their raw text normalised as the importer does it (a frozen copy of
`articles.importing.reading.normalize` at this migration: a later change to
the importer must not change what this migration wrote). When several stored
documents share one text, the oldest keeps the identity and the others are
left without one (""), so the constraint holds; a later import of that text
is then reported as a duplicate of the oldest.
"""

import hashlib
import re
import unicodedata

from django.db import migrations, models

_ODD_SPACE_CHARS = r"\t\x0b\x0c\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_ODD_SPACES = re.compile(f"[{_ODD_SPACE_CHARS}]")


def _normalize(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x85", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", _ODD_SPACES.sub(" ", _INVISIBLE.sub("", text)))
    text = re.sub(r" *\n *", "\n", re.sub(r" {2,}", " ", text))
    return text.strip(" \n")


def fill_text_identity(apps, schema_editor):
    SourceDocument = apps.get_model("articles", "SourceDocument")
    seen: set[str] = set()
    batch = []
    rows = SourceDocument.objects.order_by("imported_at", "pk").only("pk", "raw_text")
    for document in rows.iterator(chunk_size=500):
        text = _normalize(document.raw_text)
        identity = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        if identity in seen:
            continue
        seen.add(identity)
        document.text_sha256 = identity
        batch.append(document)
        if len(batch) == 500:
            SourceDocument.objects.bulk_update(batch, ["text_sha256"])
            batch = []
    SourceDocument.objects.bulk_update(batch, ["text_sha256"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_link_suggestions")]

    operations = [
        migrations.AddField(
            model_name="sourcedocument",
            name="text_sha256",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Of the normalised text: the document's identity. A copy saved with other "
                    "line ends, a BOM or in UTF-16 is the same document."
                ),
                max_length=64,
                verbose_name="SHA-256 of the text",
            ),
        ),
        migrations.AlterField(
            model_name="sourcedocument",
            name="sha256",
            field=models.CharField(
                help_text="Of the file's bytes.", max_length=64, verbose_name="SHA-256"
            ),
        ),
        migrations.RunPython(fill_text_identity, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="sourcedocument",
            constraint=models.UniqueConstraint(
                condition=models.Q(("text_sha256", ""), _negated=True),
                fields=("text_sha256",),
                name="unique_source_text_sha256",
            ),
        ),
    ]
