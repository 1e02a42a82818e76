"""`articles.reader_meta`'s shortened texts: what Django's Truncator gives, faster."""

import unicodedata

import pytest
from django.utils.text import Truncator

from articles.reader_meta import shortened

TEXTS = [
    "",
    "Short headline",
    "x" * 109,
    "x" * 110,
    "x" * 111,
    "Ein langer Vorspann über Überschwemmungen, " * 40,
    "Cafe\u0301 au lait, " * 30,  # decomposed accents: Truncator composes them first
    "e\u0301" * 400,
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("characters", [110, 160, 300])
def test_a_shortened_text_is_what_truncator_gives(text, characters):
    expected = Truncator(unicodedata.normalize("NFC", text)).chars(characters)
    assert shortened(text, characters) == expected
