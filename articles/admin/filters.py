"""The article list's own filters."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from articles.admin.display import LANGUAGE_CHOICES
from articles.finding_labels import KIND_LABELS, label
from articles.models import (
    STATE_LABELS,
    Finding,
    LanguageVersion,
    Status,
)


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
        return [*STATE_LABELS.items(), ("source_changed", _("Source changed"))]

    def queryset(self, request, queryset):
        state = self.value()
        if not state:
            return queryset
        versions = LanguageVersion.objects.filter(article=OuterRef("pk"))
        if state == "source_changed":
            # What is still to review: an archived version is no longer translated.
            versions = versions.filter(source_changed=True).exclude(status=Status.ARCHIVED)
        elif state == "scheduled":
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
        return [
            ("yes", _("Has open findings")),
            ("blocking", _("Has open blocking findings")),
            ("no", _("None open")),
        ]

    def queryset(self, request, queryset):
        has = Exists(Finding.objects.open().filter(version__article=OuterRef("pk")))
        if self.value() == "blocking":
            blocking = Finding.objects.open().blocking().filter(version__article=OuterRef("pk"))
            return queryset.filter(Exists(blocking))
        if self.value() == "yes":
            return queryset.filter(has)
        if self.value() == "no":
            return queryset.exclude(has)
        return queryset


class FindingKindFilter(admin.SimpleListFilter):
    """Finding kinds by what they are about ("Headline written by the importer"), not their
    codes ("structure_derived_title")."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        kinds = set(KIND_LABELS) | set(Finding.objects.values_list("kind", flat=True).distinct())
        return sorted(((kind, label(kind)) for kind in kinds), key=lambda pair: str(pair[1]))

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset
