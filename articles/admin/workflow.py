"""The translation workflow's admin pages: machine drafts, XLIFF for agencies, assignments.

Added to the article admin as a mixin (needs ArticleViewsMixin's `_article`, `_context`):

- `<id>/machine-translate/<lang>/` (POST): the translation editor's button; the draft
  comes from `translation_drafts.machine_translation_draft`, an engine's error is
  shown and nothing changes.
- `<id>/xliff/`: choose the source and target languages, download the XLIFF 2.1 file
  (several targets: a zip with one file each).
- `xliff-import/`: upload an agency's file; it goes into its story's target version as a
  draft, or is refused with the reason (`translation_drafts.xliff_import`).
- `<id>/assign/<lang>/`: give a language to a translator who works in it, with a due date.

Each view checks on the server who may do it (`roles`), as the other pages do; the
services do the work and their ValidationErrors become messages.
"""

from __future__ import annotations

import io
import zipfile

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles import assignments, roles, translation_drafts
from articles.language_names import language_name, name_in_sentence
from articles.models import LANGUAGE_CODES, Article, Assignment


def _language_choices(codes) -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code in codes]


class XliffExportForm(forms.Form):
    source = forms.ChoiceField(label=_("Source language"))
    targets = forms.MultipleChoiceField(
        label=_("Target languages"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One XLIFF file per language; several come as a zip."),
    )

    def __init__(self, *args, article: Article, **kwargs):
        super().__init__(*args, **kwargs)
        have = {v.language for v in article.versions.all()}
        present = [c for c in LANGUAGE_CODES if c in have]
        self.fields["source"].choices = _language_choices(present)
        # Without a marked original, the language whose title the page shows (settings order).
        self.fields["source"].initial = article.source_language or (present[0] if present else "")
        self.fields["targets"].choices = _language_choices(LANGUAGE_CODES)

    def clean(self):
        data = super().clean()
        if data.get("source") and data.get("source") in (data.get("targets") or []):
            raise ValidationError(_("The source language cannot also be a target."))
        return data


class XliffImportForm(forms.Form):
    file = forms.FileField(
        label=_("XLIFF file"), help_text=_("The file the agency returned (.xlf or .xliff).")
    )


class AssignmentForm(forms.Form):
    translator = forms.ModelChoiceField(label=_("Translator"), queryset=None)
    due_on = forms.DateField(
        label=_("Due on"),
        # A date input takes ISO only: in the French admin the localised 09/12/2026
        # would show an empty picker.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("YYYY-MM-DD"),
    )
    note = forms.CharField(
        label=_("Note for the translator"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["translator"].queryset = assignments.translators_for(language)
        self.fields["translator"].help_text = _(
            "Who works in %(language)s (their working languages, set on their user page)."
        ) % {"language": name_in_sentence(language)}


class TranslationWorkflowMixin:
    """Machine drafts, XLIFF and assignments on the article admin."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/machine-translate/<str:language>/",
                view(self.machine_translate_view),
                name="articles_article_machine_translate",
            ),
            path(
                "<path:object_id>/xliff/",
                view(self.xliff_export_view),
                name="articles_article_xliff_export",
            ),
            path("xliff-import/", view(self.xliff_import_view), name="articles_xliff_import"),
            path(
                "<path:object_id>/assign/<str:language>/",
                view(self.assign_view),
                name="articles_article_assign",
            ),
            *super().get_urls(),
        ]

    # --- machine translation --------------------------------------------------------

    def machine_translate_view(self, request, object_id, language):
        if request.method != "POST":
            raise Http404("Machine translation is a button.")
        article = self._article(request, object_id)
        if language not in LANGUAGE_CODES:
            raise Http404("No such language.")
        if not request.user.has_perm(roles.CHANGE_TEXT) or roles.text_refusals(
            request.user, article.pk, [language]
        ):
            raise PermissionDenied
        back = reverse("admin:articles_article_translate", args=[article.pk, language])
        source = request.POST.get("source") or None
        try:
            translation_drafts.machine_translation_draft(
                article=article, language=language, user=request.user, source_language=source
            )
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                _(
                    "The %(language)s version is now a machine-translated draft: review it "
                    "paragraph by paragraph beside the source, with its findings."
                )
                % {"language": name_in_sentence(language)},
                messages.SUCCESS,
            )
        return redirect(back)

    # --- XLIFF ------------------------------------------------------------------------

    def xliff_export_view(self, request, object_id):
        article = self._article(request, object_id)
        form = XliffExportForm(
            request.GET if "source" in request.GET else None,
            article=article,
            initial={"targets": request.GET.getlist("targets")},
        )
        if form.is_bound and form.is_valid():
            source, targets = form.cleaned_data["source"], form.cleaned_data["targets"]
            try:
                files = [
                    (
                        translation_drafts.xliff_export_name(article, source, target),
                        translation_drafts.xliff_export(
                            article=article, source_language=source, target_language=target
                        ),
                    )
                    for target in targets
                ]
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return _download(article, source, files)
        context = self._context(
            request,
            article,
            _("Send “%(article)s” to a translation agency") % {"article": article},
            form=form,
            import_url=reverse("admin:articles_xliff_import"),
        )
        return TemplateResponse(request, "admin/articles/article/xliff_export.html", context)

    def xliff_import_view(self, request):
        if not request.user.has_perm(roles.CHANGE_TEXT):
            raise PermissionDenied
        form = XliffImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > settings.NEWSROOM_IMPORT_MAX_BYTES:
                form.add_error("file", _("The file is too large."))
            else:
                try:
                    versions = translation_drafts.xliff_import(
                        data=upload.read(), user=request.user
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    for version in versions:
                        self.message_user(
                            request,
                            _(
                                "The %(language)s translation from the agency is now the draft of "
                                "“%(article)s”: review it with its findings."
                            )
                            % {
                                "language": name_in_sentence(version.language),
                                "article": version.article,
                            },
                            messages.SUCCESS,
                        )
                    first = versions[0]
                    return redirect(
                        reverse(
                            "admin:articles_article_translate",
                            args=[first.article_id, first.language],
                        )
                    )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Load an XLIFF file from a translation agency"),
            "form": form,
        }
        return TemplateResponse(request, "admin/articles/xliff_import.html", context)

    # --- assignments -------------------------------------------------------------------

    def assign_view(self, request, object_id, language):
        article = self._article(request, object_id)
        if language not in LANGUAGE_CODES:
            raise Http404("No such language.")
        if not request.user.has_perm(roles.PUBLISH):
            raise PermissionDenied
        current = Assignment.objects.filter(article=article, language=language).first()
        initial = {"due_on": timezone.localdate() + timezone.timedelta(days=2)}
        if current is not None:
            initial = {
                "translator": current.translator,
                "due_on": current.due_on,
                "note": current.note,
            }
        form = AssignmentForm(request.POST or None, language=language, initial=initial)
        if request.method == "POST" and request.POST.get("cancel") and current is not None:
            assignments.assignment_cancel(assignment=current, user=request.user)
            self.message_user(request, _("The assignment was withdrawn."), messages.SUCCESS)
            return redirect(reverse("admin:articles_article_changelist"))
        if request.method == "POST" and form.is_valid():
            try:
                assignment = assignments.assignment_create(
                    article=article,
                    language=language,
                    translator=form.cleaned_data["translator"],
                    due_on=form.cleaned_data["due_on"],
                    note=form.cleaned_data["note"],
                    user=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.message_user(
                    request,
                    _("%(user)s has the %(language)s version, due on %(date)s; they were e-mailed.")
                    % {
                        "user": assignment.translator.get_username(),
                        "language": name_in_sentence(language),
                        "date": f"{assignment.due_on:%Y-%m-%d}",
                    },
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:articles_article_changelist"))
        context = self._context(
            request,
            article,
            _("Assign the %(language)s version of “%(article)s”")
            % {"language": name_in_sentence(language), "article": article},
            form=form,
            language=language,
            current=current,
        )
        return TemplateResponse(request, "admin/articles/article/assign.html", context)


def assignee(article: Article, language: str):
    """The article list's note of who has `language` and by when ("" if no one): the
    translator's name in the cell, the due date on hover. Reads `open_assignments`, which
    the list prefetches (absent elsewhere: nothing shown)."""
    today = timezone.localdate()
    for assignment in getattr(article, "open_assignments", ()):
        if assignment.language != language:
            continue
        overdue = assignment.is_overdue(today)
        title = (
            _("Assigned to %(user)s, overdue since %(date)s")
            if overdue
            else _("Assigned to %(user)s, due on %(date)s")
        ) % {"user": assignment.translator.get_username(), "date": f"{assignment.due_on:%Y-%m-%d}"}
        return format_html(
            '<span class="nr-assignee{}" title="{}">→ {}</span>',
            " nr-assignee-overdue" if overdue else "",
            title,
            assignment.translator.get_username(),
        )
    return ""


def _download(article: Article, source: str, files: list[tuple[str, bytes]]) -> HttpResponse:
    if len(files) == 1:
        name, data = files[0]
        response = HttpResponse(data, content_type="application/xliff+xml; charset=utf-8")
    else:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for file_name, data in files:
                archive.writestr(file_name, data)
        name = f"article-{article.pk}-{source}-xliff.zip"
        response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
