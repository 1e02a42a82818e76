"""`{{ value|machine_time }}`: a time for machines (`<time datetime>`), to the second.

Django's `date:'c'` writes microseconds, which the HTML standard does not
allow in `datetime` (at most three digits of a fraction); readers are shown
minutes at most, so seconds lose nothing.
"""

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def machine_time(value) -> str:
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()
