"""Each workflow action through the admin: editors may, translators are refused.

Refused twice over: the admin does not offer the action (hidden) and a forged
request changes nothing (the server checks the permission itself).
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from tests.admin.helpers import finding
from tests.factories import UserFactory, make_article

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:articles_article_changelist"
VERSIONS = "admin:articles_languageversion_changelist"


def run_action(client, action, articles, language="fr", **extra):
    return client.post(
        reverse(CHANGELIST),
        {
            "action": action,
            "_selected_action": [a.pk for a in articles],
            "language": language,
            "index": 0,
            "confirmed": "1",  # the confirmation page's answer (tested in test_confirm)
            **extra,
        },
        follow=True,
    )


def state(article, language="fr"):
    return article.versions.get(language=language)


def offered_actions(client, url_name=CHANGELIST):
    response = client.get(reverse(url_name))
    return {name for name, _label in response.context["action_form"].fields["action"].choices}


def test_editor_is_offered_every_workflow_action(editor_client):
    make_article(languages=["fr"])
    assert {"submit_for_review", "publish", "unpublish", "archive", "mark_reviewed"} <= (
        offered_actions(editor_client)
    )
    assert {"publish", "unpublish", "archive"} <= offered_actions(editor_client, VERSIONS)


def test_translator_is_offered_only_submit_and_review(translator_client):
    make_article(languages=["fr"])
    for url_name in (CHANGELIST, VERSIONS):
        offered = offered_actions(translator_client, url_name)
        assert "submit_for_review" in offered and "mark_reviewed" in offered
        assert not offered & {"publish", "unpublish", "archive"}


@pytest.mark.parametrize(("role", "shown"), [("editor", True), ("translator", False)])
def test_only_those_who_may_publish_see_the_publication_time_and_override_fields(
    role, shown, request
):
    client = request.getfixturevalue(f"{role}_client")
    make_article(languages=["fr"])
    for url_name in (CHANGELIST, VERSIONS):
        page = client.get(reverse(url_name)).content.decode()
        assert ('name="publish_at"' in page) is shown
        assert ('name="override_reason"' in page) is shown
        assert 'name="language"' in page  # submitting and reviewing still need it


@pytest.mark.parametrize("role", ["editor", "translator"])
def test_both_roles_may_submit_for_review(role, request):
    # One fixture per test: editor_client and translator_client log in the same client.
    client = request.getfixturevalue(f"{role}_client")
    article = make_article(languages=["fr", "de"])
    run_action(client, "submit_for_review", [article])
    assert state(article).status == Status.IN_REVIEW
    assert state(article, "de").status == Status.DRAFT  # only the chosen language


def test_editor_publishes_a_selection_in_one_language(editor_client):
    first, second = make_article(languages=["fr", "de"]), make_article(languages=["fr"])
    response = run_action(editor_client, "publish", [first, second])
    assert "Published or scheduled: 2 versions." in response.content.decode()
    assert state(first).is_live and state(second).is_live
    assert state(first, "de").status == Status.DRAFT


def test_editor_schedules_with_a_future_time(editor_client):
    article = make_article(languages=["fr"])
    at = (timezone.localtime() + timedelta(days=2)).replace(second=0, microsecond=0)
    run_action(editor_client, "publish", [article], publish_at=at.strftime("%Y-%m-%dT%H:%M"))
    assert state(article).display_status == "scheduled"
    assert state(article).published_at == at


def test_an_action_without_a_language_says_so(editor_client):
    article = make_article(languages=["fr"])
    response = run_action(editor_client, "publish", [article], language="")
    assert "Choose the language" in response.content.decode()
    assert state(article).status == Status.DRAFT


def test_articles_without_the_language_are_reported(editor_client):
    with_fr, without = make_article(languages=["fr"]), make_article(languages=["de"])
    response = run_action(editor_client, "publish", [with_fr, without])
    assert "1 selected article has no French version." in response.content.decode()


def test_editor_unpublishes_and_archives(editor_client):
    article = make_article(languages=["fr"], status=Status.PUBLISHED)
    run_action(editor_client, "unpublish", [article])
    assert state(article).status == Status.DRAFT
    run_action(editor_client, "archive", [article])
    assert state(article).status == Status.ARCHIVED


@pytest.mark.parametrize(
    ("action", "start"),
    [
        ("publish", Status.IN_REVIEW),
        ("unpublish", Status.PUBLISHED),
        ("archive", Status.DRAFT),
    ],
)
def test_translator_forging_a_state_action_changes_nothing(translator_client, action, start):
    article = make_article(languages=["fr"], status=start)
    response = run_action(translator_client, action, [article])
    assert state(article).status == start
    assert "No action selected." in response.content.decode()


@pytest.mark.parametrize(
    ("operation", "start"),
    [
        ("publish", Status.IN_REVIEW),
        ("unpublish", Status.PUBLISHED),
        ("archive", Status.DRAFT),
    ],
)
def test_translator_is_refused_the_review_page_buttons(translator_client, operation, start):
    article = make_article(languages=["fr"], status=start)
    response = translator_client.post(
        reverse("admin:articles_article_workflow", args=[article.pk]),
        {"operation": operation, "language": "fr"},
    )
    assert response.status_code == 403
    assert state(article).status == start


def test_translator_submits_from_the_review_page(translator_client):
    article = make_article(languages=["fr"])
    translator_client.post(
        reverse("admin:articles_article_workflow", args=[article.pk]),
        {"operation": "submit", "language": "fr"},
    )
    assert state(article).status == Status.IN_REVIEW


def test_translator_forging_a_version_action_changes_nothing(translator_client):
    article = make_article(languages=["fr"])
    translator_client.post(
        reverse(VERSIONS),
        {"action": "publish", "_selected_action": [state(article).pk], "index": 0},
    )
    assert state(article).status == Status.DRAFT


def test_editor_acts_on_exactly_the_selected_versions(editor_client):
    article = make_article(languages=["fr", "de"])
    editor_client.post(
        reverse(VERSIONS),
        {
            "action": "publish",
            "_selected_action": [state(article, "de").pk],
            "index": 0,
            "confirmed": "1",
        },
    )
    assert state(article, "de").is_live and state(article, "fr").status == Status.DRAFT


def test_blocking_findings_need_the_editors_reason(editor_client):
    article = make_article(languages=["fr"])
    finding(state(article))
    response = run_action(editor_client, "publish", [article])
    assert "open blocking finding" in response.content.decode()
    assert state(article).status == Status.DRAFT
    run_action(editor_client, "publish", [article], override_reason="Figures checked by phone")
    assert state(article).is_live
    assert state(article).override_reason == "Figures checked by phone"


def test_a_publisher_without_the_override_permission_cannot_override(client):
    publisher = UserFactory(username="publisher")
    publisher.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_article", "change_article", "publish_languageversion"]
        )
    )
    client.force_login(publisher)
    article = make_article(languages=["fr"])
    finding(state(article))
    page = client.get(reverse("admin:articles_article_review", args=[article.pk]))
    assert 'name="override_reason"' not in page.content.decode()
    response = client.post(
        reverse("admin:articles_article_workflow", args=[article.pk]),
        {"operation": "publish", "language": "fr", "override_reason": "trust me"},
    )
    assert response.status_code == 403
    assert state(article).status == Status.DRAFT


def test_mark_reviewed_clears_the_outdated_flag(translator_client):
    article = make_article(languages=["en", "fr"])
    article.versions.filter(language="fr").update(source_changed=True)
    run_action(translator_client, "mark_reviewed", [article])
    assert not state(article).source_changed


def test_making_a_version_the_source(editor_client):
    article = make_article(languages=["en", "fr"])
    editor_client.post(
        reverse("admin:articles_article_workflow", args=[article.pk]),
        {"operation": "source", "language": "fr"},
    )
    article.refresh_from_db()
    assert article.source_language == "fr"


def test_translator_may_not_choose_the_source(translator_client):
    article = make_article(languages=["en", "fr"])
    review = reverse("admin:articles_article_review", args=[article.pk])
    assert "Make this the source" not in translator_client.get(review).content.decode()
    response = translator_client.post(
        reverse("admin:articles_article_workflow", args=[article.pk]),
        {"operation": "source", "language": "fr"},
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.source_language == ""
