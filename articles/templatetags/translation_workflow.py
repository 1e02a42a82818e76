"""`{% translation_workflow_panel %}`: on the translation editor, the machine-translation
button (or how to configure an engine, or why not now), the agency and assignment links,
and who the language is assigned to."""

from django import template

from articles import roles
from articles.machine_translation import configured_engine, how_to_configure
from articles.models import Assignment, MachineTranslation
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
        "article": article,
        "language": language,
        "language_label": context.get("language_label", language),
        "source": context.get("source", ""),
        "source_label": context.get("source_label", ""),
        "engine": engine.name if engine else "",
        "how_to_configure": "" if engine else how_to_configure(),
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
