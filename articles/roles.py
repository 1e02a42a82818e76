"""The newsroom's roles, as Django groups and permissions.

Editors publish, schedule, unpublish, link versions and override findings.
Translators edit text and submit it for review; they are refused publishing.
The data migration creates the groups; `ROLE_PERMISSIONS` is the one place
that says who may do what.
"""

EDITORS = "Editors"
TRANSLATORS = "Translators"

_CONTENT = [
    "articles.view_article",
    "articles.change_article",
    "articles.view_languageversion",
    "articles.change_languageversion",
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
        "articles.change_finding",
        "articles.change_sourcedocument",
        "articles.publish_languageversion",
        "articles.link_languageversion",
        "articles.override_findings",
    ],
}


def live_text_refused(user, article_id: int, languages) -> list[str]:
    """The languages among `languages` whose text `user` may not change.

    A published version's text is what readers see (or will see, when
    scheduled): changing it is publishing, so only users who may publish may.
    """
    if user.has_perm("articles.publish_languageversion"):
        return []
    from articles.models import LanguageVersion, Status

    return sorted(
        LanguageVersion.objects.filter(
            article_id=article_id, language__in=list(languages), status=Status.PUBLISHED
        ).values_list("language", flat=True)
    )
