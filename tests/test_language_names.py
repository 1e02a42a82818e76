"""A language's name reads the same in the admin, the site's messages and e-mail."""

from django.utils import translation

from articles.language_names import language_name


def test_a_site_language_is_named_in_the_readers_language():
    with translation.override("de"):
        assert language_name("fr") == "Französisch"


def test_a_language_the_site_does_not_publish_is_named_too():
    # The importer detects Italian and Portuguese files; the editor reads their names.
    with translation.override("fr"):
        assert language_name("it") == "Italien"


def test_a_code_nobody_knows_is_shown_as_it_is_and_none_as_unknown():
    with translation.override("en"):
        assert language_name("xq") == "XQ"
        assert language_name("") == "an unknown language"
