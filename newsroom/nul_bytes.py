"""Refuse a NUL character in the admin's query strings with 400, before any view runs.

PostgreSQL cannot hold NUL in text, so a filter value such as `?state=%00`,
`?kind__exact=%00` or an autocomplete `term=%00` reached the database and failed
there (a 500). No admin address needs the character; refusing it in one place covers
every list filter, search box and autocomplete, present and future. (Forms already
refuse it in posted fields: Django's `ProhibitNullCharactersValidator`.) Reader pages
handle their own parameters (`articles/filters.py`).
"""

from __future__ import annotations

from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.translation import gettext as _


class RejectNulInAdminQueryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        if self.prefix is None:
            self.prefix = reverse("admin:index")
        if request.path.startswith(self.prefix) and _has_nul(request):
            return HttpResponseBadRequest(
                _("The address holds a NUL character, which no page accepts."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _has_nul(request) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    )
