"""Names from outside, made safe to print."""

from articles.printable import printable


def test_controls_format_characters_and_line_breaks_are_escaped():
    assert printable("a\nb\rc\td") == "a\\x0ab\\x0dc\\x09d"
    assert printable("\x1b[2J\x1b]0;title\x07") == "\\x1b[2J\\x1b]0;title\\x07"
    assert printable("evil\u202etxt.exe") == "evil\\u202etxt.exe"  # right-to-left override
    assert printable("a\u2028b\x85c") == "a\\u2028b\\x85c"


def test_ordinary_names_in_any_script_are_unchanged():
    for name in ["000_0a53b2d7a05409b2.txt", "été à Paris.txt", "日本語 ファイル.txt", "a b.txt"]:
        assert printable(name) == name
