"""`/sitemap.xml`: one URL per live version, with `xhtml:link` alternates between them.

Django's i18n sitemap does the pairing: `items()` are the articles with at
least one live version, `get_languages_for_item()` is the languages that are
live for that article, so a language that is a draft, in review, archived or
scheduled for later is neither a URL nor an alternate.

`x-default` is added here rather than by `Sitemap.x_default`: Django's
version strips the `/en/` prefix from the English URL, which with
`prefix_default_language=True` (our URLs) gives a URL that 404s, and it
skips articles with no English version. Ours points at the same version
the article page names as `x-default` (`x_default_version`).
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.utils import timezone

from articles.editions import x_default_version
from articles.models import Article


class ArticleSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        now = timezone.now()
        return Article.objects.live(now).with_live_versions(now).order_by("pk")

    def get_languages_for_item(self, article):
        return [version.language for version in article.live_versions]

    def lastmod(self, article):
        return article.updated_at.replace(microsecond=0)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            article, _language = url["item"]
            default = x_default_version(article)
            if default is not None:
                url["alternates"].append(
                    {"location": origin + default.get_absolute_url(), "lang_code": "x-default"}
                )
        return urls


SITEMAPS = {"articles": ArticleSitemap}
