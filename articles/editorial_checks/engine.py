"""Run every check over a story: the pure entry point (no database)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cache

from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

from articles.editorial_checks import figures, leftovers, names, structure, titles, untranslated
from articles.editorial_checks.base import FindingData, Story, VersionText
from articles.models import LANGUAGE_CODES, Article

Check = Callable[[Story], Iterable[FindingData]]

#: In the order an editor would want to read them: what blocks publishing first.
CHECKS: tuple[Check, ...] = (
    titles.check,
    untranslated.check,
    leftovers.check,
    structure.check,
    names.check,
    figures.check,
)


def story_from_article(article: Article, versions=None, taken_slugs=None) -> Story:
    """Snapshot the text of `article`'s versions (`versions`: LanguageVersion rows, queried if None)."""
    if versions is None:
        versions = list(article.versions.all())
    return make_story(
        (
            VersionText(
                language=v.language,
                title=article.text("title", v.language),
                slug=article.text("slug", v.language),
                lede=article.text("lede", v.language),
                body=article.text("body", v.language),
                key_points=article.text("key_points", v.language),
                source_attribution=article.text("source_attribution", v.language),
                title_derived=v.title_derived,
            )
            for v in versions
        ),
        article_id=article.pk,
        taken_slugs=taken_slugs,
    )


def make_story(versions: Iterable[VersionText], article_id=None, taken_slugs=None) -> Story:
    """A story of these versions, in the site's language order."""
    order = {code: i for i, code in enumerate(LANGUAGE_CODES)}
    return Story(
        article_id=article_id,
        versions=tuple(sorted(versions, key=lambda v: order.get(v.language, len(order)))),
        taken_slugs=taken_slugs or {},
        reserved_slugs=reserved_slugs(),
    )


@cache
def reserved_slugs() -> frozenset[str]:
    """The fixed first segments of the public site's URLs ("feed", "atom"), which a slug
    would collide with: the site's page wins and the article cannot be reached."""
    # Asked of Django's URL resolver, not imported: the site's views sit above the checks.
    reserved = set()
    for language_prefixed in get_resolver().url_patterns:
        if not isinstance(language_prefixed.pattern, LocalePrefixPattern):
            continue
        for pattern in _flattened(language_prefixed.url_patterns):
            segment = pattern.split("/")[0]
            if segment and "<" not in segment:
                reserved.add(segment)
    return frozenset(reserved)


def _flattened(patterns, prefix: str = "") -> Iterator[str]:
    """Every route below `patterns`, includes opened, without regex anchors."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            yield from _flattened(pattern.url_patterns, route)
        else:
            yield route


def run_checks(subject: Article | Story, checks: Iterable[Check] = CHECKS) -> list[FindingData]:
    """Every finding for every version, without touching the database if given a `Story`.

    Given an Article, its versions are read (one query, or none if prefetched).
    Findings with the same fingerprint on the same version are reported once.
    """
    story = subject if isinstance(subject, Story) else story_from_article(subject)
    seen: set[tuple[str, str]] = set()
    results = []
    for check in checks:
        for item in check(story):
            key = (item.language, item.fingerprint)
            if key not in seen:
                seen.add(key)
                results.append(item)
    return results
