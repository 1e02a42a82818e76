"""Reading a bundle: which files are read as text, which are refused and why."""

import codecs
import os

import pytest
from django.conf import settings

from articles.importing.reading import ReadFile, Skip, normalize, read_entry, walk_bundle
from articles.importing.reasons import render

LIMIT = settings.NEWSROOM_IMPORT_MAX_BYTES


def read_all(root, max_bytes=LIMIT):
    return {e.name: read_entry(e, max_bytes=max_bytes) for e in walk_bundle([root])}


def reason(result) -> str:
    assert isinstance(result, Skip), result
    return render(result.reason)


def test_every_bad_kind_of_file_is_skipped_with_a_reason_naming_it(make_bundle, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("Top secret text outside the bundle.")
    root = make_bundle(
        {
            "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            "latin1.txt": "Un été à Paris, très ensoleillé.".encode("latin-1"),
            "empty.txt": b"",
            "blank.txt": " \n\t\r\n\u00a0\n".encode(),
            "notes.md": "# Not a text file we import",
            "big.txt": "A long story. " * 100,
        }
    )
    os.symlink(outside, root / "escape.txt")

    results = read_all(root, max_bytes=1000)

    assert "binary" in reason(results["binary.txt"])
    assert "undecodable" in reason(results["latin1.txt"])
    assert reason(results["empty.txt"]) == "empty file"
    assert reason(results["blank.txt"]) == "only whitespace"
    assert reason(results["notes.md"]) == "not a .txt file"
    assert reason(results["big.txt"]) == "too large: 1400 bytes, the limit is 1000"
    assert reason(results["escape.txt"]) == "symlink leads outside the bundle"


def test_symlink_inside_the_bundle_is_read(make_bundle):
    root = make_bundle({"real/story.txt": "Une histoire.\n"})
    os.symlink(root / "real" / "story.txt", root / "alias.txt")

    results = read_all(root)

    assert isinstance(results["alias.txt"], ReadFile)
    assert results["alias.txt"].text == "Une histoire."
    assert isinstance(results["real/story.txt"], ReadFile)


def test_utf16_with_bom_in_both_byte_orders_and_utf8_bom_decode(make_bundle):
    text = "Für unser nächstes Projekt: o3-mini.\r\nZweite Zeile."
    root = make_bundle(
        {
            "le.txt": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
            "be.txt": codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
            "bom8.txt": codecs.BOM_UTF8 + text.encode("utf-8"),
        }
    )

    results = read_all(root)

    assert {name: r.encoding for name, r in results.items()} == {
        "be.txt": "utf-16-be",
        "bom8.txt": "utf-8-sig",
        "le.txt": "utf-16-le",
    }
    for result in results.values():
        assert result.text == "Für unser nächstes Projekt: o3-mini.\nZweite Zeile."
        assert "\ufeff" not in result.raw_text


def test_utf16_without_bom_is_refused_rather_than_guessed(make_bundle):
    root = make_bundle({"nobom.txt": "Bonjour tout le monde".encode("utf-16-le")})

    assert "binary" in reason(read_all(root)["nobom.txt"])


def test_line_endings_and_odd_spaces_are_normalised_but_raw_text_is_kept(make_bundle):
    raw = "Title here\r\rMEMBACA\u00a0 Dana\u202fhedge\u200b funds\tnow.\rNext line.  \r\n"
    root = make_bundle({"odd.txt": raw.encode()})

    result = read_all(root)["odd.txt"]

    assert result.text == "Title here\n\nMEMBACA Dana hedge funds now.\nNext line."
    assert result.raw_text == raw
    assert result.size == len(raw.encode())
    assert len(result.sha256) == 64


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("A clean paragraph.\n\nAnother one.", "A clean paragraph.\n\nAnother one."),
        ("  \n\n  Indented title  \n \n Body  text \n\n\n", "Indented title\n\nBody text"),
        ("Tab\there,\x0bform\x0cfeed \x00\x1f\x7fgone", "Tab here, form feed gone"),
        ("Soft\u00adhyphen, zero\u200bwidth, \ufeffBOM", "Softhyphen, zerowidth, BOM"),
        ("Cafe\u0301 \u2028next\u2029para", "Café\nnext\n\npara"),
    ],
)
def test_normalize_leaves_plain_lines_with_single_spaces(raw, text):
    assert normalize(raw) == text


def test_walk_gives_names_inside_the_bundle_in_order(make_bundle):
    root = make_bundle({"b/2.txt": "Zwei.", "a.txt": "Eins.", "b/1.txt": "Drei."})

    assert [e.name for e in walk_bundle([root])] == ["a.txt", "b/1.txt", "b/2.txt"]
