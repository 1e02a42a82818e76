"""The editors' home: articles with all their languages, and the per-language workflow.

The list shows each article's versions as state badges, its open findings and
its import; its queryset prefetches the versions and annotates the findings
count, so a page costs the same few queries at 50 or 10,000 articles.
Workflow changes go through articles.services; the admin only decides who may
ask (Django permissions, checked again on the server for every request) and
turns a ValidationError into a message. The review, link, history and findings
pages live in articles/admin_views.py.
"""

from __future__ import annotations

import functools

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from articles import history, roles, services
from articles.admin_forms import ArticleAdminForm
from articles.admin_views import STATE_LABELS, ArticleViewsMixin, run_workflow
from articles.models import (
    LANGUAGE_CODES,
    Article,
    Finding,
    ImportRun,
    LanguageVersion,
    SourceDocument,
    Status,
    localized,
)

LANGUAGE_CHOICES = [("", "—"), *((code, services.language_name(code)) for code in LANGUAGE_CODES)]


def state_badge(version: LanguageVersion, label: str | None = None):
    return _badge(
        translation.get_language(),
        version.language,
        version.display_status,
        version.source_changed,
        label,
    )


@functools.lru_cache(maxsize=1024)
def _badge(active: str, language: str, state: str, outdated: bool, label: str | None):
    """A badge depends on few values: built once per combination (the list shows hundreds)."""
    return format_html(
        '<span class="nr-badge nr-{}" title="{}">{}{}</span>',
        state,
        f"{services.language_name(language)}: {STATE_LABELS[state]}",
        label or STATE_LABELS[state],
        " ⚠" if outdated else "",
    )


def changelist_url(model: str) -> str:
    """The admin list URL of `model`; row links append "<pk>/…" rather than reverse per row."""
    return _changelist_url(get_script_prefix(), model)


@functools.lru_cache(maxsize=16)
def _changelist_url(_prefix: str, model: str) -> str:
    return reverse(f"admin:articles_{model}_changelist")


def open_findings_count(outer: str):
    """Subquery: open findings of the article at `outer` (one per row, no GROUP BY)."""
    counts = (
        Finding.objects.open()
        .filter(version__article=OuterRef(outer))
        .order_by()
        .values("version__article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


class WorkflowActionForm(ActionForm):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)
    publish_at = forms.DateTimeField(
        label=_("at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave empty to publish now; a future time schedules."),
    )
    override_reason = forms.CharField(label=_("override reason"), required=False)


class WorkflowActionsMixin:
    """What the article list and the version list share: the workflow actions, who
    may ask for which, and the action form's data."""

    action_form = WorkflowActionForm
    actions = ["submit_for_review", "publish", "unpublish", "archive", "mark_reviewed"]

    def has_publish_permission(self, request):
        return request.user.has_perm(roles.PUBLISH)

    def has_submit_permission(self, request):
        return request.user.has_perm(roles.CHANGE_VERSION)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        # The publication time and the override reason serve publishing only: not shown to
        # those who may not publish (or override).
        form = getattr(response, "context_data", {}).get("action_form")
        if form is not None:
            if not self.has_publish_permission(request):
                form.fields.pop("publish_at", None)
            if not request.user.has_perm(roles.OVERRIDE):
                form.fields.pop("override_reason", None)
        return response

    def response_action(self, request, queryset):
        # Django answers any unreadable field with "No action selected."; say what is wrong.
        form = self._action_form(request)
        if not form.is_valid() and "action" not in form.errors:
            problems = "; ".join(
                f"{form.fields[name].label}: {' '.join(errors)}"
                for name, errors in form.errors.items()
            )
            self.message_user(request, problems, messages.ERROR)
            return None
        return super().response_action(request, queryset)

    def _action_data(self, request) -> dict:
        """The action form's data (Django has validated it before calling the action)."""
        form = self._action_form(request)
        form.is_valid()
        return form.cleaned_data

    def _action_form(self, request) -> WorkflowActionForm:
        form = self.action_form(request.POST)
        form.fields["action"].choices = self.get_action_choices(request)
        return form


class LanguagePresentFilter(admin.SimpleListFilter):
    title = _("language present")
    parameter_name = "language"
    present = True

    def lookups(self, request, model_admin):
        return LANGUAGE_CHOICES[1:]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        has_it = Exists(
            LanguageVersion.objects.filter(article=OuterRef("pk"), language=self.value())
        )
        return queryset.filter(has_it) if self.present else queryset.exclude(has_it)


class LanguageMissingFilter(LanguagePresentFilter):
    title = _("language missing")
    parameter_name = "missing"
    present = False


class StateFilter(admin.SimpleListFilter):
    """State of the version in the language chosen under "language present" (else any)."""

    title = _("state (of the language chosen above)")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return list(STATE_LABELS.items())

    def queryset(self, request, queryset):
        state = self.value()
        if not state:
            return queryset
        versions = LanguageVersion.objects.filter(article=OuterRef("pk"))
        if state == "scheduled":
            versions = versions.scheduled()
        elif state == Status.PUBLISHED:
            versions = versions.published()
        else:
            versions = versions.filter(status=state)
        language = request.GET.get(LanguagePresentFilter.parameter_name)
        if language:
            versions = versions.filter(language=language)
        return queryset.filter(Exists(versions))


class HasFindingsFilter(admin.SimpleListFilter):
    title = _("open findings")
    parameter_name = "findings"

    def lookups(self, request, model_admin):
        return [("yes", _("Has open findings")), ("no", _("None open"))]

    def queryset(self, request, queryset):
        has = Exists(Finding.objects.open().filter(version__article=OuterRef("pk")))
        if self.value() == "yes":
            return queryset.filter(has)
        if self.value() == "no":
            return queryset.exclude(has)
        return queryset


class LanguageVersionInline(admin.TabularInline):
    """Each language's state, read-only here: state changes are workflow actions."""

    model = LanguageVersion
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "language",
        "state",
        "published_at",
        "source_changed",
        "title_derived",
        "link_score",
        "override_reason",
        "updated_by",
    )

    def has_add_permission(self, request, obj=None):
        return False  # typing text in a language's tab creates its version

    @admin.display(description=_("state"))
    def state(self, version):
        return state_badge(version)


@admin.register(Article)
class ArticleAdmin(WorkflowActionsMixin, ArticleViewsMixin, TabbedTranslationAdmin):
    form = ArticleAdminForm
    list_display = ("headline", "languages", "findings", "import_run_link", "created_at")
    list_filter = (
        LanguagePresentFilter,
        LanguageMissingFilter,
        StateFilter,
        HasFindingsFilter,
        "import_run",
    )
    search_fields = [localized("title", code) for code in LANGUAGE_CODES]
    list_select_related = ("import_run",)
    list_per_page = 50
    # Newest first by insertion: the primary key is indexed, created_at is not, and
    # sorting every wide row by it cost more than the rest of the page's queries.
    ordering = ("-pk",)
    readonly_fields = ("source_language", "import_run", "created_at", "updated_at")
    inlines = [LanguageVersionInline]
    change_form_template = "admin/articles/article/change_form.html"

    class Media:
        css = {"all": ["articles/admin/workflow.css"]}

    def get_queryset(self, request):
        versions = LanguageVersion.objects.order_by()
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("versions", queryset=versions))
            .annotate(open_findings=open_findings_count("pk"))
        )

    # --- columns ----------------------------------------------------------------

    @admin.display(description=_("title"), ordering=localized("title", "en"))
    def headline(self, article):
        return str(article)  # the first title it has; the admin links the first column

    @admin.display(description=_("languages"))
    def languages(self, article):
        by_language = {v.language: v for v in article.versions.all()}
        review = f"{changelist_url('article')}{article.pk}/review/"
        return format_html_join(
            " ",
            '<a href="{}#lang-{}">{}</a>',
            (
                (review, code, state_badge(by_language[code], code.upper()))
                for code in LANGUAGE_CODES
                if code in by_language
            ),
        )

    @admin.display(description=_("open findings"), ordering="open_findings")
    def findings(self, article):
        if not article.open_findings:
            return "-"
        return format_html('<span class="nr-count">{}</span>', article.open_findings)

    @admin.display(description=_("import"), ordering="import_run")
    def import_run_link(self, article):
        if article.import_run_id is None:
            return "-"
        url = f"{changelist_url('importrun')}{article.import_run_id}/change/"
        return format_html('<a href="{}">#{}</a>', url, article.import_run_id)

    # --- saving ---------------------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user  # its check refuses live-text edits by those who may not publish
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.article_text_changed(
            article=form.instance, before=form.text_before, user=request.user
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            states = {
                # Keyed like modeltranslation's tabs: the column suffix ("ind" for Indonesian).
                localized("", v.language).lstrip("_"): {
                    "state": v.display_status,
                    "label": str(STATE_LABELS[v.display_status]),
                    "when": f"{v.published_at:%Y-%m-%d %H:%M %Z}" if v.published_at else "",
                }
                for v in obj.versions.all()
            }
            context.update(
                open_findings=Finding.objects.open()
                .filter(version__article=obj)
                .select_related("version"),
                version_states=states,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        article = self.get_object(request, object_id) if object_id else None
        if article is not None and request.method == "POST":
            history.ensure_baseline(article)
        with history.revision(user=request.user, comment="Edited in the admin"):
            return super().changeform_view(request, object_id, form_url, extra_context)

    # --- actions on the selected articles' version in the chosen language ----------

    def _act(self, request, queryset, operation):
        data = self._action_data(request)
        language = data.get("language")
        if not language:
            self.message_user(
                request, _("Choose the language to act on next to the action."), messages.ERROR
            )
            return
        versions = LanguageVersion.objects.filter(article__in=queryset, language=language)
        skipped = queryset.count() - versions.count()
        run_workflow(self, request, versions, operation, data)
        if skipped:
            self.message_user(
                request,
                _("%(n)d selected article(s) have no %(language)s version.")
                % {"n": skipped, "language": services.language_name(language)},
                messages.WARNING,
            )

    @admin.action(description=_("Submit the chosen language for review"), permissions=["submit"])
    def submit_for_review(self, request, queryset):
        self._act(request, queryset, "submit")

    @admin.action(description=_("Publish or schedule the chosen language"), permissions=["publish"])
    def publish(self, request, queryset):
        self._act(request, queryset, "publish")

    @admin.action(description=_("Unpublish the chosen language"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._act(request, queryset, "unpublish")

    @admin.action(description=_("Archive the chosen language"), permissions=["publish"])
    def archive(self, request, queryset):
        self._act(request, queryset, "archive")

    @admin.action(
        description=_("Mark the chosen language reviewed against its source"),
        permissions=["submit"],
    )
    def mark_reviewed(self, request, queryset):
        self._act(request, queryset, "reviewed")


@admin.register(LanguageVersion)
class LanguageVersionAdmin(WorkflowActionsMixin, admin.ModelAdmin):
    """Versions one by one: select some and act on exactly those."""

    list_display = ("__str__", "language", "state", "published_at", "source_changed", "findings")
    list_filter = ("language", "status", "source_changed", "title_derived")
    search_fields = [f"article__{localized('title', code)}" for code in LANGUAGE_CODES]
    list_select_related = ("article",)
    readonly_fields = [f.name for f in LanguageVersion._meta.fields]

    class Media:
        css = {"all": ["articles/admin/workflow.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                open_findings=Count("findings", filter=Q(findings__dismissed_at__isnull=True))
            )
        )

    def has_add_permission(self, request):
        return False  # versions come from text, links and imports

    @admin.display(description=_("state"))
    def state(self, version):
        return state_badge(version)

    @admin.display(description=_("open findings"), ordering="open_findings")
    def findings(self, version):
        return version.open_findings

    def _act(self, request, queryset, operation):
        run_workflow(self, request, queryset, operation, self._action_data(request))

    @admin.action(description=_("Submit for review"), permissions=["submit"])
    def submit_for_review(self, request, queryset):
        self._act(request, queryset, "submit")

    @admin.action(description=_("Publish or schedule"), permissions=["publish"])
    def publish(self, request, queryset):
        self._act(request, queryset, "publish")

    @admin.action(description=_("Unpublish"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._act(request, queryset, "unpublish")

    @admin.action(description=_("Archive"), permissions=["publish"])
    def archive(self, request, queryset):
        self._act(request, queryset, "archive")

    @admin.action(description=_("Mark reviewed against the source"), permissions=["submit"])
    def mark_reviewed(self, request, queryset):
        self._act(request, queryset, "reviewed")


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ("name", "detected_language", "confidence", "article", "language", "outcome")
    list_filter = ("outcome", "detected_language")
    search_fields = ("name", "sha256")
    list_select_related = ("article",)
    readonly_fields = [f.name for f in SourceDocument._meta.fields]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ("__str__", "state", "finished_at")
    readonly_fields = [f.name for f in ImportRun._meta.fields]


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "version", "severity", "paragraph_number", "dismissed_at")
    list_filter = ("severity", "kind", ("dismissed_at", admin.EmptyFieldListFilter))
    list_select_related = ("version__article",)
    exclude = ("paragraph",)
    readonly_fields = [
        "paragraph_number" if f.name == "paragraph" else f.name for f in Finding._meta.fields
    ]

    @admin.display(description=_("paragraph"), ordering="paragraph")
    def paragraph_number(self, finding):
        """Counted from 1, as the review page and the findings' own messages count."""
        return "-" if finding.paragraph is None else finding.paragraph + 1
