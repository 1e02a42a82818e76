"""Who may do what, checked on the server: every admin page, action and workflow view.

Four roles (anonymous, translator, editor, superuser) against every admin page
and every request that changes state, as `articles/roles.py` has it: editors
publish, schedule, unpublish, archive, link (and choose the source version),
dismiss and override findings; translators edit content, restore text, apply a
suggested fix, submit for review and mark reviewed, and are refused the rest;
anonymous visitors are sent to the login page. Each state change is POSTed
directly (a forged request, not a click on a button the admin hides) and
judged by the database afterwards, not by the response alone.

The world every case acts on is `tests/security/conftest.py`'s; the operator's
commands are `test_command_input.py`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import history, services
from articles.editorial_checks import recompute_findings
from articles.models import (
    Article,
    Finding,
    ImportRun,
    LanguageVersion,
    SourceDocument,
    Status,
)
from tests.admin.helpers import finding, form_data
from tests.factories import translator
from tests.security.conftest import World

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "translator", "editor", "superuser")
EVERYONE_SIGNED_IN = {"translator", "editor", "superuser"}
EDITORS = {"editor", "superuser"}
TOMORROW = timedelta(days=1)


# --- admin pages ----------------------------------------------------------------------


def _pages(world: World) -> dict[str, tuple[str, set[str]]]:
    """name -> (URL, roles that may open it)."""
    a, v, doc = world.article.pk, world.version("fr").pk, world.document.pk
    run = ImportRun.objects.first().pk
    return {
        "article_list": (reverse("admin:articles_article_changelist"), EVERYONE_SIGNED_IN),
        "article_change": (reverse("admin:articles_article_change", args=[a]), EVERYONE_SIGNED_IN),
        "article_add": (reverse("admin:articles_article_add"), EDITORS),
        "article_history": (
            reverse("admin:articles_article_history", args=[a]),
            EVERYONE_SIGNED_IN,
        ),
        "article_delete": (reverse("admin:articles_article_delete", args=[a]), {"superuser"}),
        "review": (reverse("admin:articles_article_review", args=[a]), EVERYONE_SIGNED_IN),
        "revisions": (reverse("admin:articles_article_revisions", args=[a]), EVERYONE_SIGNED_IN),
        "link_form": (reverse("admin:articles_article_link", args=[a]), EDITORS),
        "version_list": (
            reverse("admin:articles_languageversion_changelist"),
            EVERYONE_SIGNED_IN,
        ),
        "version_change": (
            reverse("admin:articles_languageversion_change", args=[v]),
            EVERYONE_SIGNED_IN,
        ),
        "source_documents": (
            reverse("admin:articles_sourcedocument_changelist"),
            EVERYONE_SIGNED_IN,
        ),
        "source_document": (
            reverse("admin:articles_sourcedocument_change", args=[doc]),
            EVERYONE_SIGNED_IN,
        ),
        "findings": (reverse("admin:articles_finding_changelist"), EVERYONE_SIGNED_IN),
        "finding": (
            reverse("admin:articles_finding_change", args=[world.advisory.pk]),
            EVERYONE_SIGNED_IN,
        ),
        "import_runs": (reverse("admin:articles_importrun_changelist"), EVERYONE_SIGNED_IN),
        "import_run": (reverse("admin:articles_importrun_change", args=[run]), EVERYONE_SIGNED_IN),
    }


PAGE_NAMES = [
    "article_list",
    "article_change",
    "article_add",
    "article_history",
    "article_delete",
    "review",
    "revisions",
    "link_form",
    "version_list",
    "version_change",
    "source_documents",
    "source_document",
    "findings",
    "finding",
    "import_runs",
    "import_run",
]


@pytest.mark.parametrize("page", PAGE_NAMES)
@pytest.mark.parametrize("role", ROLES)
def test_admin_page_is_open_only_to_the_roles_that_may_see_it(role, page, world, role_client):
    url, allowed = _pages(world)[page]
    response = role_client(role).get(url)
    if role in allowed:
        assert response.status_code == 200, (role, page, response.status_code)
    elif role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    else:
        assert response.status_code == 403, (role, page, response.status_code)


# --- state changes --------------------------------------------------------------------


def _changelist_action(model: str, action: str, language: str = "fr", **extra):
    def run(client: Client, world: World):
        selected = [world.article.pk] if model == "article" else [world.version(language).pk]
        return client.post(
            reverse(f"admin:articles_{model}_changelist"),
            {
                "action": action,
                "_selected_action": selected,
                "language": language,
                "index": 0,
                "confirmed": "1",  # the confirmation page's answer (tested in test_confirm)
                **extra,
            },
        )

    return run


def _workflow(operation: str, language: str = "fr", **extra):
    def run(client: Client, world: World):
        return client.post(
            reverse("admin:articles_article_workflow", args=[world.article.pk]),
            {"operation": operation, "language": language, "confirmed": "1", **extra},
        )

    return run


def _status(language: str, expected: str, scheduled: bool | None = None):
    def changed(world: World) -> bool:
        version = world.version(language)
        if scheduled is True:
            return version.status == expected and version.display_status == "scheduled"
        if scheduled is False:
            return version.status == expected and version.is_live
        return version.status == expected

    return changed


def _not_outdated(world: World) -> bool:
    return not world.version("fr").source_changed


def _prepare_outdated(world: World) -> None:
    LanguageVersion.objects.filter(pk=world.version("fr").pk).update(source_changed=True)


def _prepare_blocking(world: World) -> None:
    finding(world.version("fr"), severity=Finding.Severity.BLOCKING)


def _in_future() -> str:
    return (timezone.localtime() + TOMORROW).strftime("%Y-%m-%d %H:%M:%S")


def _link_document(client: Client, world: World):
    return client.post(
        reverse("admin:articles_article_link", args=[world.article.pk]),
        {"document": world.document.pk, "language": "es"},
    )


def _attach_other(client: Client, world: World):
    return client.post(
        reverse("admin:articles_article_link", args=[world.article.pk]),
        {"other_article": world.other.pk, "language": "id"},
    )


def _detach(client: Client, world: World):
    return client.post(
        reverse("admin:articles_article_detach", args=[world.article.pk]),
        {"language": "de", "confirmed": "1"},
    )


def _prepare_history(world: World) -> None:
    with history.change(world.article, user=None, comment="An earlier edit"):
        world.article.body_fr = "Texte modifié après l'import."
        world.article.save()


def _restore(client: Client, world: World):
    baseline = history.article_history(world.article).last()
    return client.post(
        reverse("admin:articles_article_revisions", args=[world.article.pk]),
        {"version": baseline.pk, "language": "fr", "confirmed": "1"},
    )


def _french_text(world: World) -> str:
    """The French text an editor works on: a published version's working copy, if any
    (a restore or a fix on a published version waits there)."""
    world.article.refresh_from_db()
    return services.working_text(world.article.versions.get(language="fr"))["body"]


def _restored(world: World) -> bool:
    return _french_text(world) != "Texte modifié après l'import."


def _dismiss(client: Client, world: World):
    return client.post(
        reverse("admin:articles_article_finding", args=[world.article.pk, world.advisory.pk]),
        {"operation": "dismiss", "reason": "Checked: it is right."},
    )


def _prepare_name_finding(world: World) -> None:
    article = world.article
    article.body_en = "OpenAI said so. The OpenAI board agreed with OpenAI staff."
    article.body_de = "OpenAI sagte ja."
    article.body_fr = "Openai a dit. Le conseil d'Openai a accepté."
    article.save()
    recompute_findings(article)


def _apply(client: Client, world: World):
    name = Finding.objects.get(
        version__article=world.article, version__language="fr", kind="name_spelling"
    )
    return client.post(
        reverse("admin:articles_article_finding", args=[world.article.pk, name.pk]),
        {"operation": "apply", "confirmed": "1"},
    )


def _applied(world: World) -> bool:
    return "OpenAI a dit" in _french_text(world)


def _edit(client: Client, world: World):
    data = form_data(world.superuser_client, world.article)
    data["body_fr"] = "Un texte revu par la rédaction."
    return client.post(reverse("admin:articles_article_change", args=[world.article.pk]), data)


def _edited(world: World) -> bool:
    world.article.refresh_from_db()
    return world.article.body_fr == "Un texte revu par la rédaction."


def _add(client: Client, world: World):
    data = form_data(world.superuser_client, world.article)
    data = {k: v for k, v in data.items() if not k.startswith("versions-")}
    data.update(
        {
            "title_en": "A brand new story",
            "slug_en": "a-brand-new-story",
            "body_en": "Its text.",
            "slug_fr": "",
            "slug_de": "",
            "versions-TOTAL_FORMS": 0,
            "versions-INITIAL_FORMS": 0,
        }
    )
    return client.post(reverse("admin:articles_article_add"), data)


def _delete(client: Client, world: World):
    return client.post(
        reverse("admin:articles_article_delete", args=[world.article.pk]), {"post": "yes"}
    )


@dataclass
class Case:
    run: Callable[[Client, World], object]
    changed: Callable[[World], bool]
    allowed: set[str]
    prepare: Callable[[World], None] | None = None


CASES: dict[str, Case] = {
    # The article list's actions on the chosen language.
    "list_submit": Case(
        _changelist_action("article", "submit_for_review"),
        _status("fr", Status.IN_REVIEW),
        EVERYONE_SIGNED_IN,
    ),
    "list_publish": Case(
        _changelist_action("article", "publish"),
        _status("fr", Status.PUBLISHED, scheduled=False),
        EDITORS,
    ),
    "list_schedule": Case(
        _changelist_action("article", "publish", publish_at=_in_future()),
        _status("fr", Status.PUBLISHED, scheduled=True),
        EDITORS,
    ),
    "list_unpublish": Case(
        _changelist_action("article", "unpublish", language="de"),
        _status("de", Status.DRAFT),
        EDITORS,
    ),
    "list_archive": Case(
        _changelist_action("article", "archive"), _status("fr", Status.ARCHIVED), EDITORS
    ),
    "list_mark_reviewed": Case(
        _changelist_action("article", "mark_reviewed"),
        _not_outdated,
        EVERYONE_SIGNED_IN,
        _prepare_outdated,
    ),
    # The version list's actions on exactly the selected versions.
    "versions_submit": Case(
        _changelist_action("languageversion", "submit_for_review"),
        _status("fr", Status.IN_REVIEW),
        EVERYONE_SIGNED_IN,
    ),
    "versions_publish": Case(
        _changelist_action("languageversion", "publish"),
        _status("fr", Status.PUBLISHED, scheduled=False),
        EDITORS,
    ),
    "versions_unpublish": Case(
        _changelist_action("languageversion", "unpublish", language="de"),
        _status("de", Status.DRAFT),
        EDITORS,
    ),
    "versions_archive": Case(
        _changelist_action("languageversion", "archive"),
        _status("fr", Status.ARCHIVED),
        EDITORS,
    ),
    "versions_mark_reviewed": Case(
        _changelist_action("languageversion", "mark_reviewed"),
        _not_outdated,
        EVERYONE_SIGNED_IN,
        _prepare_outdated,
    ),
    # The review page's buttons.
    "review_submit": Case(_workflow("submit"), _status("fr", Status.IN_REVIEW), EVERYONE_SIGNED_IN),
    "review_publish": Case(
        _workflow("publish"), _status("fr", Status.PUBLISHED, scheduled=False), EDITORS
    ),
    "review_schedule": Case(
        _workflow("publish", publish_at=_in_future()),
        _status("fr", Status.PUBLISHED, scheduled=True),
        EDITORS,
    ),
    "review_publish_over_blocking_findings": Case(
        _workflow("publish", override_reason="The figures were checked by phone."),
        _status("fr", Status.PUBLISHED, scheduled=False),
        EDITORS,
        _prepare_blocking,
    ),
    "review_unpublish": Case(_workflow("unpublish", "de"), _status("de", Status.DRAFT), EDITORS),
    "review_archive": Case(_workflow("archive"), _status("fr", Status.ARCHIVED), EDITORS),
    "review_mark_reviewed": Case(
        _workflow("reviewed"), _not_outdated, EVERYONE_SIGNED_IN, _prepare_outdated
    ),
    "review_send_back": Case(_workflow("send_back", "en"), _status("en", Status.DRAFT), EDITORS),
    "review_mark_source": Case(
        _workflow("source"),
        lambda world: Article.objects.get(pk=world.article.pk).source_language == "fr",
        EDITORS,  # which version the others translate is how versions relate: linking
    ),
    # Linking and detaching.
    "link_source_document": Case(
        _link_document,
        lambda world: (
            SourceDocument.objects.get(pk=world.document.pk).article_id == world.article.pk
        ),
        EDITORS,
    ),
    "link_version_of_other_article": Case(
        _attach_other,
        lambda world: world.article.versions.filter(language="id").exists(),
        EDITORS,
    ),
    "detach_version": Case(
        _detach, lambda world: not world.article.versions.filter(language="de").exists(), EDITORS
    ),
    # History, findings, content.
    "restore_earlier_text": Case(_restore, _restored, EVERYONE_SIGNED_IN, _prepare_history),
    "dismiss_finding": Case(
        _dismiss,
        lambda world: Finding.objects.get(pk=world.advisory.pk).dismissed_at is not None,
        EDITORS,
    ),
    "apply_suggestion": Case(_apply, _applied, EVERYONE_SIGNED_IN, _prepare_name_finding),
    "edit_text": Case(_edit, _edited, EVERYONE_SIGNED_IN),
    "add_article": Case(
        _add, lambda world: Article.objects.filter(title_en="A brand new story").exists(), EDITORS
    ),
    "delete_article": Case(
        _delete,
        lambda world: not Article.objects.filter(pk=world.article.pk).exists(),
        {"superuser"},
    ),
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("role", ROLES)
def test_state_change_is_allowed_or_refused_on_the_server(role, case, world, role_client):
    spec = CASES[case]
    if spec.prepare:
        spec.prepare(world)
    assert not spec.changed(world), "the change must not be there before the request"
    revisions_before = Version.objects.count()

    response = spec.run(role_client(role), world)

    if role in spec.allowed:
        assert response.status_code in (200, 302), (role, case, response.status_code)
        assert spec.changed(world), f"{role} may {case}, but nothing changed"
    else:
        assert not spec.changed(world), f"{role} must not {case}, but the server did it"
        assert Version.objects.count() == revisions_before, "a refused request left history"
        if role == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("admin:login"))
        elif response.status_code != 403:
            # The changelist answers a forged action it does not offer by offering none.
            assert case.startswith(("list_", "versions_")), (role, case, response.status_code)
            assert response.status_code in (200, 302)


def test_translator_cannot_override_blocking_findings_even_with_a_reason(world, role_client):
    """Override is its own permission: a reason from a translator is refused, not recorded."""
    _prepare_blocking(world)
    response = _workflow("publish", override_reason="I say so.")(role_client("translator"), world)
    assert response.status_code == 403
    version = world.version("fr")
    assert version.status == Status.DRAFT and version.override_reason == ""


def test_editor_without_a_reason_cannot_publish_over_blocking_findings(world, role_client):
    _prepare_blocking(world)
    response = _workflow("publish")(role_client("editor"), world)
    assert response.status_code == 302
    assert world.version("fr").status == Status.DRAFT


# --- a translator's languages ----------------------------------------------------------

#: What a translator might do to one language's text or state, and how to see it done.
LANGUAGE_CASES: dict[str, tuple[Callable[[Client, World], object], Callable[[World], bool]]] = {
    "edit_text": (_edit, _edited),
    "submit": (_workflow("submit"), _status("fr", Status.IN_REVIEW)),
    "list_submit": (_changelist_action("article", "submit_for_review"), _status("fr", "in_review")),
    "mark_reviewed": (_workflow("reviewed"), _not_outdated),
    "restore_earlier_text": (_restore, _restored),
    "apply_suggestion": (_apply, _applied),
}


def _prepare_language_case(world: World, case: str) -> None:
    {
        "mark_reviewed": _prepare_outdated,
        "restore_earlier_text": _prepare_history,
        "apply_suggestion": _prepare_name_finding,
    }.get(case, lambda world: None)(world)


@pytest.mark.parametrize("case", list(LANGUAGE_CASES))
def test_translator_may_change_only_their_own_languages(case, world):
    """The fr draft, for a translator who works in German and Indonesian only: refused on
    the server (the form, the buttons and the actions); allowed once fr is theirs."""
    run, changed = LANGUAGE_CASES[case]
    _prepare_language_case(world, case)
    outsider = Client()
    outsider.force_login(translator(username="t-de-id", languages=("de", "id")))
    run(outsider, world)
    assert not changed(world), f"a translator without French could {case}"

    insider = Client()
    insider.force_login(translator(username="t-fr", languages=("fr",)))
    run(insider, world)
    assert changed(world), f"a French translator could not {case}"


def _in_review(world: World) -> None:
    LanguageVersion.objects.filter(pk=world.version("fr").pk).update(status=Status.IN_REVIEW)


@pytest.mark.parametrize("case", ["edit_text", "mark_reviewed", "restore_earlier_text"])
def test_a_version_in_review_is_locked_for_its_translator_until_sent_back(case, world):
    run, changed = LANGUAGE_CASES[case]
    _prepare_language_case(world, case)
    _in_review(world)
    client = Client()
    client.force_login(translator(username="t-fr", languages=("fr",)))
    run(client, world)
    assert not changed(world), f"a translator could {case} a version in review"

    world.superuser_client.post(
        reverse("admin:articles_article_workflow", args=[world.article.pk]),
        {"operation": "send_back", "language": "fr"},
    )
    assert world.version("fr").status == Status.DRAFT
    run(client, world)
    assert changed(world), f"sent back, the translator still could not {case}"


def test_the_edit_form_says_why_a_language_is_refused(world):
    client = Client()
    client.force_login(translator(username="t-de", languages=("de",)))
    response = _edit(client, world)
    assert response.status_code == 200  # the form again, with the reason
    assert "You do not work in French" in response.content.decode()


def test_demo_translator_works_in_two_languages():
    call_command("create_demo_accounts", stdout=StringIO())
    user = get_user_model().objects.get(username="translator")
    assert sorted(user.working_languages.values_list("language", flat=True)) == ["de", "fr"]
