"""Times in reader pages: `{{ value|machine_time }}`, for machines (`<time datetime>`), to
the second; `{{ value|published_time }}`, a publication time as readers are shown it
(`articles.rendering` says why each is so)."""

from django import template

from articles import rendering

register = template.Library()


@register.filter
def machine_time(value) -> str:
    return rendering.machine_time(value)


@register.filter
def published_time(value):
    return rendering.published_time(value)
