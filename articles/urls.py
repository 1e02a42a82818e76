"""The public site's URLs, inside `i18n_patterns` (so every one starts with /<lang>/).

The feeds come before the article pattern: a slug of "feed" or "atom" would
otherwise be read as a story (and such a story is shadowed by the feed).
"""

from django.urls import path

from articles import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="index"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("atom/", feeds.LatestArticlesAtomFeed(), name="atom"),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
