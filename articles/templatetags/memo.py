"""Parts of reader pages rendered once and then served as text, in each process.

`{% memo_per_language "name" [unless EXPR] %}…{% endmemo_per_language %}`
renders its content once per language (and URLconf), unless EXPR is true. For
parts that depend on nothing but the language (when EXPR is false): the pages'
header and footer, and the front page's search and filter form when no search
or filter is given, whose widgets Django renders through templates one by one
(≈40 % of the front page's rendering).

`{% memo_by KEY [unless EXPR] %}…{% endmemo_by %}` renders its content once
per KEY (and language), unless EXPR is true: KEY must hold everything the
content shows, so a changed story simply has a new key and nothing is ever
stale. Each block keeps its own texts, whatever keys other blocks use. For the
front page's teasers (`ArticleListView` builds `teaser_key`), ≈80 % of its
rendering, and a search hit's heading and links (the snippet between them
differs with each search); the list of them on an unfiltered page (`teasers_key`,
all of their keys: a page seen before is one lookup; not for each search or
filter, whose lists would crowd out the rest); and the story on its own page
(`story_key`), ≈70 % of that page's rendering. At most `_MEMO_LIMIT` texts are
kept; past it the least recently used are dropped.
"""

from collections import OrderedDict
from contextlib import suppress
from itertools import count

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone, translation

register = template.Library()

_MEMO: OrderedDict[tuple, str] = OrderedDict()


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    """A setting changed (tests; a deploy restarts the processes): static URLs, languages…"""
    _MEMO.clear()


_MEMO_LIMIT = 2048


def _remember(key: tuple, render) -> str:
    text = _MEMO.get(key)
    if text is not None:
        # The least recently used go first: many searches' hits do not push out the
        # header, the footer and the front page's teasers, which every page uses.
        with suppress(KeyError):  # dropped meanwhile by another thread (runserver)
            _MEMO.move_to_end(key)
        return text
    text = _MEMO[key] = render()
    if len(_MEMO) > _MEMO_LIMIT:
        _MEMO.popitem(last=False)
    return text


def _context_key(context) -> tuple:
    """What a memoised text depends on besides its key: the language, time zone, URLconf
    and script prefix. All but the language are read once per render (they are a
    request's, and the reader templates never change them); the language is read
    every time, since `{% language %}` may change it within a page (the admin's preview)."""
    rest = context.render_context.get(_context_key)
    if rest is None:
        rest = context.render_context[_context_key] = (
            timezone.get_current_timezone_name(),
            get_urlconf() or settings.ROOT_URLCONF,
            get_script_prefix(),
        )
    return (translation.get_language(), *rest)


class MemoNode(template.Node):
    def __init__(self, nodelist, name: str, unless):
        self.nodelist, self.name, self.unless = nodelist, name, unless

    def render(self, context):
        if self.unless is not None and self.unless.resolve(context, ignore_failures=True):
            return self.nodelist.render(context)
        return _remember((self.name, *_context_key(context)), lambda: self.nodelist.render(context))


@register.tag
def memo_per_language(parser, token):
    bits = token.split_contents()
    if len(bits) not in (2, 4) or (len(bits) == 4 and bits[2] != "unless"):
        raise template.TemplateSyntaxError(
            '{% memo_per_language "name" [unless expression] %} takes a name and a condition.'
        )
    nodelist = parser.parse(("endmemo_per_language",))
    parser.delete_first_token()
    unless = parser.compile_filter(bits[3]) if len(bits) == 4 else None
    return MemoNode(nodelist, bits[1].strip("\"'"), unless)


#: Numbers the `memo_by` blocks as they are parsed: each keeps its texts apart from the
#: others', so two blocks may take the same key (a search hit's heading and its links).
_BLOCKS = count()


class MemoByNode(template.Node):
    def __init__(self, nodelist, key, unless):
        self.nodelist, self.key, self.unless = nodelist, key, unless
        self.block = next(_BLOCKS)

    def render(self, context):
        if self.unless is not None and self.unless.resolve(context, ignore_failures=True):
            return self.nodelist.render(context)
        key = self.key.resolve(context, ignore_failures=True)
        if not key:
            # No key given (the admin's preview renders detail.html without `story_key`):
            # a shared empty key would show one story's text for another's.
            return self.nodelist.render(context)
        return _remember(
            ("by", self.block, key, *_context_key(context)), lambda: self.nodelist.render(context)
        )


@register.tag
def memo_by(parser, token):
    bits = token.split_contents()
    if len(bits) not in (2, 4) or (len(bits) == 4 and bits[2] != "unless"):
        raise template.TemplateSyntaxError(
            "{% memo_by key [unless expression] %} takes one key and a condition."
        )
    nodelist = parser.parse(("endmemo_by",))
    parser.delete_first_token()
    unless = parser.compile_filter(bits[3]) if len(bits) == 4 else None
    return MemoByNode(nodelist, parser.compile_filter(bits[1]), unless)
