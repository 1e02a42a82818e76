"""Static files: hashed, compressed names served by whitenoise with far-future caching."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client, override_settings

MANIFEST = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture
def collected(collected_static):
    """The run's collected files (production storage), served during one test."""
    with override_settings(STATIC_ROOT=collected_static, STORAGES=MANIFEST, DEBUG=False):
        yield collected_static


def test_stylesheet_is_served_under_a_hashed_name_with_a_long_max_age(collected):
    url = static("articles/site.css")
    assert url != "/static/articles/site.css"  # the name carries the content hash

    # A fresh client builds a fresh middleware chain, so whitenoise sees the new STATIC_ROOT.
    response = Client().get(url, headers={"accept-encoding": "gzip"})

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response["Content-Encoding"] == "gzip"
    assert any(collected.glob("articles/site.*.css.gz"))


def test_stylesheet_is_served_brotli_compressed_to_browsers_that_accept_it(collected):
    url = static("articles/site.css")

    response = Client().get(url, headers={"accept-encoding": "gzip, deflate, br"})

    assert response["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response["Vary"]
    assert any(collected.glob("articles/site.*.css.br"))


@pytest.mark.django_db
def test_pages_link_the_hashed_stylesheet_and_it_serves_the_site_s_css(collected):
    client = Client()
    html = client.get("/en/").content.decode()
    href = re.search(r'<link rel="stylesheet" href="([^"]+)">', html).group(1)

    assert href == static("articles/site.css")
    response = client.get(href)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert (
        b"".join(response.streaming_content) == Path(finders.find("articles/site.css")).read_bytes()
    )
