"""`{% translation_workflow_panel %}`: on the translation editor, the machine-translation
button (or how to configure an engine, or why not now), the agency and assignment links,
and who the language is assigned to."""

from django import template
from django.utils.translation import gettext as _

from articles import roles
from articles.language_names import language_name
from articles.machine_translation import configured_engine, how_to_configure
from articles.models import LANGUAGE_CODES, Assignment, MachineTranslation, Status
from articles.translation_drafts import draft_refusal

register = template.Library()


@register.inclusion_tag("admin/articles/article/_translation_workflow.html", takes_context=True)
def translation_workflow_panel(context):
    article, language = context["article"], context["language"]
    version, user = context.get("version"), context["request"].user
    engine = configured_engine()
    may_edit = bool(context.get("may_edit"))
    missing_or_outdated = version is None or version.source_changed
    return {
        "others": _other_gaps(article, language, user) if engine else [],
        "article": article,
        "language": language,
        "language_label": context.get("language_label", language),
        "language_in_sentence": context.get("language_in_sentence", language),
        "source": context.get("source", ""),
        "source_label": context.get("source_label", ""),
        "source_in_sentence": context.get("source_in_sentence", ""),
        "engine": engine.name if engine else "",
        "how_to_configure": "" if engine else _not_configured(user),
        "refusal": draft_refusal(article, language) if version is not None else "",
        "offer": may_edit and bool(context.get("source")),
        "missing_or_outdated": missing_or_outdated,
        "machine": MachineTranslation.objects.filter(article=article, language=language).first(),
        "assignment": Assignment.objects.select_related("translator")
        .filter(article=article, language=language)
        .first(),
        "may_assign": user.has_perm(roles.PUBLISH),
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }


def _not_configured(user) -> str:
    """Why there is no machine-translation button: the settings to set for an administrator
    (they run the server), a plain sentence for editors and translators."""
    if user.is_superuser:
        return how_to_configure()
    return _("Machine translation is not set up on this site; an administrator can set it up.")


def _other_gaps(article, language: str, user) -> list[tuple[str, str]]:
    """The story's other languages a machine draft could fill now: missing, or a draft
    marked outdated, and not refused to `user`; (code, name) in site order."""
    if not article.source_language or not user.has_perm(roles.CHANGE_TEXT):
        return []
    versions = {v.language: v for v in article.versions.all()}
    gaps = [
        code
        for code in LANGUAGE_CODES
        if code not in (language, article.source_language)
        and (
            code not in versions
            or (versions[code].status == Status.DRAFT and versions[code].source_changed)
        )
    ]
    refused = roles.text_refusals(user, article.pk, gaps)
    return [(code, language_name(code)) for code in gaps if code not in refused]
