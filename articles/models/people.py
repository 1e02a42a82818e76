"""The languages a member of staff works in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserLanguage(models.Model):
    """A language a member of staff works in.

    A translator may change only the text of their languages (`articles.roles`);
    an editor with languages is told of submissions in those languages only, and
    one without is told of every language. The desk and the review page start
    from them.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="working_languages",
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        ordering = ["user", "language"]
        verbose_name = _("working language")
        verbose_name_plural = _("working languages")
        constraints = [
            models.UniqueConstraint(fields=["user", "language"], name="one_row_per_user_language"),
        ]

    def __str__(self) -> str:
        return f"{self.user} [{self.language}]"


class AdminLanguage(models.Model):
    """The language a member of staff reads the admin and their review e-mails in.

    Chosen on their own account (`articles.admin.language`); without one, the admin follows
    the browser (Accept-Language) and e-mails go out in `LANGUAGE_CODE`."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="admin_language",
    )
    language = models.CharField(_("interface language"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("interface language")
        verbose_name_plural = _("interface languages")

    def __str__(self) -> str:
        return f"{self.user} [{self.language}]"
