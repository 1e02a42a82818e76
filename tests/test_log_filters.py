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


def test_a_refused_request_is_logged_as_one_line_without_a_traceback(translator_client, caplog):
    with caplog.at_level(logging.WARNING):
        response = translator_client.get("/admin/auth/user/add/")

    assert response.status_code == 403
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    line = logging.Formatter().format(record)
    assert "Forbidden" in line and "/admin/auth/user/add/" in line
    assert "Traceback" not in line
    assert "\n" not in line


def test_a_server_error_keeps_its_traceback():
    from newsroom.log_filters import RefusalWithoutTraceback

    try:
        raise ValueError("broken")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error",
            (),
            sys.exc_info(),
        )
    record.status_code = 500
    assert RefusalWithoutTraceback().filter(record)
    assert "Traceback" in logging.Formatter().format(record)
