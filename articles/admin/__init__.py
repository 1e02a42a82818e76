"""The editors' side, as a package: one module per list or page family.

article.py (the article list and change form), version.py (versions one by one),
records.py (source documents, import runs, findings), users.py (staff and their
working languages), views.py (the article's
own pages: review, link, history), with the pieces they share in display.py,
actions.py, filters.py and forms.py. Importing the package registers them all.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.admin import article, records, users, version  # noqa: F401  (registers the ModelAdmins)
from articles.admin.autocomplete import ArticleAutocompleteView

# The home page is the user's desk (articles/admin/desk.py), the model list folded below it.
admin.site.index_template = "admin/articles/desk.html"
# Autocomplete results that say which article they are (articles/admin/autocomplete.py).
admin.site.autocomplete_view = lambda request: ArticleAutocompleteView.as_view(
    admin_site=admin.site
)(request)
admin.site.site_header = _("Newsroom")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Your desk")
