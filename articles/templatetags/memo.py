"""`{% memo_per_language "name" unless EXPR %}…{% endmemo_per_language %}`.

Renders its content once per language (and URLconf) and then serves that text,
unless EXPR is true. For parts of a page that depend on nothing but the
language when EXPR is false: the front page's search and filter form when no
search or filter is given, whose widgets Django renders through templates one
by one (≈40 % of the front page's rendering before this; BENCHMARKS.md).
"""

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation

register = template.Library()

_MEMO: dict[tuple, str] = {}
_MEMO_LIMIT = 256


class MemoNode(template.Node):
    def __init__(self, nodelist, name: str, unless):
        self.nodelist, self.name, self.unless = nodelist, name, unless

    def render(self, context):
        if self.unless.resolve(context, ignore_failures=True):
            return self.nodelist.render(context)
        key = (
            self.name,
            translation.get_language(),
            get_urlconf() or settings.ROOT_URLCONF,
            get_script_prefix(),
        )
        text = _MEMO.get(key)
        if text is None:
            text = self.nodelist.render(context)
            if len(_MEMO) >= _MEMO_LIMIT:
                _MEMO.clear()
            _MEMO[key] = text
        return text


@register.tag
def memo_per_language(parser, token):
    bits = token.split_contents()
    if len(bits) != 4 or bits[2] != "unless":
        raise template.TemplateSyntaxError(
            '{% memo_per_language "name" unless expression %} takes a name and a condition.'
        )
    nodelist = parser.parse(("endmemo_per_language",))
    parser.delete_first_token()
    return MemoNode(nodelist, bits[1].strip("\"'"), parser.compile_filter(bits[3]))
