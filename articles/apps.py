from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")

    def ready(self):
        from articles import caching, purging, search_index

        caching.connect_signals()
        purging.connect_signals()
        search_index.connect_signals()
