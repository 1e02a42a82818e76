"""The site's URLs plus the benchmark's ceiling: the same bytes with no database.

`/bench/bare/<size>/` is a bare Django view (the whole middleware stack, no
database, no template); the static ceiling is a file of the same size served by
whitenoise from STATIC_ROOT (bench/serve_bench.py writes it).
"""

from django.http import HttpResponse
from django.urls import path

from newsroom.urls import handler404, handler500  # noqa: F401
from newsroom.urls import urlpatterns as site_urlpatterns

_BODIES: dict[int, bytes] = {}


def bare(request, size: int):
    body = _BODIES.get(size)
    if body is None:
        body = _BODIES[size] = b"x" * size
    return HttpResponse(body, content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/bare/<int:size>/", bare), *site_urlpatterns]
