"""The translation workflow's records: machine-translation drafts and assignments.

Kept out of `articles/models.py` (already the story's whole schema) and imported at its
end, so Django registers them with the app. Both point at a language of an article
(`article`, `language`) rather than at a `LanguageVersion` row: a missing language has
no row yet, and that is exactly what one machine-translates or assigns.

- `MachineTranslation`: the version in `language` began as the machine's text. It keeps
  who asked, which engine, when, from which language, and the machine's text itself,
  so the reader's label can tell how much an editor has since rewritten
  (`articles/provenance.py`). One row per language: a new draft replaces it.
- `Assignment`: an editor gave the language to a translator, due on a date. One per
  language; reassigning replaces it. It is open until the version is submitted for
  review or published (`articles.assignments.open_assignments`): no flag to keep in step.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MachineTranslation(models.Model):
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="machine_translations",
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    source_language = models.CharField(
        _("translated from"), max_length=10, choices=settings.LANGUAGES
    )
    engine = models.CharField(_("engine"), max_length=40)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    machine_text = models.JSONField(
        _("machine text"),
        default=dict,
        blank=True,
        help_text=_(
            "The engine's text, field by field: what editors' changes are measured against."
        ),
    )

    class Meta:
        ordering = ["article_id", "language"]
        verbose_name = _("machine translation")
        verbose_name_plural = _("machine translations")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="one_machine_translation_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.article_id} [{self.language}] ← {self.source_language} ({self.engine})"


class Assignment(models.Model):
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translator"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    due_on = models.DateField(_("due on"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="one_assignment_per_language"
            ),
        ]
        indexes = [
            # The translator's desk: their assignments by due date.
            models.Index(fields=["translator", "due_on"], name="assignment_desk_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.article_id} [{self.language}] → {self.translator} ({self.due_on})"

    def is_overdue(self, today=None) -> bool:
        return self.due_on < (today or timezone.localdate())
