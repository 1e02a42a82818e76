"""XLIFF round trip for agencies: export validates against the OASIS schema, import writes a
draft through the services, and a file that does not fit the story is refused with why."""

import re
from io import StringIO
from pathlib import Path

import pytest
import xmlschema
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from articles import history
from articles.admin.activity import describe
from articles.models import Article, Finding, MachineTranslation, Status
from articles.translation_drafts import xliff_export, xliff_import
from articles.xliff import XliffError, parse, texts_of, units_of
from tests.factories import make_article, translator

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).resolve().parents[2] / "fixtures/schemas/xliff-2.1/xliff_core_2.0.xsd"


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(SCHEMA))


def story():
    article = make_article(
        languages=("de", "en", "es"),
        title_de="Umsatz steigt",
        lede_de="Ein gutes Jahr & mehr.",
        body_de="Der Umsatz stieg um 37 Prozent.\n\n## Ausblick\n\nDie Firma plant 120 Stellen.",
        key_points_de="Plus 37 Prozent\n120 Stellen",
        source_attribution_de="dpa",
    )
    article.source_language = "de"
    article.save()
    return article


def translated(data: bytes, fill=lambda source: f"FR {source}") -> bytes:
    """What an agency sends back: each empty <target/> filled with the translation of its source."""
    text = data.decode()

    def one(match):
        return f"<source>{match.group(1)}</source>\n<target>{fill(match.group(1))}</target>"

    return re.sub(r"<source>(.*?)</source>\s*<target\s*/>", one, text, flags=re.S).encode()


def test_export_is_valid_xliff_2_with_a_unit_per_field_and_paragraph(schema):
    article = story()
    data = xliff_export(article=article, source_language="de", target_language="fr")

    schema.validate(data.decode())
    assert b'version="2.1"' in data and b'srcLang="de"' in data and b'trgLang="fr"' in data
    ids = re.findall(r'<unit id="([^"]+)"', data.decode())
    assert ids == [
        "title", "lede", "body-1", "body-2", "body-3", "key-point-1", "key-point-2", "attribution"
    ]  # fmt: skip
    assert "Subheading (paragraph 2 of 3)" in data.decode()
    assert "Ein gutes Jahr &amp; mehr." in data.decode()


def test_a_translated_file_also_validates_and_is_read_back(schema):
    data = translated(xliff_export(article=story(), source_language="de", target_language="fr"))
    schema.validate(data.decode())
    (returned,) = parse(data)
    assert returned.targets["body-2"] == "FR Ausblick"


def test_units_and_texts_are_inverse():
    texts = {"title": "T", "lede": "L", "body": "A\n\n## S\n\nB", "key_points": "k1\nk2",
             "source_attribution": "dpa"}  # fmt: skip
    units = units_of(texts)
    assert texts_of(units, {u.id: (u.source) for u in units}) == texts


def test_import_writes_a_draft_with_history_and_checks(editor_user):
    article = story()
    data = translated(xliff_export(article=article, source_language="de", target_language="fr"))

    (version,) = xliff_import(data=data, user=editor_user)

    article.refresh_from_db()
    assert version.language == "fr" and version.status == Status.DRAFT
    assert article.text("title", "fr") == "FR Umsatz steigt"
    assert article.text("body", "fr").split("\n\n")[1] == "## FR Ausblick"
    assert article.text("lede", "fr") == "FR Ein gutes Jahr & mehr."
    with translation.override("en"):  # a structured entry, said in the reader's language
        said = describe(history.article_history(article).first().revision.comment)
    assert said == "Imported the French text from an XLIFF file"
    # A new version's slug is made from its title on its first save (issue 29 #7): the
    # checks, which ran on it, find no missing address.
    assert article.text("slug", "fr") == "fr-umsatz-steigt"
    assert not Finding.objects.filter(version=version, kind="slug_empty").exists()


def test_an_agency_file_replaces_a_machine_draft_and_its_label(editor_user):
    article = story()
    MachineTranslation.objects.create(article=article, language="fr", source_language="de",
                                      engine="DeepL")  # fmt: skip
    data = translated(xliff_export(article=article, source_language="de", target_language="fr"))
    xliff_import(data=data, user=editor_user)
    assert not MachineTranslation.objects.exists()


def test_a_source_changed_since_export_is_refused_naming_the_units(editor_user):
    article = story()
    data = translated(xliff_export(article=article, source_language="de", target_language="fr"))
    article.body_de = (
        "Der Umsatz stieg um 38 Prozent.\n\n## Ausblick\n\nDie Firma plant 120 Stellen."
    )
    article.save()

    with pytest.raises(ValidationError) as error:
        xliff_import(data=data, user=editor_user)

    message = error.value.messages[0]
    assert "changed since this file was exported" in message and "(units: body-1)" in message
    assert not Article.objects.get(pk=article.pk).text("title", "fr")


def test_untranslated_units_are_refused(editor_user):
    data = xliff_export(article=story(), source_language="de", target_language="fr")
    with pytest.raises(ValidationError, match="no translation: title, lede"):
        xliff_import(data=data, user=editor_user)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<xliff", "not well-formed"),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>', "DOCTYPE"),
        (b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"/>', "not an XLIFF 2"),
        (b"\xff\xfe\x00\xd8", "UTF-16"),
        (b"\x80abc", "not UTF-8"),
    ],
)
def test_malformed_files_are_refused_with_a_reason(data, reason, editor_user):
    with pytest.raises(ValidationError, match=reason):
        xliff_import(data=data, user=editor_user)


def test_external_entities_are_never_read(tmp_path, editor_user):
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="de" '
        'trgLang="fr"><file id="f" original="newsroom:article:1"><unit id="title"><segment>'
        "<source>a</source><target>&x;</target></segment></unit></file></xliff>"
    ).encode()
    with pytest.raises(ValidationError, match="DOCTYPE"):
        xliff_import(data=data, user=editor_user)


def test_a_language_the_translator_does_not_work_in_is_refused(db):
    article = story()
    data = translated(xliff_export(article=article, source_language="de", target_language="fr"))
    outsider = translator(username="de-only", languages=("de",))

    with pytest.raises(ValidationError, match="not one of your languages"):
        xliff_import(data=data, user=outsider)


def test_a_published_target_is_not_overwritten(editor_user):
    article = make_article(languages=("de", "fr"), status=Status.PUBLISHED)
    data = translated(xliff_export(article=article, source_language="de", target_language="fr"))
    with pytest.raises(ValidationError, match="readers see"):
        xliff_import(data=data, user=editor_user)


def test_a_file_for_a_missing_article_is_refused(editor_user):
    article = story()
    data = translated(xliff_export(article=article, source_language="de", target_language="fr"))
    Article.objects.filter(pk=article.pk).delete()
    with pytest.raises(ValidationError, match="does not exist"):
        xliff_import(data=data, user=editor_user)


def test_commands_round_trip(tmp_path, schema):
    article = story()
    out = tmp_path / "story.xlf"
    call_command("export_xliff", str(article.pk), "--source", "de", "--target", "fr",
                 "--target", "es", "-o", str(out), stdout=StringIO())  # fmt: skip
    french = tmp_path / "story-fr.xlf"
    schema.validate(str(french))
    assert (tmp_path / "story-es.xlf").exists()
    french.write_bytes(translated(french.read_bytes()))
    stdout = StringIO()

    call_command("import_xliff", str(french), stdout=stdout)

    assert "fr imported as a draft" in stdout.getvalue()
    assert Article.objects.get(pk=article.pk).text("title", "fr") == "FR Umsatz steigt"


def test_import_command_refusal_is_a_command_error(tmp_path):
    bad = tmp_path / "bad.xlf"
    bad.write_bytes(b"<nope")
    with pytest.raises(CommandError, match="not well-formed"):
        call_command("import_xliff", str(bad))


def test_parse_refuses_a_file_from_elsewhere():
    data = (
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" '
        b'trgLang="fr"><file id="f1"><unit id="u"><segment><source>a</source></segment></unit>'
        b"</file></xliff>"
    )
    with pytest.raises(XliffError, match="not exported by this site"):
        parse(data)
