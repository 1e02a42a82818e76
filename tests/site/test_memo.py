"""`{% memo_per_language %}`: rendered once per language unless its condition holds."""

from django.template import engines
from django.utils import translation

TEMPLATE = engines["django"].from_string(
    '{% load memo %}{% memo_per_language "test-memo" unless bound %}{{ word }}{% endmemo_per_language %}'
)


def test_content_is_kept_per_language_and_rendered_fresh_when_the_condition_holds():
    with translation.override("fr"):
        first = TEMPLATE.render({"word": "un", "bound": False})
        kept = TEMPLATE.render({"word": "deux", "bound": False})
        fresh = TEMPLATE.render({"word": "trois", "bound": True})
    with translation.override("de"):
        other_language = TEMPLATE.render({"word": "vier", "bound": False})

    assert (first, kept, fresh, other_language) == ("un", "un", "trois", "vier")
