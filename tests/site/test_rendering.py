"""Plain structured text to blocks: what the article template renders."""

from articles.rendering import body_blocks, key_point_lines


def test_blank_lines_separate_blocks_and_hash_hash_starts_a_subheading():
    blocks = body_blocks("First.\nStill first.\n\n\n## Then\n  \nLast.", "en")

    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "First.\nStill first."),
        ("subheading", "Then"),
        ("paragraph", "Last."),
    ]


def test_only_passages_in_another_language_get_a_lang():
    blocks = body_blocks("Bonjour.\n\nHello.", "fr", {"Hello.": "en", "Bonjour.": "fr"})

    assert [b.lang for b in blocks] == ["", "en"]


def test_key_points_one_per_line_without_typed_markers():
    points = key_point_lines("- First\n\n• Second\n-5% growth\r\n* Third", "en")

    assert [p.text for p in points] == ["First", "Second", "-5% growth", "Third"]


def test_empty_or_missing_text_gives_nothing():
    assert body_blocks(None) == [] and key_point_lines("") == []
