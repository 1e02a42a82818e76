"""`/sitemap.xml`: each edition's front page, and one URL per live version, with
`xhtml:link` alternates between the languages of each.

Django's i18n sitemap does the pairing: `items()` are the articles with at
least one live version, `get_languages_for_item()` is the languages that are
live for that article, so a language that is a draft, in review, archived or
scheduled for later is neither a URL nor an alternate. The front pages
(`EditionSitemap`) are alternates of one another, `x-default` being `/`, which
sends a reader to their edition.

`x-default` of a story is added here rather than by `Sitemap.x_default`:
Django's version strips the `/en/` prefix from the English URL, which with
`prefix_default_language=True` (our URLs) gives a URL that 404s, and it
skips articles with no English version. Ours points at the same version
the article page names as `x-default` (`x_default_version`).

`<lastmod>` is each version's own: the later of its publication and its last
change (`LanguageVersion.updated_at`, which an edit of that language's text
moves). Django asks `lastmod()` of the article, without the language, so the
article's latest goes in first and each URL gets its version's in `get_urls`;
editing a Spanish draft no longer moves the French URL's date (issue 27, 11).
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Prefetch
from django.urls import reverse
from django.utils import timezone

from articles.editions import LANGUAGE_ORDER, x_default_version
from articles.models import Article, LanguageVersion


def version_changed_at(version) -> object:
    """When readers last saw `version` change: its publication or a later edit, to the second."""
    return max(version.published_at, version.updated_at).replace(microsecond=0)


class ArticleSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        now = timezone.now()
        versions = (
            LanguageVersion.objects.published(now=now)
            .only("article_id", "language", "status", "published_at", "updated_at")
            .order_by("article_id", "language")
        )
        return (
            Article.objects.live(now)
            .prefetch_related(Prefetch("versions", queryset=versions, to_attr="live_versions"))
            .order_by("pk")
        )

    def get_languages_for_item(self, article):
        return [version.language for version in article.live_versions]

    def lastmod(self, article):
        """The article's latest version change (each URL then gets its own, `get_urls`)."""
        return max(map(version_changed_at, article.live_versions))

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            article, language = url["item"]
            by_language = {version.language: version for version in article.live_versions}
            url["lastmod"] = version_changed_at(by_language[language])
            default = x_default_version(article)
            if default is not None:
                url["alternates"].append(
                    {"location": origin + default.get_absolute_url(), "lang_code": "x-default"}
                )
        return urls


class EditionSitemap(Sitemap):
    """The editions' front pages, alternates of each other; `x-default` is `/`."""

    i18n = True
    alternates = True
    x_default = True  # Django's: the English front page's URL without /en/, i.e. `/`.

    def items(self):
        rows = (
            LanguageVersion.objects.published()
            .values_list("language")
            .annotate(Max("published_at"), Max("updated_at"))
            .order_by()
        )
        #: Each edition's latest change: a publication, or an edit of a live version.
        self.latest = {code: max(published, updated) for code, published, updated in rows}
        return ["front"] if self.latest else []

    def location(self, item):
        return reverse("articles:index")

    def get_languages_for_item(self, item):
        return [code for code in LANGUAGE_ORDER if code in self.latest]

    def lastmod(self, item):
        return max(self.latest.values()).replace(microsecond=0)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            _item, language = url["item"]
            url["lastmod"] = self.latest[language].replace(microsecond=0)
        return urls


SITEMAPS = {"editions": EditionSitemap, "articles": ArticleSitemap}
