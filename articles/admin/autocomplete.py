"""The admin's autocomplete, saying which article a result is: "#12 Title · EN draft, FR live".

Django's autocomplete shows `str(obj)`, a bare title: two stories with one headline, or a
story and its own translation, look alike when linking by hand. For articles each result
says its number, languages and their states; searching also reads the text (the titles
alone miss a story whose headline was never translated). Other models are as Django has them.
"""

from __future__ import annotations

from django.contrib.admin.views.autocomplete import AutocompleteJsonView

from articles.models import LANGUAGE_CODES, STATE_LABELS, Article


def describe(article: Article) -> str:
    versions = sorted(article.versions.all(), key=lambda v: LANGUAGE_CODES.index(v.language))
    states = ", ".join(
        f"{v.language.upper()} {str(STATE_LABELS[v.display_status]).lower()}" for v in versions
    )
    return f"#{article.pk} {article} · {states or '-'}"


class ArticleAutocompleteView(AutocompleteJsonView):
    def get_queryset(self):
        queryset = super().get_queryset()
        if queryset.model is Article:
            queryset = queryset.prefetch_related("versions")
        return queryset

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Article):
            result["text"] = describe(obj)
        return result
