"""`{% newsroom_desk as desk %}`: the desk selector's data for the admin home page."""

from django import template
from django.utils import timezone

from articles.admin.activity import describe
from articles.admin.desk import desk

register = template.Library()


@register.simple_tag(takes_context=True)
def newsroom_desk(context):
    # Read once per request: the page's main column and its sidebar both use it.
    request = context["request"]
    if not hasattr(request, "_newsroom_desk"):
        request._newsroom_desk = desk(request.user, timezone.now())
    return request._newsroom_desk


@register.filter
def history_entry(comment: str) -> str:
    """A history entry's comment, said in the active language (`articles.admin.activity`)."""
    return describe(comment)
