"""What reader pages' validators count: the changes to what each group of pages shows."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PageChange(models.Model):
    """One change to what a group of reader pages shows: a *scope*, named like the pages'
    surrogate keys (`article-12`, `edition-fr`, `sitemap`, `site`).

    Written in the transaction of the change (`articles.invalidation`), and summed by
    the pages' validators: so a page's ETag moves exactly when the change commits, and
    no cache, restored or not, decides freshness. Writers only insert (no row a writer
    must lock); now and then a scope's older rows are folded into its newest one, whose
    `weight` takes their count, so the sum never goes back to a value it had.
    """

    scope = models.CharField(_("scope"), max_length=40)
    at = models.DateTimeField(_("at"), default=timezone.now)
    weight = models.PositiveIntegerField(_("weight"), default=1)

    class Meta:
        verbose_name = _("page change")
        verbose_name_plural = _("page changes")
        # The validators sum a scope's rows and read its newest.
        indexes = [models.Index(fields=["scope", "id"], name="page_change_scope_idx")]

    def __str__(self) -> str:
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M:%S}"
