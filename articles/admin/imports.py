"""Import from the admin: upload a bundle, follow its run, cancel it.

`upload_view` is the import run's "add" page: the upload is checked and stored
(`articles.importing.uploads`), a queued run created, and the editor sent at
once to the run's page (`progress_view`). That page shows the state and a
`<progress>` bar which `import_progress.js` updates from `progress_json_view`
without reloading; once the run ends, the page (reloaded by the script)
shows the outcome in words, the notes in the editor's language, and every
article the run made or changed as a link. `cancel_view` posts Cancel.

The work is done by `articles.importing.background`; these views check
permissions and lay its plain data out.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from articles.importing import background, notes
from articles.importing.uploads import UploadRefused
from articles.models import ImportRun
from articles.roles import IMPORT


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".zip,.txt"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    required_css_class = "required"  # the admin's bold label for a required field

    files = MultipleFileField(label=gettext_lazy("Bundle"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django refuses a request of more files than this, whatever the page (settings.py).
        self.fields["files"].help_text = _(
            "A .zip file of .txt files, or up to %(limit)s .txt files. The import runs in "
            "the background: its page shows how far it is."
        ) % {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FILES}


def urls(modeladmin) -> list:
    wrap = modeladmin.admin_site.admin_view
    return [
        path(
            "<int:run_id>/progress/",
            wrap(lambda request, run_id: progress_view(modeladmin, request, run_id)),
            name="articles_importrun_progress",
        ),
        path(
            "<int:run_id>/progress.json",
            wrap(lambda request, run_id: progress_json_view(modeladmin, request, run_id)),
            name="articles_importrun_progress_json",
        ),
        path(
            "<int:run_id>/cancel/",
            wrap(require_POST(lambda request, run_id: cancel_view(modeladmin, request, run_id))),
            name="articles_importrun_cancel",
        ),
    ]


def _run(modeladmin, request, run_id: int) -> ImportRun:
    if not modeladmin.has_view_permission(request):
        raise PermissionDenied
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None:
        raise Http404(_("No such import run."))
    return run


def upload_view(modeladmin, request):
    if not request.user.has_perm(IMPORT):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = background.queue_upload(form.cleaned_data["files"], request.user)
        except UploadRefused as exc:
            form.add_error("files", str(exc))
        else:
            messages.success(
                request, _("The bundle is queued as import run #%(run)s.") % {"run": run.pk}
            )
            return redirect("admin:articles_importrun_progress", run.pk)
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.opts,
        "title": _("Import a bundle"),
        "form": form,
    }
    return TemplateResponse(request, "admin/articles/importrun/upload.html", context)


def progress_view(modeladmin, request, run_id: int):
    run = _run(modeladmin, request, run_id)
    state = background.progress(run)
    articles, article_count = background.run_articles(run) if state["finished"] else ([], 0)
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.opts,
        "title": _("Import run #%(run)s") % {"run": run.pk},
        "run": run,
        "progress": state,
        "notes": [notes.render(item) for item in run.notes],
        "articles": articles,
        "article_count": article_count,
        "more_articles": article_count - len(articles),
        "can_cancel": run.is_active and request.user.has_perm(IMPORT),
        "json_url": reverse("admin:articles_importrun_progress_json", args=[run.pk]),
        "record_url": reverse("admin:articles_importrun_change", args=[run.pk]),
    }
    return TemplateResponse(request, "admin/articles/importrun/progress.html", context)


def progress_json_view(modeladmin, request, run_id: int):
    return JsonResponse(background.progress(_run(modeladmin, request, run_id)))


def cancel_view(modeladmin, request, run_id: int):
    run = _run(modeladmin, request, run_id)
    if not request.user.has_perm(IMPORT):
        raise PermissionDenied
    if run.is_active:
        background.cancel(run)
        messages.info(
            request,
            _("Cancel requested: the import stops before its next file; what it wrote stays."),
        )
    return redirect("admin:articles_importrun_progress", run.pk)
