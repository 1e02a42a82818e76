"""The newsroom's roles, as Django groups and permissions.

Editors publish, schedule, unpublish, link versions and override findings.
Translators edit text and submit it for review; they are refused publishing.
`ROLE_PERMISSIONS` is the one place that says who may do what; migrations
create the groups from a frozen copy (see migration 0002), so a change here
needs a new data migration (tests/test_roles.py checks that they agree).
"""

from articles.models import LanguageVersion, Status

EDITORS = "Editors"
TRANSLATORS = "Translators"

# The permissions the admin checks, named by what they allow.
CHANGE_TEXT = "articles.change_article"
CHANGE_VERSION = "articles.change_languageversion"  # submit for review, mark reviewed
PUBLISH = "articles.publish_languageversion"  # publish, schedule, unpublish, archive
LINK = "articles.link_languageversion"
OVERRIDE = "articles.override_findings"
DISMISS = "articles.change_finding"

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
    ],
}


def live_text_refused(user, article_id: int, languages) -> list[str]:
    """The languages among `languages` whose text `user` may not change.

    A published version's text is what readers see (or will see, when
    scheduled): changing it is publishing, so only users who may publish may.
    """
    if user is not None and user.has_perm(PUBLISH):  # no user: refused, not let through
        return []
    return sorted(
        LanguageVersion.objects.filter(
            article_id=article_id, language__in=list(languages), status=Status.PUBLISHED
        ).values_list("language", flat=True)
    )
