"""The front page's filters and search box, as one django-filter FilterSet.

Everything lives in the query string (`?q=…&since=…&key_points=on`), so a
filtered page can be shared and paginated. The FilterSet narrows a queryset
it is given (`Article.objects.edition(language)`); it never decides what
readers may see. Every filter reads the edition's language, passed in as
`language`, because the text of each language lives in its own columns.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, localized
from articles.search import search


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_query",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    since = django_filters.DateFilter(
        label=_("Published from"),
        field_name="published_at",
        method="filter_since",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=_("Published until"),
        field_name="published_at",
        method="filter_until",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    key_points = django_filters.BooleanFilter(
        label=_("Has key points"), method="filter_key_points", widget=forms.CheckboxInput
    )
    translated = django_filters.BooleanFilter(
        label=_("Available in another language"),
        method="filter_translated",
        widget=forms.CheckboxInput,
    )
    source = django_filters.CharFilter(label=_("Source"), method="filter_source")

    class Meta:
        model = Article
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, language: str, now=None, **kwargs):
        self.language = language
        self.now = now or timezone.now()
        super().__init__(data, queryset, **kwargs)

    def filter_query(self, queryset, name, value):
        return search(queryset, self.language, value)

    def filter_since(self, queryset, name, value):
        return queryset.filter(published_at__gte=self._day_start(value))

    def filter_until(self, queryset, name, value):
        return queryset.filter(published_at__lt=self._day_start(value) + datetime.timedelta(days=1))

    def filter_key_points(self, queryset, name, value):
        # An unticked box means "any", not "without key points".
        if not value:
            return queryset
        # `__gt=""` rules out both NULL and "" (translated columns may hold either).
        return queryset.filter(**{f"{localized('key_points', self.language)}__gt": ""})

    def filter_translated(self, queryset, name, value):
        return queryset.translated_from(self.language, self.now) if value else queryset

    def filter_source(self, queryset, name, value):
        column = localized("source_attribution", self.language)
        return queryset.filter(**{f"{column}__icontains": value.strip()})

    @staticmethod
    def _day_start(day):
        """Midnight at the start of `day` in the site's time zone (dates are shown in it)."""
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
