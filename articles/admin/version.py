"""Language versions one by one: select some and act on exactly those."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from articles.admin import confirm
from articles.admin.actions import WorkflowActionsMixin, workflow_actions
from articles.admin.display import state_badge
from articles.admin.views import run_workflow
from articles.models import (
    LANGUAGE_CODES,
    STATE_LABELS,
    LanguageVersion,
    Status,
    localized,
)


class VersionStateFilter(admin.SimpleListFilter):
    """The states an editor sees, "Scheduled" among them."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return list(STATE_LABELS.items())

    def queryset(self, request, queryset):
        state = self.value()
        if state == "scheduled":
            return queryset.scheduled()
        if state == Status.PUBLISHED:
            return queryset.published()
        if state:
            return queryset.filter(status=state)
        return queryset


@admin.register(LanguageVersion)
class LanguageVersionAdmin(WorkflowActionsMixin, admin.ModelAdmin):
    """Versions one by one: select some and act on exactly those."""

    list_display = ("__str__", "language", "state", "published_at", "source_changed", "findings")
    list_filter = ("language", VersionStateFilter, "source_changed", "title_derived")
    search_fields = [f"article__{localized('title', code)}" for code in LANGUAGE_CODES]
    list_select_related = ("article",)
    # The state an editor sees ("Scheduled" for a published version waiting for its time)
    # in place of the stored status.
    fields = readonly_fields = [
        "state" if f.name == "status" else f.name for f in LanguageVersion._meta.fields
    ]
    actions = workflow_actions(chosen_language=False)

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

    def has_change_permission(self, request, obj=None):
        # The list needs it (its actions change state through services); one version's
        # page has nothing to save, so it is shown read-only, without Save buttons.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        # Deleting a version also deletes its findings, which only a superuser may: an
        # editor takes a wrong version out by detaching it (the review page), so no
        # Delete link is offered that would end in a refusal.
        return request.user.is_superuser

    @admin.display(description=_("state"))
    def state(self, version):
        return state_badge(version)

    @admin.display(description=_("open findings"), ordering="open_findings")
    def findings(self, version):
        return version.open_findings

    def act(self, request, queryset, operation):
        data = self._action_data(request)
        page = confirm.workflow_page(
            self, request, queryset, operation, data, request.get_full_path()
        )
        if page is not None:
            return page
        run_workflow(self, request, queryset, operation, data)
        return None
