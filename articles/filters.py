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
from articles.search import found_ids, search


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

    def filter_queryset(self, queryset):
        # The search last: it keeps only its newest matches (`articles.search`), which
        # must be the newest of the stories the other filters leave, not of all of them.
        return self.filters["q"].filter(self.narrowed(queryset), self.form.cleaned_data["q"])

    def narrowed(self, queryset):
        """`queryset` through every filter but the search."""
        data = self.form.cleaned_data
        for name in data:
            if name != "q":
                queryset = self.filters[name].filter(queryset, data[name])
        return queryset

    def found_ids(self) -> list[int]:
        """The ids of the stories `qs` holds when searching, best match first, read at once
        (`articles.search.found_ids`). Call only once the FilterSet `is_valid()`."""
        stories = self.narrowed(self.queryset.all())
        return found_ids(stories, self.language, self.form.cleaned_data["q"])

    def filter_query(self, queryset, name, value):
        return search(queryset, self.language, value)

    def filter_since(self, queryset, name, value):
        start = self._day_start(value)
        # Before the first representable instant: every story is after it.
        return queryset if start is None else queryset.filter(published_at__gte=start)

    def filter_until(self, queryset, name, value):
        end = self._day_start(value, days_after=1)
        # The day after 9999-12-31 does not exist: every story is before it.
        return queryset if end is None else queryset.filter(published_at__lt=end)

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
    def _day_start(day: datetime.date, days_after: int = 0) -> datetime.datetime | None:
        """Midnight at the start of `day` (plus `days_after`) in the site's time zone (dates
        are shown in it), or None when that instant, or its UTC equivalent the database
        stores, lies outside the years 1-9999."""
        try:
            start = timezone.make_aware(
                datetime.datetime.combine(
                    day + datetime.timedelta(days=days_after), datetime.time.min
                )
            )
            start.astimezone(datetime.UTC)
        except OverflowError:
            return None
        return start
