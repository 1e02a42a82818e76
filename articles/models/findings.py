"""Findings: an editorial check's observation about one language version."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import finding_labels
from articles.models.article import LanguageVersion


class FindingQuerySet(models.QuerySet):
    def open(self) -> FindingQuerySet:
        return self.filter(dismissed_at__isnull=True)

    def blocking(self) -> FindingQuerySet:
        return self.filter(severity=Finding.Severity.BLOCKING)


class Finding(models.Model):
    """An editorial check's observation about one language version."""

    class Severity(models.TextChoices):
        BLOCKING = "blocking", _("Blocking")
        ADVISORY = "advisory", _("Advisory")

    version = models.ForeignKey(
        LanguageVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    kind = models.CharField(_("kind"), max_length=40)
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices)
    paragraph = models.PositiveIntegerField(
        _("paragraph"), null=True, blank=True, help_text=_("Index of the body block concerned.")
    )
    message = models.TextField(_("message"))
    suggestion = models.TextField(_("suggestion"), blank=True)
    detail = models.JSONField(
        _("detail"),
        default=dict,
        blank=True,
        help_text=_(
            "The message and suggestion as gettext msgid and placeholders (shown in the "
            "reader's language) and the words the finding is about (marked where shown)."
        ),
    )
    fingerprint = models.CharField(
        _("fingerprint"),
        max_length=64,
        help_text=_("Kind plus the text concerned: a dismissal holds until that text changes."),
    )
    dismissed_at = models.DateTimeField(_("dismissed at"), null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dismissed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dismiss_reason = models.TextField(_("dismissal reason"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["version_id", "paragraph", "kind"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "fingerprint"], name="one_finding_per_fingerprint"
            ),
            models.CheckConstraint(
                condition=Q(dismissed_at__isnull=True) | ~Q(dismiss_reason=""),
                name="dismissal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        # In the reader's language (page titles, breadcrumbs), not the stored English.
        return f"{self.get_severity_display()} · {self.label}: {self.text[:60]}"

    @property
    def label(self) -> str:
        """What the finding is about, in words ("Spelling of a name differs"), not its kind code."""
        return finding_labels.label(self.kind)

    @property
    def text(self) -> str:
        """The message in the active language."""
        return finding_labels.render(self.detail.get("message"), self.message)

    @property
    def suggestion_text(self) -> str:
        return finding_labels.render(self.detail.get("suggestion"), self.suggestion)

    @property
    def words(self) -> list[str]:
        """The words of the text this finding is about (a misspelt name), to mark where shown."""
        return [w for w in self.detail.get("words", []) if isinstance(w, str) and w]
