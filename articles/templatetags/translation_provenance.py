"""`{% provenance article %}`: the story page's note that a version began as a machine
translation, and its JSON-LD (articles/provenance.py decides; `articles/_provenance.html`
lays it out)."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles.provenance import provenance as provenance_of

register = template.Library()


@register.inclusion_tag("articles/_provenance.html", takes_context=True)
def provenance(context, article):
    language = get_language()
    found = provenance_of(article, language)
    if found is None:
        return {"provenance": None}
    url = context.get("canonical_url", "")
    return {
        "provenance": found,
        "label": found.label,
        "source_language": found.source_language,
        # Escaped for a <script> element by Provenance.json_ld (no "<", ">" or "&" left).
        "json_ld": mark_safe(found.json_ld(language, url)),
    }
