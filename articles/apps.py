from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")

    def ready(self):
        from articles import invalidation, search_index

        # What a change invalidates: the pages' validators and the HTTP caches' purges.
        invalidation.connect_signals()
        search_index.connect_signals()
