"""The public site's URLs, inside `i18n_patterns` (so every one starts with /<lang>/).

The feeds come before the article pattern: a slug of "feed" or "atom" would
otherwise be read as a story (and such a story is shadowed by the feed).
"""

from django.urls import path

from articles import feeds, invalidation, views
from articles.caching import cache_public
from articles.filters import ArticleFilter

#: The query parameters the front page reads (the cache keys pages on these only).
INDEX_PARAMS = (*ArticleFilter.base_filters, "page")

app_name = "articles"

urlpatterns = [
    path(
        "",
        cache_public(
            views.ArticleListView.as_view(),
            params=INDEX_PARAMS,
            keys=["edition"],
            validator=invalidation.front_page,
        ),
        name="index",
    ),
    path("feed/", cache_public(feeds.LatestArticlesFeed(), keys=["edition"]), name="feed"),
    path("atom/", cache_public(feeds.LatestArticlesAtomFeed(), keys=["edition"]), name="atom"),
    path(
        "<slug:slug>/",
        cache_public(views.ArticleDetailView.as_view(), validator=invalidation.story_page),
        name="detail",
    ),
]
