"""`{% provenance article %}`: the line saying where a version comes from, for pages that
have no story metadata (the admin's preview), worded as readers will get it
(`articles.reader_meta.provenance_line`; `articles/_provenance.html` lays it out)."""

from django import template
from django.utils.translation import get_language

from articles.provenance import provenance as machine_provenance
from articles.reader_meta import provenance_line

register = template.Library()


@register.inclusion_tag("articles/_provenance.html")
def provenance(article):
    language = get_language()
    live = {version.language: version for version in getattr(article, "live_versions", ())}
    machine = machine_provenance(article, language)
    return {"provenance": provenance_line(article, language, live, machine)}
