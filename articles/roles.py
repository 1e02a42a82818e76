"""The newsroom's roles, as Django groups and permissions.

Editors publish, schedule, unpublish, link versions, override findings and
import bundles.
Translators edit text and submit it for review; they are refused publishing.
`ROLE_PERMISSIONS` is the one place that says who may do what; migrations
create the groups from a frozen copy (see migration 0002), so a change here
needs a new data migration (tests/test_roles.py checks that they agree).
A translator works only in their own languages (`UserLanguage` rows, set in the
admin's user page), and a version they submitted is locked for them until an
editor sends it back: `text_refusals` is the one place that says so.
"""

from articles.models import LanguageVersion, Status, UserLanguage

EDITORS = "Editors"
TRANSLATORS = "Translators"

# The permissions the admin checks, named by what they allow.
CHANGE_TEXT = "articles.change_article"
CHANGE_VERSION = "articles.change_languageversion"  # submit for review, mark reviewed
PUBLISH = "articles.publish_languageversion"  # publish, schedule, unpublish, archive
LINK = "articles.link_languageversion"
OVERRIDE = "articles.override_findings"
DISMISS = "articles.change_finding"
IMPORT = "articles.add_importrun"  # upload a bundle in the admin, cancel its run

_CONTENT = [
    "articles.view_article",
    CHANGE_TEXT,
    "articles.view_languageversion",
    CHANGE_VERSION,
    "articles.view_sourcedocument",
    "articles.view_importrun",
    "articles.view_finding",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    TRANSLATORS: _CONTENT,
    EDITORS: [
        *_CONTENT,
        "articles.add_article",
        "articles.add_languageversion",
        "articles.delete_languageversion",
        DISMISS,
        "articles.change_sourcedocument",
        PUBLISH,
        LINK,
        OVERRIDE,
        IMPORT,
    ],
}


def user_languages(user) -> list[str]:
    """The languages `user` works in, as set in the admin ([] when none are set)."""
    if user is None or not user.is_authenticated:
        return []
    return list(UserLanguage.objects.filter(user=user).values_list("language", flat=True))


#: Why a user may not change a language's text (`text_refusals`).
NOT_THEIRS, PUBLISHED, IN_REVIEW, ARCHIVED = "not_theirs", "published", "in_review", "archived"
#: A translator's refusal by the version's state.
_LOCKED_STATES = {
    Status.PUBLISHED: PUBLISHED,
    Status.IN_REVIEW: IN_REVIEW,
    Status.ARCHIVED: ARCHIVED,
}


def text_refusals(user, article_id: int | None, languages) -> dict[str, str]:
    """The languages among `languages` whose text or state `user` may not change, and why.

    Users who may publish are refused nothing. Anyone else (a translator) is
    refused a language that is not theirs; a published version, whose text is
    what readers see (or will see, when scheduled), so changing it is publishing;
    a version in review, which waits for an editor's decision until the
    editor sends it back; and an archived version, which an editor retired.
    """
    if user is not None and user.has_perm(PUBLISH):  # no user: refused, not let through
        return {}
    languages = list(languages)
    theirs = set(user_languages(user))
    refused = {code: NOT_THEIRS for code in languages if code not in theirs}
    if article_id is not None:
        locked = LanguageVersion.objects.filter(
            article_id=article_id,
            language__in=[code for code in languages if code not in refused],
            status__in=list(_LOCKED_STATES),
        ).values_list("language", "status")
        for code, status in locked:  # not theirs says more: no state would let them
            refused.setdefault(code, _LOCKED_STATES[status])
    return dict(sorted(refused.items()))


def live_text_refused(user, article_id: int, languages) -> list[str]:
    """The languages among `languages` whose text `user` may not change (`text_refusals`)."""
    return list(text_refusals(user, article_id, languages))
