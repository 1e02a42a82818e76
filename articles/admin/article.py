"""The editors' home: articles with all their languages, and the per-language workflow.

The list shows each article's versions as state badges, its open findings and
its import; its queryset prefetches the versions and annotates the findings
count, so a page costs the same few queries at 50 or 10,000 articles.
Workflow changes go through articles.services; the admin only decides who may
ask (Django permissions, checked again on the server for every request) and
turns a ValidationError into a message. The review, link, history and findings
pages live in articles/admin/views.py."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Prefetch
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from articles import history, roles, services, working_copies
from articles.admin import confirm
from articles.admin.actions import WorkflowActionsMixin, workflow_actions
from articles.admin.desk import recent_activity
from articles.admin.display import (
    changelist_url,
    open_findings_count,
    review_url,
    state_badge,
    state_cell,
    translate_url,
)
from articles.admin.filters import (
    HasFindingsFilter,
    LanguageMissingFilter,
    LanguagePresentFilter,
    StateFilter,
)
from articles.admin.forms import ArticleAdminForm
from articles.admin.preview import PreviewViewMixin, preview_url, public_url
from articles.admin.translate import TranslateViewMixin
from articles.admin.views import FIELD_LABELS, ArticleViewsMixin, run_workflow
from articles.admin.workflow import TranslationWorkflowMixin, assignee
from articles.assignments import open_assignments
from articles.language_names import LANGUAGE_NAMES, name_in_sentence
from articles.models import (
    CONTENT_FIELDS,
    LANGUAGE_CODES,
    STATE_LABELS,
    Article,
    Finding,
    LanguageVersion,
    localized,
)


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

    def view_on_site(self, version):
        """The public page while readers can see it; the preview otherwise (never a 404)."""
        live = public_url(version) if version.is_live else ""
        return live or preview_url(version.article_id, version.language)

    @admin.display(description=_("state"))
    def state(self, version):
        return state_badge(version)


@admin.register(Article)
class ArticleAdmin(
    WorkflowActionsMixin,
    confirm.ConfirmViewMixin,
    TranslateViewMixin,
    TranslationWorkflowMixin,
    PreviewViewMixin,
    ArticleViewsMixin,
    TabbedTranslationAdmin,
):
    form = ArticleAdminForm
    # And one column per site language after the title, put in by `get_list_display`.
    list_display = (
        "number",
        "headline",
        "findings",
        "import_run_link",
    )  # (no creation date: the number, newest first, says the order and saves the width)
    list_display_links = ("number", "headline")
    list_filter = (
        LanguagePresentFilter,
        LanguageMissingFilter,
        StateFilter,
        HasFindingsFilter,
        "import_run",
    )
    search_fields = [localized("title", code) for code in LANGUAGE_CODES]

    def get_search_fields(self, request):
        # Linking by hand (the autocomplete) also searches the text; the list, titles only.
        if request.path.endswith("/autocomplete/"):
            return [*self.search_fields, *(localized("body", c) for c in LANGUAGE_CODES)]
        return self.search_fields

    list_select_related = ("import_run",)
    list_per_page = 50
    # Newest first by insertion: the primary key is indexed, created_at is not, and
    # sorting every wide row by it cost more than the rest of the page's queries.
    ordering = ("-pk",)
    actions = workflow_actions(chosen_language=True)
    readonly_fields = ("source_language", "import_run", "created_at", "updated_at")
    inlines = [LanguageVersionInline]
    change_form_template = "admin/articles/article/change_form.html"
    # Django's History page, from the history django-reversion keeps (the admin's own
    # log sees none of the workflow's changes).
    object_history_template = "admin/articles/article/object_history.html"

    class Media:
        css = {"all": ["articles/admin/workflow.css"]}

    def get_queryset(self, request):
        versions = LanguageVersion.objects.order_by()
        # Who has each language (articles/assignments.py): on hover in its cell.
        assigned = open_assignments().select_related("translator").order_by()
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("versions", queryset=versions),
                Prefetch("assignments", queryset=assigned, to_attr="open_assignments"),
            )
            .annotate(
                open_blocking=open_findings_count("pk", Finding.Severity.BLOCKING),
                open_advisory=open_findings_count("pk", Finding.Severity.ADVISORY),
            )
        )

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        # A new article has no versions yet: an empty table of them says nothing, and on a
        # phone it is a sideways-scrolling box with nothing to focus (axe: serious).
        return inlines if obj is not None else []

    def get_list_display(self, request):
        # The language columns close over what this user may add ("+ add" in a Missing
        # cell), read once a page: the ModelAdmin is shared by every request.
        addable = frozenset(LANGUAGE_CODES) - set(
            roles.text_refusals(request.user, None, LANGUAGE_CODES)
        )
        columns = [self._language_column(code, addable) for code in LANGUAGE_CODES]
        display = list(super().get_list_display(request))
        at = display.index("headline") + 1
        return [*display[:at], *columns, *display[at:]]

    def _language_column(self, code: str, addable: frozenset):
        def column(article):
            return self.language_cell(article, code, addable)

        column.short_description = LANGUAGE_NAMES[code]  # lazy: the admin's language
        column.__name__ = f"lang_{code}"
        return column

    # --- columns ----------------------------------------------------------------

    @admin.display(description=_("no."), ordering="pk")
    def number(self, article):
        return f"#{article.pk}"

    @admin.display(description=_("title"), ordering=localized("title", "en"))
    def headline(self, article):
        """The title in the admin's language if that version exists, else the source's."""
        have = {v.language for v in article.versions.all()}
        mine = translation.get_language()
        if mine in have and article.title_in(mine):
            return article.title_in(mine)
        for code in (article.source_language, *LANGUAGE_CODES):
            if code in have and article.title_in(code):
                return format_html(
                    '<span lang="{}">{}</span> <span class="nr-flag" title="{}">{}</span>',
                    code,
                    article.title_in(code),
                    _("shown in %(language)s: there is no version in yours")
                    % {"language": name_in_sentence(code)},
                    code.upper(),
                )
        return str(article)

    def language_cell(self, article, code: str, addable=frozenset()):
        version = next((v for v in article.versions.all() if v.language == code), None)
        if version is None:
            if code not in addable:
                return format_html("{}{}", state_cell("missing"), assignee(article, code))
            return format_html(
                '{} <a class="nr-add" href="{}">{}</a>{}',
                state_cell("missing"),
                translate_url(article.pk, code),
                _("+ add"),
                assignee(article, code),
            )
        return format_html(
            '<a href="{}">{}</a>{}',
            review_url(article.pk, code, article.source_language),
            state_cell(
                version.display_status,
                version.source_changed,
                source=code == article.source_language,
            ),
            assignee(article, code),
        )

    @admin.display(description=_("open findings: blocking / advisory"), ordering="open_blocking")
    def findings(self, article):
        if not article.open_blocking and not article.open_advisory:
            return "-"
        return format_html(
            '<span class="nr-count nr-count-blocking" title="{}">{}</span> / '
            '<span class="nr-count nr-count-advisory" title="{}">{}</span>',
            _("blocking"),
            article.open_blocking,
            _("advisory"),
            article.open_advisory,
        )

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
        # A published version's edits wait as its working copy (the form's docstring).
        versions = {v.language: v for v in form.instance.versions.all()}
        for code, texts in form.working_copies.items():
            working_copies.save_working_copy(
                version=versions[code],
                texts=texts,
                user=request.user,
                opened_checksum=form.opened.get(code),
            )
            self.message_user(
                request,
                _(
                    "Saved as the working copy of the %(language)s text: readers still see "
                    "the published text until you publish the working copy."
                )
                % {"language": name_in_sentence(code)},
                messages.SUCCESS,
            )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The add form too: its tabs are named by language and are one control each (axe).
        versions = [] if obj is None else list(obj.versions.all())
        states = {
            # Keyed like modeltranslation's tabs: the column suffix ("ind" for Indonesian).
            localized("", v.language).lstrip("_"): {
                "state": v.display_status,
                # The tab shows the working copy, if there is one: its badge says so.
                "label": _("%(state)s · working copy") % {"state": STATE_LABELS[v.display_status]}
                if v.pending_text
                else str(STATE_LABELS[v.display_status]),
                "when": f"{v.published_at:%Y-%m-%d %H:%M %Z}" if v.published_at else "",
            }
            for v in versions
        }
        versions = sorted(versions, key=lambda v: LANGUAGE_CODES.index(v.language))
        opening = (obj.source_language if obj else "") or (versions[0].language if versions else "")
        context.update(
            # The tabs are named by language, and open on the source (or where an error is).
            tab_languages={
                "names": {
                    localized("", code).lstrip("_"): services.language_name(code)
                    for code in LANGUAGE_CODES
                },
                # The source, else the first language it has: never an empty one.
                "source": localized("", opening).lstrip("_") if opening else "",
                "label": str(_("Language of the fields")),
                # A tab's tooltip for a language the article has no version in yet.
                "none": str(_("No version yet")),
            },
            translate_links=[(v.language, services.language_name(v.language)) for v in versions],
            open_findings=_in_sentence(
                Finding.objects.open().filter(version__article=obj).select_related("version")
                if obj
                else []
            ),
            version_states=states,
            working_copy_panels=[
                {
                    "language": v.language,
                    "in_sentence": name_in_sentence(v.language),
                    "since": v.pending_since,
                    "preview_url": preview_url(v.article_id, v.language),
                    "diffs": working_copies.diffs(
                        v, dict(zip(CONTENT_FIELDS, FIELD_LABELS, strict=True))
                    ),
                    "may_publish": request.user.has_perm(roles.PUBLISH),
                    # The copy this panel shows: Publish and Discard act on it only.
                    "checksum": working_copies.checksum(v),
                }
                for v in versions
                if working_copies.has_working_copy(v)
            ],
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, object_id)
        entries = recent_activity(limit=500, article=article) if article else []
        return super().history_view(
            request, object_id, {**(extra_context or {}), "entries": entries}
        )

    def changelist_view(self, request, extra_context=None):
        # Not Django's "Select article to change": the list is the translation matrix.
        extra_context = {"title": _("Articles and their versions"), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        article = self.get_object(request, object_id) if object_id else None
        # Django's "Change %s" reads "Modification de article" in French: a whole sentence.
        title = _("Change the article") if object_id else _("Add an article")
        extra_context = {"title": title, **(extra_context or {})}
        if article is not None and request.method == "POST":
            history.ensure_baseline(article)
        with history.revision(user=request.user, comment=history.entry("edited_in_admin")):
            return super().changeform_view(request, object_id, form_url, extra_context)

    # --- actions on the selected articles' version in the chosen language ----------

    def act(self, request, queryset, operation):
        """Apply `operation` to the selected articles' version in the chosen language."""
        data = self._action_data(request)
        language = data.get("language")
        if not language:
            self.message_user(
                request, _("Choose the language to act on next to the action."), messages.ERROR
            )
            return
        versions = LanguageVersion.objects.filter(article__in=queryset, language=language)
        page = confirm.workflow_page(
            self, request, versions, operation, data, request.get_full_path()
        )
        if page is not None:
            return page
        skipped = queryset.count() - versions.count()
        run_workflow(self, request, versions, operation, data)
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(n)d selected article has no %(language)s version.",
                    "%(n)d selected articles have no %(language)s version.",
                    skipped,
                )
                % {"n": skipped, "language": name_in_sentence(language)},
                messages.WARNING,
            )
        return None


def _in_sentence(findings) -> list:
    """The findings, each with its language's name as it reads inside a sentence."""
    findings = list(findings)
    for finding in findings:
        finding.language_in_sentence = name_in_sentence(finding.version.language)
    return findings
