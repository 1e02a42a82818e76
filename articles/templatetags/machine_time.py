"""`{{ value|machine_time }}`: a time for machines (`<time datetime>`), to the second
(`articles.rendering.machine_time` says why)."""

from django import template

from articles import rendering

register = template.Library()


@register.filter
def machine_time(value) -> str:
    return rendering.machine_time(value)
