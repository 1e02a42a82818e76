"""Every response carries the headers that keep imported text from turning into script."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.parametrize("url", [reverse("admin:login"), "/en/"])
def test_content_security_policy_allows_scripts_only_from_our_origin(client, url):
    response = client.get(url)
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy.get("script-src", [])
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_responses_forbid_sniffing_framing_and_cross_origin_referrers(client):
    response = client.get(reverse("admin:login"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_admin_pages_carry_no_inline_script(admin_client):
    """The admin works under the policy: none of its pages needs an inline script."""
    for url in (reverse("admin:index"), reverse("admin:articles_article_changelist")):
        html = admin_client.get(url).content.decode()
        for chunk in html.split("<script")[1:]:
            tag = chunk.split(">", 1)[0]
            assert "src=" in tag or 'type="application/json"' in tag, f"inline script on {url}"
