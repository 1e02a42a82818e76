"""The workflow actions of the article and version lists, and the form beside them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin.helpers import ActionForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import roles
from articles.admin.display import LANGUAGE_CHOICES


class WorkflowActionForm(ActionForm):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)
    publish_at = forms.DateTimeField(
        label=_("at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
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
