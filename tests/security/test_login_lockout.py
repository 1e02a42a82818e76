"""Repeated failed logins lock the account out from that address for a while."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
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


PROXY = "10.0.0.2"


def attempt_from(client, password, *, remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    data = {"username": "editor", "password": password, "next": "/admin/"}
    return client.post(LOGIN, data, **headers)


@pytest.fixture
def behind_proxy(settings):
    settings.NEWSROOM_TRUSTED_PROXIES = [PROXY]


def test_a_lockout_behind_the_proxy_leaves_other_clients_able_to_log_in(behind_proxy, settings):
    editor(username="editor")
    attacker, colleague = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt_from(attacker, "wrong", remote=PROXY, forwarded="1.2.3.4")

    assert (
        attempt_from(
            attacker, "correct-horse-battery", remote=PROXY, forwarded="1.2.3.4"
        ).status_code
        == 429
    )
    response = attempt_from(colleague, "correct-horse-battery", remote=PROXY, forwarded="9.9.9.9")
    assert response.status_code == 302
    assert colleague.session["_auth_user_id"]


def test_only_the_address_the_trusted_proxy_saw_counts(behind_proxy, settings):
    # The client prepends its own X-Forwarded-For; the proxy appends the real address.
    editor(username="editor")
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt_from(Client(), "wrong", remote=PROXY, forwarded=f"9.9.9.{n}, 1.2.3.4")

    assert (
        attempt_from(
            Client(), "correct-horse-battery", remote=PROXY, forwarded="1.2.3.4"
        ).status_code
        == 429
    )
    assert (
        attempt_from(
            Client(), "correct-horse-battery", remote=PROXY, forwarded="9.9.9.0"
        ).status_code
        == 302
    )


def test_a_forged_forwarded_header_from_an_untrusted_address_changes_nothing(
    behind_proxy, settings
):
    editor(username="editor")
    # Forged "victim" addresses neither lock the victim out nor spread the attacker's failures.
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt_from(Client(), "wrong", remote="203.0.113.5", forwarded=f"9.9.9.{n}")

    locked = attempt_from(
        Client(), "correct-horse-battery", remote="203.0.113.5", forwarded="8.8.8.8"
    )
    assert locked.status_code == 429
    victim = attempt_from(Client(), "correct-horse-battery", remote=PROXY, forwarded="9.9.9.0")
    assert victim.status_code == 302
