"""The site's URLs plus the benchmark's ceiling: the same bytes with no database.

`/bench/bare/<size>/` is a bare Django view (the whole middleware stack, no
database, no template); the static ceiling is a file of the same size served by
whitenoise from STATIC_ROOT (bench/serve_bench.py writes it).

`/bench/floor/<size>/<slug>/` is the bare view plus the article page's first
query (the published English article with that slug, through the ORM): the
least any database-backed article page pays, to show how far the target is
from what the ORM alone costs.
"""

from django.http import Http404, HttpResponse
from django.urls import path

from articles.models import Article
from newsroom.urls import handler404, handler500  # noqa: F401
from newsroom.urls import urlpatterns as site_urlpatterns

_BODIES: dict[int, bytes] = {}


def bare(request, size: int):
    body = _BODIES.get(size)
    if body is None:
        body = _BODIES[size] = b"x" * size
    return HttpResponse(body, content_type="text/html; charset=utf-8")


def floor(request, size: int, slug: str):
    if Article.objects.edition("en").filter(slug_en=slug).first() is None:
        raise Http404(slug)
    return bare(request, size)


urlpatterns = [
    path("bench/bare/<int:size>/", bare),
    path("bench/floor/<int:size>/<slug:slug>/", floor),
    *site_urlpatterns,
]
