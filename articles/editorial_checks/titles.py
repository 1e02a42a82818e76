"""Title and slug: what the headline and the URL of each version need.

An empty title blocks publishing (the page would have no headline), and so
does a slug that is the address of one of the site's own pages ("feed"): the
article could never be reached. A title too long for a headline, an empty
slug and a slug another article uses are advisory (the database refuses the
last one on save; the check tells an editor before, on unsaved text).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_noop

from articles.editorial_checks.base import ADVISORY, BLOCKING, FindingData, Msg, Story, finding

EMPTY = "title_empty"
TOO_LONG = "title_too_long"
SLUG_EMPTY = "slug_empty"
SLUG_TAKEN = "slug_collision"

#: Characters; past this a headline wraps to three lines on a phone and is cut in search results.
MAX_TITLE = 120


def check(story: Story) -> Iterator[FindingData]:
    for version in story.versions:
        title = version.title.strip()
        if not title:
            yield finding(
                version,
                EMPTY,
                BLOCKING,
                None,
                Msg(gettext_noop("This version has no title.")),
                concerns=[],
                suggestion=Msg(gettext_noop("Write a headline for this language.")),
            )
        elif len(title) > MAX_TITLE:
            yield finding(
                version,
                TOO_LONG,
                ADVISORY,
                None,
                Msg(
                    gettext_noop(
                        "The title is %(length)d characters long; a headline should stay "
                        "under %(limit)d."
                    ),
                    {"length": len(title), "limit": MAX_TITLE},
                ),
                concerns=[title],
                suggestion=Msg(gettext_noop("Shorten the headline.")),
            )
        slug = version.slug.strip()
        if title and not slug:
            yield finding(
                version,
                SLUG_EMPTY,
                ADVISORY,
                None,
                Msg(gettext_noop("This version has no slug, so it has no address on the site.")),
                concerns=[],
                suggestion=Msg(gettext_noop("Fill in the slug (it is made from the title).")),
            )
        elif slug in story.reserved_slugs:
            yield finding(
                version,
                SLUG_TAKEN,
                BLOCKING,
                None,
                Msg(
                    gettext_noop(
                        "The slug “%(slug)s” is the address of one of the site's own pages: "
                        "readers would get that page, never this article."
                    ),
                    {"slug": slug},
                ),
                concerns=[slug],
                suggestion=Msg(gettext_noop("Change the slug.")),
            )
        elif slug and slug in story.taken_slugs.get(version.language, ()):
            yield finding(
                version,
                SLUG_TAKEN,
                ADVISORY,
                None,
                Msg(
                    gettext_noop(
                        "Another article in this language already uses the slug “%(slug)s”."
                    ),
                    {"slug": slug},
                ),
                concerns=[slug],
                suggestion=Msg(
                    gettext_noop("Change the slug so each article has its own address.")
                ),
            )
