"""Read-only records: source documents, import runs, findings."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from articles.admin import imports
from articles.admin.desk import counts_in_words
from articles.admin.filters import FindingKindFilter
from articles.admin.suggestions import run_suggestions
from articles.importing import notes, reasons
from articles.importing.report import warning_lines
from articles.models import (
    Finding,
    ImportRun,
    SourceDocument,
)
from articles.printable import printable


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = (
        "file_name",
        "detected_language",
        "confidence",
        "article_title",
        "language",
        "outcome",
    )
    list_filter = ("outcome", "detected_language")
    search_fields = ("name", "sha256", "text_sha256")
    list_select_related = ("article",)
    # The name as the bundle had it may hold control characters: shown escaped. The
    # warnings are codes, said in the editor's language.
    exclude = ("name", "warnings")
    readonly_fields = [
        {"name": "file_name", "warnings": "warnings_in_words"}.get(f.name, f.name)
        for f in SourceDocument._meta.fields
    ]

    @admin.display(description=_("file name"), ordering="name")
    def file_name(self, document):
        return printable(document.name)

    @admin.display(description=_("warnings"))
    def warnings_in_words(self, document):
        return _lines(reasons.render_all(document.warnings))

    @admin.display(description=_("article"), ordering="article")
    def article_title(self, document):
        return _shortened(document.article)

    def has_change_permission(self, request, obj=None):
        return False  # every field is a record of the import: "View", and no Save button

    def has_delete_permission(self, request, obj=None):
        # Provenance is kept: and a page's passage languages, memoised by its text
        # (`articles.models.page_passage_languages`), are read from the applied file.
        return False


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ("__str__", "state", "files", "counts_summary", "finished_at")
    # The counts in words ("8 new, 1 rejected"), never the stored JSON with English keys;
    # the warnings and notes, stored as codes, in the editor's language.
    # The uploaded bundle's path on the server is the worker's business, not the editor's.
    exclude = ("counts", "warnings", "notes", "upload")
    readonly_fields = [
        {
            "counts": "counts_summary",
            "warnings": "warnings_in_words",
            "notes": "notes_in_words",
        }.get(f.name, f.name)
        for f in ImportRun._meta.fields
        if f.name != "upload"
    ]

    # "Outcome", as on the run's progress page: "Files" was also the label of the count.
    @admin.display(description=_("Outcome"))
    def counts_summary(self, run):
        return counts_in_words(run.counts)

    @admin.display(description=_("warnings"))
    def warnings_in_words(self, run):
        return _lines(warning_lines(run.warnings))

    @admin.display(description=_("notes"))
    def notes_in_words(self, run):
        return _lines([notes.render(item) for item in run.notes])

    # "Add" is an upload, run by the task worker; each run has a page that follows it.
    def add_view(self, request, form_url="", extra_context=None):
        return imports.upload_view(self, request)

    def get_urls(self):
        return imports.urls(self) + super().get_urls()

    @admin.display(description=_("progress"))
    def files(self, run):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_importrun_progress", args=[run.pk]),
            _("%(done)s of %(total)s files") % {"done": run.files_done, "total": run.files_total},
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if str(object_id).isdigit():  # the suggestions it made, with Link / Not a translation
            extra_context["link_suggestions"] = run_suggestions(int(object_id), request.user)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    # What it is and what it says in the editor's language, never the kind's code or the
    # English stored for the record; titles shortened so every column stays on screen.
    list_display = ("what", "version_title", "severity", "paragraph_number", "dismissed_at")
    list_filter = ("severity", FindingKindFilter, ("dismissed_at", admin.EmptyFieldListFilter))
    list_select_related = ("version__article",)
    exclude = ("paragraph",)
    readonly_fields = [
        "paragraph_number" if f.name == "paragraph" else f.name for f in Finding._meta.fields
    ]

    def has_change_permission(self, request, obj=None):
        # Every field is read-only here: a finding is dismissed or fixed on the review page.
        return False

    @admin.display(description=_("finding"), ordering="kind")
    def what(self, finding):
        return f"{finding.label}: {Truncator(finding.text).chars(90)}"

    @admin.display(description=_("version"), ordering="version")
    def version_title(self, finding):
        return _shortened(finding.version)

    @admin.display(description=_("paragraph"), ordering="paragraph")
    def paragraph_number(self, finding):
        """Counted from 1, as the review page and the findings' own messages count."""
        return "-" if finding.paragraph is None else finding.paragraph + 1


def _lines(texts: list[str]):
    """Lines of text as a list, escaped (a file name may hold anything); "-" for none."""
    if not texts:
        return "-"
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((t,) for t in texts)))


def _shortened(record) -> str:
    """A record's name cut to fit a list column (a title may be a whole sentence)."""
    return "-" if record is None else Truncator(str(record)).chars(60)
