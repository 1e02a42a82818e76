"""Linking a version by hand, without typing numbers.

Another article is found by its title in any language with the admin's own
autocomplete (select2 over ArticleAdmin.search_fields, the widget
`autocomplete_fields` uses), and previewed before anything changes: "Preview"
shows the candidate's versions (or the file's text) and only "Link" links. A
file goes to the slot of its detected language unless the editor chooses
another; a slot of another language than the one detected is suspicious (the
readers of that slot would get another language) and needs a confirmation
that says why.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect, get_select2_language
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import services
from articles.admin import confirm
from articles.language_names import LANGUAGE_NAMES, name_in_sentence
from articles.models import LANGUAGE_CODES, Article, SourceDocument, split_body

#: How much of a candidate's text the preview shows.
PREVIEW_PARAGRAPHS = 2


class DocumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, document: SourceDocument) -> str:
        return gettext("%(name)s · detected: %(language)s (%(confidence).2f)") % {
            "name": document.name,
            "language": document.detected_language or "?",
            "confidence": document.confidence,
        }


class LinkForm(forms.Form):
    document = DocumentChoiceField(
        SourceDocument.objects.unlinked(),
        required=False,
        label=_("an unlinked source document"),
    )
    other_article = forms.ModelChoiceField(
        Article.objects.all(),
        required=False,
        label=_("or a version of another article (search its title or text in any language)"),
        # The admin's autocomplete: SourceDocument.article is a foreign key to Article,
        # whose admin's search_fields (titles in every language) answer the search.
        widget=AutocompleteSelect(SourceDocument._meta.get_field("article"), admin.site),
    )
    language = forms.ChoiceField(
        choices=[("", _("— the document's detected language —")), *LANGUAGE_NAMES.items()],
        required=False,
        label=_("language slot"),
    )
    replace = forms.BooleanField(
        required=False,
        label=_("replace the version already in that slot (its text stays in the history)"),
    )
    confirm = forms.BooleanField(
        required=False, label=_("put the file in that slot although it was detected otherwise")
    )

    def __init__(self, *args, article: Article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.fields["other_article"].queryset = Article.objects.exclude(pk=article.pk)
        # The widget was built at import, in no one's language: its search box would say
        # "Searching…" and "No results found" in English to a French editor.
        self.fields["other_article"].widget.i18n_name = get_select2_language()

    def clean(self):
        data = super().clean()
        document, other = data.get("document"), data.get("other_article")
        if bool(document) == bool(other):
            raise ValidationError(_("Choose either a source document or another article."))
        language = data.get("language")
        if other and not language:  # the other article's one language, when it has one
            only = list(other.versions.values_list("language", flat=True)[:2])
            if len(only) == 1:
                language = data["language"] = only[0]
        if other and not language:
            raise ValidationError(_("Choose which language of the other article to attach."))
        if other and language and not other.versions.filter(language=language).exists():
            raise ValidationError(
                _("“%(article)s” has no %(language)s version.")
                % {"article": other, "language": name_in_sentence(language)}
            )
        detected = document.detected_language if document else ""
        if document and language and language != detected and not data.get("confirm"):
            self.add_error(
                "confirm",
                _(
                    "This file was detected as %(detected)s (confidence %(confidence).2f), not "
                    "%(language)s: in the %(language)s slot, %(language)s readers would get "
                    "%(detected)s text. Tick this box if the detection is wrong."
                )
                % {
                    "detected": name_in_sentence(detected),
                    "confidence": document.confidence,
                    "language": name_in_sentence(language),
                },
            )
        return data


def preview(form: LinkForm) -> dict | None:
    """What the chosen candidate holds, to look at before linking: plain data."""
    if not hasattr(form, "cleaned_data"):
        return None
    document = form.cleaned_data.get("document")
    other = form.cleaned_data.get("other_article")
    if document:
        return {
            "kind": "document",
            "title": document.name,
            "language": document.detected_language,
            "versions": [
                {
                    "language": document.detected_language,
                    "name": services.language_name(document.detected_language),
                    "title": "",
                    "paragraphs": split_body(document.raw_text)[: PREVIEW_PARAGRAPHS + 1],
                }
            ],
        }
    if other:
        return {
            "kind": "article",
            "title": str(other),
            "id": other.pk,
            "versions": [
                {
                    "language": version.language,
                    "name": services.language_name(version.language),
                    "title": version.text("title"),
                    "paragraphs": [
                        p for p in [version.text("lede"), *split_body(version.text("body"))] if p
                    ][:PREVIEW_PARAGRAPHS],
                }
                for version in sorted(
                    other.versions.all(), key=lambda v: LANGUAGE_CODES.index(v.language)
                )
            ],
        }
    return None


def link_view(modeladmin, request, article: Article, context):
    """The link page: choose (search), preview, confirm if suspicious, link."""
    form = LinkForm(request.POST or None, article=article)
    if request.method == "POST" and "preview" not in request.POST and form.is_valid():
        data = form.cleaned_data
        slot = data["language"] or (data["document"].detected_language if data["document"] else "")
        existing = article.versions.filter(language=slot).first() if data["replace"] else None
        change = confirm.replace_change(existing) if existing else ""
        if change and not confirm.confirmed(request):
            return confirm.page(
                modeladmin,
                request,
                article,
                title=gettext("Replace the published %(language)s version?")
                % {"language": name_in_sentence(slot)},
                changes=[change],
                button=gettext("Yes, replace it"),
                cancel_url=modeladmin._review_url(article, slot),
            )
        try:
            if data["document"]:
                version = services.link_document(
                    article=article,
                    document=data["document"],
                    language=data["language"] or None,
                    replace=data["replace"],
                    user=request.user,
                )
            else:
                version = services.attach_version(
                    article=article,
                    version=services.version_get(
                        article=data["other_article"], language=data["language"]
                    ),
                    replace=data["replace"],
                    user=request.user,
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            modeladmin.message_user(
                request,
                gettext("Linked the %(language)s version.")
                % {"language": name_in_sentence(version.language)},
                messages.SUCCESS,
            )
            return redirect(modeladmin._review_url(article, version.language))
    if form.is_bound:
        form.is_valid()  # a preview is a check too: it says what is wrong before linking
    shown = preview(form)
    context.update(form=form, preview=shown, media=modeladmin.media + form.media)
    return TemplateResponse(request, "admin/articles/article/link.html", context)
