"""The workflow actions of the article and version lists, and the form beside them."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import roles
from articles.admin.display import LANGUAGE_CHOICES
from articles.admin.views import WORKFLOW

#: The workflow operations (`views.WORKFLOW`) offered as list actions: the action's name,
#: its label on the version list, and on the article list (which acts on a chosen language).
ACTION_LABELS = {
    "submit": (
        "submit_for_review",
        _("Submit for review"),
        _("Submit the chosen language for review"),
    ),
    "publish": (
        "publish",
        _("Publish or schedule"),
        _("Publish or schedule the chosen language"),
    ),
    "unpublish": ("unpublish", _("Unpublish"), _("Unpublish the chosen language")),
    "archive": ("archive", _("Archive"), _("Archive the chosen language")),
    "reviewed": (
        "mark_reviewed",
        _("Mark reviewed against the source"),
        _("Mark the chosen language reviewed against its source"),
    ),
}
#: Which `has_<name>_permission` of the admin shows an action, by the permission it needs.
_SHOWN_BY = {roles.PUBLISH: "publish", roles.CHANGE_VERSION: "submit"}


def workflow_actions(*, chosen_language: bool) -> list:
    """One admin action per workflow operation, each calling the admin's `act`."""
    actions = []
    for operation, (name, version_label, article_label) in ACTION_LABELS.items():
        _service, permission, _done = WORKFLOW[operation]

        def action(modeladmin, request, queryset, operation=operation):
            return modeladmin.act(request, queryset, operation)

        action.__name__ = name
        label = article_label if chosen_language else version_label
        actions.append(admin.action(description=label, permissions=[_SHOWN_BY[permission]])(action))
    return actions


class WorkflowActionForm(ActionForm):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)
    publish_at = forms.DateTimeField(
        label=_("at"),
        required=False,
        # ISO whatever the editor's language: a datetime-local input takes nothing else.
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    override_reason = forms.CharField(label=_("override reason"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Said where the time is typed: it is read in the site's time zone, in the
        # editor's own date format (or the browser's picker).
        # (The admin's action bar shows labels, not help texts.)
        self.fields["publish_at"].label = _("at (%(zone)s; empty: now)") % {
            "zone": timezone.get_current_timezone_name()
        }


class WorkflowActionsMixin:
    """What the article list and the version list share: the workflow actions, who
    may ask for which, and the action form's data."""

    action_form = WorkflowActionForm

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
