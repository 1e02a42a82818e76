from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")

    def ready(self):
        from articles import purging, search_index

        # The page cache needs no signal: its validators come from the database.
        purging.connect_signals()
        search_index.connect_signals()
