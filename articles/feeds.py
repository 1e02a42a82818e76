"""The edition's feeds, RSS and Atom, with Django's syndication framework.

The language is the one `i18n_patterns` activated from `/<lang>/feed/`, so
each entry is that language's version only, and only live versions are in it
(`Article.objects.edition`). One query per feed, whatever the number of articles.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles.models import Article

FEED_LENGTH = 30


class LatestArticlesFeed(Feed):
    """RSS 2.0: the newest published stories of the active language's edition."""

    def get_object(self, request, *args, **kwargs):
        return translation.get_language()

    def title(self, language):
        return _("Newsroom: latest stories")

    def description(self, language):
        return _("The newest stories published in this edition of Newsroom.")

    def link(self, language):
        return reverse("articles:index")

    def items(self, language):
        # The version's own change time, through the join the edition filtered on.
        edition = Article.objects.edition(language)
        return edition.annotate(version_updated_at=F("versions__updated_at"))[:FEED_LENGTH]

    def item_title(self, article):
        return article.title_in(translation.get_language())

    def item_description(self, article):
        # Feed readers render an RSS description and an Atom type="html" summary as
        # HTML; the lede is plain text, so it goes in escaped (imported "<img onerror>"
        # must reach the reader as those characters, never as an element).
        return escape(article.text("lede", translation.get_language()))

    def author_name(self, language):
        # RFC 4287 needs an author on the feed or on every entry: the site is the
        # author of every entry that names none of its own.
        return settings.NEWSROOM_SITE_NAME

    def item_pubdate(self, article):
        return whole_seconds(article.published_at)

    def item_updateddate(self, article):
        """The version's last change, never before its publication (Atom's <updated> is
        at or after <published>). Not the article's `updated_at`: an edit of another
        language's draft moves that (issue 27, point 11)."""
        return whole_seconds(max(article.published_at, article.version_updated_at))

    def item_author_name(self, article):
        return article.text("source_attribution", translation.get_language()) or None


def whole_seconds(value):
    """Feeds carry times to the second, like the pages' `<time>` (see machine_time)."""
    return value.replace(microsecond=0) if value else value


class LatestArticlesAtomFeed(LatestArticlesFeed):
    """The same entries as Atom 1.0 (`/<lang>/atom/`)."""

    feed_type = Atom1Feed

    def subtitle(self, language):
        return self.description(language)
