from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles import invalidation
from articles import views as public_views
from articles.caching import cache_public, safe_methods_only
from articles.sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", admin.site.urls),
    # The public site: `/` sends readers to their language's edition.
    path("", safe_methods_only(public_views.edition_redirect), name="edition-redirect"),
    # The editions' menu: remembers the reader's choice, then goes to that edition.
    path(
        "edition/<str:code>/",
        safe_methods_only(public_views.choose_edition_view),
        name="choose-edition",
    ),
    path("robots.txt", safe_methods_only(public_views.robots_txt), name="robots-txt"),
    path("favicon.ico", safe_methods_only(public_views.favicon), name="favicon"),
    path(
        "sitemap.xml",
        cache_public(sitemap, params=["p"], keys=["sitemap"], validator=invalidation.sitemap_page),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
]
urlpatterns += i18n_patterns(
    path("", include("articles.urls")),
    prefix_default_language=True,
)

# Error pages in the edition's language (templates in newsroom/templates/).
handler400 = "articles.views.bad_request"
handler404 = "articles.views.page_not_found"
handler500 = "articles.views.server_error"
