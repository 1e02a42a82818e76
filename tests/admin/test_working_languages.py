"""A translator's working languages are set on their user page in the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.factories import make_article, translator

pytestmark = pytest.mark.django_db


def test_an_administrator_sets_a_translators_languages_and_they_apply_at_once():
    root = get_user_model().objects.create_superuser("root", "root@example.invalid", "pw")
    admin = Client()
    admin.force_login(root)
    user = translator(username="tina", languages=())
    url = reverse("admin:auth_user_change", args=[user.pk])
    page = admin.get(url)
    assert "Working languages" in page.content.decode()
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("password", "groups", "user_permissions")
    }
    data.update(
        {
            "groups": [g.pk for g in user.groups.all()],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "working_languages-TOTAL_FORMS": 2,
            "working_languages-INITIAL_FORMS": 0,
            "working_languages-0-language": "fr",
            "working_languages-1-language": "",
        }
    )
    response = admin.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(user.working_languages.values_list("language", flat=True)) == ["fr"]

    article = make_article(languages=["fr", "de"])
    client = Client()
    client.force_login(user)
    workflow = reverse("admin:articles_article_workflow", args=[article.pk])
    client.post(workflow, {"operation": "submit", "language": "de"})
    client.post(workflow, {"operation": "submit", "language": "fr"})
    assert dict(article.versions.values_list("language", "status")) == {
        "fr": "in_review",
        "de": "draft",
    }
