"""Link suggestions: two articles the importer found may be one story."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.article import Article, ImportRun
from articles.models.documents import SourceDocument


class LinkSuggestionQuerySet(models.QuerySet):
    def open(self) -> LinkSuggestionQuerySet:
        """Neither linked nor rejected: what an editor still has to decide (an article
        deleted since leaves nothing to decide)."""
        return self.filter(state=LinkSuggestion.State.OPEN, other__isnull=False)

    def involving(self, article: Article) -> LinkSuggestionQuerySet:
        return self.filter(Q(article=article) | Q(other=article))

    def involving_any(self, article_ids: list[int]) -> LinkSuggestionQuerySet:
        return self.filter(Q(article_id__in=article_ids) | Q(other_id__in=article_ids))

    def between(self, first_id: int, second_id: int) -> LinkSuggestionQuerySet:
        return self.filter(
            Q(article_id=first_id, other_id=second_id) | Q(article_id=second_id, other_id=first_id)
        )


class LinkSuggestion(models.Model):
    """Two articles the importer found may be one story, but not surely enough to link.

    It names the pair of files that matched (`document` in `article`,
    `other_document` in `other`). An editor links them or says they are not
    translations; a rejection stays, so later imports do not suggest the pair
    again. Once linked, `other` (the article whose versions moved) is gone.
    """

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        LINKED = "linked", _("Linked")
        REJECTED = "rejected", _("Not a translation")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    other = models.ForeignKey(
        Article,
        verbose_name=_("other article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    document = models.ForeignKey(
        SourceDocument,
        verbose_name=_("source document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    other_document = models.ForeignKey(
        SourceDocument,
        verbose_name=_("other source document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    score = models.FloatField(_("score"))
    anchors = models.JSONField(
        _("shared anchors"),
        default=list,
        blank=True,
        help_text=_("The names and figures the two files share, rarest first."),
    )
    import_run = models.ForeignKey(
        ImportRun,
        verbose_name=_("import run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = LinkSuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("link suggestion")
        verbose_name_plural = _("link suggestions")
        constraints = [
            # One decision per pair of articles (the importer checks both directions).
            models.UniqueConstraint(fields=["article", "other"], name="one_suggestion_per_pair"),
        ]

    def __str__(self) -> str:
        return f"#{self.article_id} ~ #{self.other_id}: {self.score:.2f}"
