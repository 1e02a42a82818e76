"""The translation editor: one language's text in one form, its source beside it.

/admin/articles/article/<id>/translate/<language>/ shows every field of the
language (title, slug, lede, the body paragraph by paragraph or as one text, key
points, attribution) next to the source version, read-only, paragraph for
paragraph. The source is the version marked as source, or the one the editor
picks (`?source=de`); editing the source itself shows another version beside it.
The language's open findings sit next to the paragraphs they concern, their words
marked, with the fix where one exists.

Saving goes through `services.save_text` (history, checks, "source changed"
flags). The form carries the text's checksum as it was opened; if someone saved
meanwhile, nothing is written and the page shows their text beside this editor's,
which stays in the form: saving again then replaces theirs, knowingly.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from articles import roles, services, working_copies
from articles.admin import findings as finding_display
from articles.admin.forms import refusal_message
from articles.admin.source_diff import source_changes
from articles.admin.views import FIELD_LABELS, run_workflow
from articles.language_names import name_in_sentence
from articles.models import (
    CONTENT_FIELDS,
    LANGUAGE_CODES,
    STATE_LABELS,
    Article,
    Finding,
    LanguageVersion,
    content_checksum,
    localized,
    split_body,
)
from articles.transitions import allowed

PARAGRAPHS, ONE_TEXT = "paragraphs", "text"


class TranslationForm(forms.Form):
    """One language's fields; the body as `body_0`, `body_1`, … or as one `body`."""

    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    slug = forms.SlugField(
        label=_("Slug"),
        max_length=200,
        required=False,
        help_text=_("The page's address; made from the title if left empty."),
    )
    lede = forms.CharField(
        label=_("Lede"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    key_points = forms.CharField(
        label=_("Key points"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One point per line."),
    )
    source_attribution = forms.CharField(label=_("Attribution"), max_length=300, required=False)
    opened = forms.CharField(widget=forms.HiddenInput)
    mode = forms.ChoiceField(
        choices=[(PARAGRAPHS, PARAGRAPHS), (ONE_TEXT, ONE_TEXT)], widget=forms.HiddenInput
    )

    def __init__(self, *args, paragraphs: int, mode: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.paragraph_names = []
        if mode == ONE_TEXT:
            self.fields["body"] = forms.CharField(
                label=_("Body"),
                widget=forms.Textarea(attrs={"rows": 24}),
                required=False,
                help_text=_("Paragraphs separated by a blank line; “## ” starts a subheading."),
            )
            return
        for index in range(paragraphs):
            name = f"body_{index}"
            self.fields[name] = forms.CharField(
                label=_("Paragraph %(n)d") % {"n": index + 1},
                widget=forms.Textarea(attrs={"rows": 4}),
                required=False,
            )
            self.paragraph_names.append(name)

    def texts(self) -> dict[str, str]:
        data = self.cleaned_data
        texts = {field: data.get(field, "") for field in CONTENT_FIELDS if field != "body"}
        if "body" in self.fields:
            texts["body"] = data.get("body", "")
        else:
            # An emptied paragraph is a removed one; a blank line inside one splits it.
            texts["body"] = "\n\n".join(
                data[name].strip() for name in self.paragraph_names if data.get(name, "").strip()
            )
        return texts


def initial_of(article: Article, language: str, paragraphs: int) -> dict:
    initial = {field: article.text(field, language) for field in CONTENT_FIELDS}
    for index, block in enumerate(split_body(initial["body"])):
        initial[f"body_{index}"] = block
    initial["opened"] = content_checksum(article, language, slug=True)
    return initial


class TranslateViewMixin:
    """Adds the translation editor to the article admin (needs ArticleViewsMixin's helpers)."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/translate/<str:language>/",
                view(self.translate_view),
                name="articles_article_translate",
            ),
            *super().get_urls(),
        ]

    def translate_view(self, request, object_id, language):
        article = self._article(request, object_id)
        if language not in LANGUAGE_CODES:
            raise Http404("No such language.")
        versions = {v.language: v for v in article.versions.select_related("updated_by")}
        copy = versions.get(language)
        if working_copies.has_working_copy(copy):  # the editor works on the next text
            for field, text in working_copies.texts_of(copy).items():
                setattr(article, localized(field, language), text)
        source = _source_language(request, article, language, versions)
        source_blocks = split_body(article.text("body", source)) if source else []
        target_blocks = split_body(article.text("body", language))
        mode = ONE_TEXT if request.GET.get("body") == ONE_TEXT else PARAGRAPHS
        # One spare field after the longer of the two texts, to add a paragraph.
        paragraphs = max(len(source_blocks), len(target_blocks)) + 1
        reason = roles.text_refusals(request.user, article.pk, [language]).get(language)
        refused = refusal_message(language, reason) if reason else ""
        may_edit = request.user.has_perm(roles.CHANGE_TEXT) and not refused
        conflict = None
        if request.method == "POST":
            if not may_edit:
                raise PermissionDenied
            mode = ONE_TEXT if request.POST.get("mode") == ONE_TEXT else PARAGRAPHS
            paragraphs = max(paragraphs, sum(1 for key in request.POST if key.startswith("body_")))
            form = TranslationForm(request.POST, paragraphs=paragraphs, mode=mode)
            version = versions.get(language)
            if form.is_valid() and services.edits_wait(version):
                # A published version's edits wait as a working copy; readers keep its text.
                try:
                    working_copies.save_working_copy(
                        version=version,
                        texts=form.texts(),
                        user=request.user,
                        opened_checksum=form.cleaned_data["opened"],
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    self.message_user(
                        request,
                        _(
                            "Saved as the working copy of the %(language)s text: readers still "
                            "see the published text until you publish the working copy."
                        )
                        % {"language": name_in_sentence(language)},
                        messages.SUCCESS,
                    )
                    return redirect(request.get_full_path())
            elif form.is_valid():
                # Readers never see this text before it is published: no confirmation.
                try:
                    saved = services.save_text(
                        article=article,
                        language=language,
                        texts=form.texts(),
                        user=request.user,
                        opened_checksum=form.cleaned_data["opened"],
                    )
                except services.TextConflict as exc:
                    conflict = _conflict(exc, form.texts())
                    # Saving again replaces their text: the editor has now seen it.
                    data = request.POST.copy()
                    data["opened"] = content_checksum(
                        Article.objects.get(pk=article.pk), language, slug=True
                    )
                    form = TranslationForm(data, paragraphs=paragraphs, mode=mode)
                    form.is_valid()
                    form.add_error(None, exc.messages[0])
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    done = _("Saved the %(language)s text.") % {
                        "language": name_in_sentence(language)
                    }
                    self.message_user(request, done, messages.SUCCESS)
                    if request.POST.get("then") == "submit" and saved is not None:
                        # "Save and submit for review": the text typed is saved first, so
                        # submitting never leaves it behind in the page.
                        run_workflow(
                            self, request, LanguageVersion.objects.filter(pk=saved.pk), "submit", {}
                        )
                    return redirect(request.get_full_path())
        else:
            form = TranslationForm(
                initial=initial_of(article, language, paragraphs),
                paragraphs=paragraphs,
                mode=mode,
            )
            form.initial["mode"] = mode
        if not may_edit:
            for field in form.fields.values():
                field.disabled = True
        version = versions.get(language)
        findings = []
        if version is not None:
            findings = list(Finding.objects.open().filter(version=version))
            finding_display.annotate(
                findings, user=request.user, article=article, languages=list(versions)
            )
        by_paragraph, general = finding_display.place(findings, target_blocks)
        by_field: dict[str, list] = {}
        for finding in list(general):
            field = finding_display.FIELD_OF_KIND.get(finding.kind)
            if field:
                by_field.setdefault(field, []).append(finding)
                general.remove(finding)
        words = [w for f in findings for w in f.words]
        changed = (
            source_changes(article, language, source)
            if source and version is not None and version.source_changed
            else {}
        )
        rows = []
        if mode == PARAGRAPHS:
            for index, name in enumerate(form.paragraph_names):
                own = target_blocks[index] if index < len(target_blocks) else ""
                longer = max(
                    len(own), len(source_blocks[index]) if index < len(source_blocks) else 0
                )
                # Tall enough for the paragraph (about 70 characters a line), within reason.
                form.fields[name].widget.attrs["rows"] = min(16, max(3, longer // 70 + 2))
                rows.append(
                    {
                        "number": index + 1,
                        "source": source_blocks[index] if index < len(source_blocks) else "",
                        "field": form[name],
                        "source_diff": changed.get(index),
                        "findings": by_paragraph.get(index, []),
                        "marked": finding_display.mark(own, words)
                        if by_paragraph.get(index)
                        else "",
                    }
                )
        context = self._context(
            request,
            article,
            _("%(language)s text of %(article)s")
            % {"language": name_in_sentence(language), "article": article},
            form=form,
            language=language,
            language_label=services.language_name(language),
            language_in_sentence=name_in_sentence(language),
            version=version,
            state_label=STATE_LABELS[version.display_status] if version else _("No version yet"),
            source=source,
            source_label=services.language_name(source) if source else "",
            source_in_sentence=name_in_sentence(source) if source else "",
            source_text={field: article.text(field, source) for field in CONTENT_FIELDS}
            if source
            else {},
            source_choices=[
                (code, services.language_name(code)) for code in versions if code != language
            ],
            rows=rows,
            mode=mode,
            general_findings=general,
            field_findings=by_field,
            findings=findings,
            may_edit=may_edit,
            # The translator's next step beside their save: the same move as the review
            # page's "Submit for review" (the workflow view, the transitions table's rule).
            may_submit=may_edit
            and version is not None
            and request.user.has_perm(roles.CHANGE_VERSION)
            and allowed("submit", version.status),
            refused=refused,
            working_copy=working_copies.has_working_copy(version),
            conflict=conflict,
            title_marked=finding_display.mark(article.text("title", language), words)
            if finding_display.contains(article.text("title", language), words)
            else "",
        )
        return TemplateResponse(request, "admin/articles/article/translate.html", context)


def _source_language(request, article: Article, language: str, versions: dict) -> str:
    """The version shown beside `language`: the editor's pick, the source, else another one."""
    others = [code for code in LANGUAGE_CODES if code in versions and code != language]
    wanted = request.GET.get("source", "")
    if wanted in others:
        return wanted
    if article.source_language in others:
        return article.source_language
    return others[0] if others else ""


def _conflict(exc: services.TextConflict, yours: dict[str, str]) -> list[dict]:
    """The fields that differ between the text saved meanwhile and this editor's."""
    labels = dict(zip(CONTENT_FIELDS, FIELD_LABELS, strict=True))
    return [
        {
            "label": labels[field],
            "theirs": exc.current.get(field, ""),
            "yours": yours.get(field, ""),
        }
        for field in CONTENT_FIELDS
        if (exc.current.get(field, "") or "").strip() != (yours.get(field, "") or "").strip()
    ]
