"""The editors' admin: a first, plain registration."""

from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from articles.models import Article, Finding, ImportRun, LanguageVersion, SourceDocument


class LanguageVersionInline(admin.TabularInline):
    model = LanguageVersion
    extra = 0
    fields = ("language", "status", "published_at", "title_derived", "source_changed")


@admin.register(Article)
class ArticleAdmin(TabbedTranslationAdmin):
    list_display = ("__str__", "source_language", "import_run", "created_at")
    search_fields = ("title",)
    inlines = [LanguageVersionInline]


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ("name", "detected_language", "confidence", "article", "language", "outcome")
    list_filter = ("outcome", "detected_language")
    readonly_fields = [f.name for f in SourceDocument._meta.fields]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ("__str__", "state", "finished_at")
    readonly_fields = [f.name for f in ImportRun._meta.fields]


admin.site.register(Finding)
