"""The public site's URLs, inside `i18n_patterns` (so every one starts with /<lang>/).

The feeds come before the article pattern: a slug of "feed" or "atom" would
otherwise be read as a story (and such a story is shadowed by the feed).
"""

from django.urls import path

from articles import feeds, views
from articles.caching import cache_public

app_name = "articles"

urlpatterns = [
    path("", cache_public(views.ArticleListView.as_view()), name="index"),
    path("feed/", cache_public(feeds.LatestArticlesFeed()), name="feed"),
    path("atom/", cache_public(feeds.LatestArticlesAtomFeed()), name="atom"),
    path("<slug:slug>/", cache_public(views.ArticleDetailView.as_view()), name="detail"),
]
