"""`{% link_suggestion_panel article as panel %}`: the data of the suggestions include.

A tag rather than context from the views, so the change form and the review page
show the panel with one include line each (`admin/articles/article/_suggestions.html`).
"""

from django import template

from articles.admin.suggestions import suggestion_panel

register = template.Library()


@register.simple_tag(takes_context=True)
def link_suggestion_panel(context, article):
    request = context.get("request")
    return suggestion_panel(article, getattr(request, "user", None))
