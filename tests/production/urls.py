"""A URLconf for the cache and router tests: a minimal reader page that lists the
published titles of its language (filtered by ?q=), cached like the public site."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpResponse
from django.urls import path
from django.utils.translation import get_language

from articles.caching import cache_public
from articles.models import Article


def titles(request):
    language = get_language()
    query = request.GET.get("q", "")
    names = [article.text("title", language) for article in Article.objects.published(language)]
    return HttpResponse("\n".join(sorted(name for name in names if query in name)))


def sets_cookie(request):
    response = titles(request)
    response.set_cookie("seen", "1")
    return response


urlpatterns = [path("admin/", admin.site.urls)]
urlpatterns += i18n_patterns(
    path("titles/", cache_public(titles, params=["q"]), name="titles"),
    path("cookie/", cache_public(sets_cookie), name="cookie"),
    prefix_default_language=True,
)
