"""The log stays readable: a request for a host the site does not serve is one line."""

import logging

import pytest

pytestmark = pytest.mark.django_db


def test_a_bad_host_header_is_logged_as_one_line_without_a_traceback(client, caplog):
    with caplog.at_level(logging.WARNING):
        response = client.get("/en/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    (record,) = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    line = logging.Formatter().format(record)
    assert "evil.example" in line
    assert "Traceback" not in line
    assert "\n" not in line
