"""Repeated failed logins lock the account out from that address for a while."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from tests.factories import editor

pytestmark = [pytest.mark.django_db, pytest.mark.lockout]

LOGIN = reverse("admin:login")


def attempt(client, password):
    return client.post(LOGIN, {"username": "editor", "password": password, "next": "/admin/"})


def test_five_failures_lock_out_even_the_right_password(client, settings):
    editor(username="editor")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "wrong").status_code == 200  # the form again, with its error
    assert attempt(client, "wrong").status_code == 429
    response = attempt(client, "correct-horse-battery")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_ends_after_the_cool_off(client, settings):
    editor(username="editor")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")
    assert attempt(client, "correct-horse-battery").status_code == 429
    # Let the cool-off pass: the failures recorded are now older than it.
    long_ago = timezone.now() - settings.AXES_COOLOFF_TIME - timezone.timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=long_ago)
    response = attempt(client, "correct-horse-battery")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_a_few_failures_then_success_still_logs_in(client):
    editor(username="editor")
    attempt(client, "wrong")
    attempt(client, "wrong")
    assert attempt(client, "correct-horse-battery").status_code == 302
