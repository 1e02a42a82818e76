"""Links that every reader page repeats: the edition menu, the other versions of a story,
and the edition's own pages (`reader_url`: its front page and feeds).

Built in Python rather than by a template per link: a front page has ~50 of
them, and an `{% include %}`, a `{% get_language_info %}` and a `reverse()`
per link were a third of its rendering time. The markup is the one the
templates had (`tests/site/test_detail.py` pins the switcher's).
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from articles.models import detail_prefixes, edition_paths

register = template.Library()


@lru_cache(maxsize=32)
def name_local(code: str) -> str:
    """A language's name in itself ("Deutsch"), as a reader of it would look for it; escaped."""
    return escape(capfirst(translation.get_language_info(code)["name_local"]))


@register.simple_tag
def version_links(versions):
    """`<ul class="versions">` of the live `versions` other than the active language's."""
    current = translation.get_language()
    prefixes = detail_prefixes()
    # Codes come from LANGUAGES and prefixes from reverse(); the slug and name are escaped.
    items = "".join(
        f'\n  <li><a href="{prefixes[v.language]}{escape(v.text("slug"))}/" lang="{v.language}"'
        f' hreflang="{v.language}">{name_local(v.language)}</a></li>'
        for v in versions
        if v.language != current
    )
    return mark_safe(f'<ul class="versions">{items}\n</ul>')


@lru_cache(maxsize=64)
def _edition_menu(urlconf: str, script_prefix: str, current: str) -> str:
    links = [
        format_html(
            '\n        <li><a href="{}" lang="{}" hreflang="{}"{}>{}</a></li>',
            # Through the chooser, which remembers the edition for `/` (views.choose_edition_view).
            reverse("choose-edition", args=[code]),
            code,
            code,
            mark_safe(' aria-current="true"') if code == current else "",
            name_local(code),
        )
        for code in edition_paths()
    ]
    return format_html(
        "<ul>{}\n      </ul>", format_html_join("", "{}", ((link,) for link in links))
    )


@register.simple_tag
def edition_menu():
    """The list of editions, the active one marked `aria-current` (the same for every page
    of an edition, so built once per language)."""
    return _edition_menu(
        get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), translation.get_language()
    )


@lru_cache(maxsize=256)
def _reader_url(urlconf: str, script_prefix: str, language: str, name: str) -> str:
    return reverse(name)


@register.simple_tag
def reader_url(name):
    """`{% url name %}` for a URL without arguments that every reader page links (the
    edition's front page, its feeds): reversed once per URLconf, script prefix and
    language, the whole key of the answer. Five `reverse()` calls were a tenth of a
    story page's profile (BENCHMARKS.md, "Public site …")."""
    return _reader_url(
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        translation.get_language(),
        name,
    )
