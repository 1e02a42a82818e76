"""The article (one story, its text in every language), its language versions (the
editorial state of each) and the import run that created it.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from articles.models.paths import detail_path
from articles.models.text import CONTENT_FIELDS, LANGUAGE_CODES, content_checksum, localized


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


#: The states an editor sees (`LanguageVersion.display_status`): a published version
#: waiting for its time is scheduled.
STATE_LABELS = {**dict(Status.choices), "scheduled": _("Scheduled")}


class ImportRun(models.Model):
    """One import of a bundle: by `import_seeds`, or uploaded in the admin and run by the
    task worker (`articles.importing.background`), which updates its progress file by file."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Finished")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    source = models.TextField(_("source"), help_text=_("The paths that were imported."))
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.RUNNING
    )
    counts = models.JSONField(
        _("counts"), default=dict, blank=True, help_text=_("Files per status.")
    )
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    # What the run's page says, in the reader's language: [{"code": …, "params": {…}}]
    # (`articles.importing.notes`), never English text.
    notes = models.JSONField(_("notes"), default=list, blank=True)
    files_total = models.PositiveIntegerField(_("files"), default=0)
    files_done = models.PositiveIntegerField(_("files done"), default=0)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    # An uploaded bundle: where it is stored until the worker has imported it.
    upload = models.CharField(_("uploaded bundle"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self) -> str:
        return _("Import #%(id)s of %(when)s") % {
            "id": self.pk,
            "when": f"{timezone.localtime(self.started_at):%Y-%m-%d %H:%M}",
        }

    @property
    def is_active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)


class ArticleQuerySet(models.QuerySet):
    def published(self, language: str, now=None) -> ArticleQuerySet:
        """Articles with a version in `language` that readers may see now."""
        now = now or timezone.now()
        return self.filter(
            versions__language=language,
            versions__status=Status.PUBLISHED,
            versions__published_at__lte=now,
        )

    # Public site reads. Each takes an explicit `now` so one page sees one instant.

    def edition(self, language: str, now=None) -> ArticleQuerySet:
        """`language`'s edition: published articles, newest first, with `published_at`.

        `published_at` is the time of the version in `language`; the annotation
        reuses the join `published()` filtered on (one version per article and
        language, so no duplicate rows).
        """
        now = now or timezone.now()
        return (
            self.published(language, now)
            .annotate(published_at=F("versions__published_at"))
            .order_by("-published_at", "-pk")
        )

    def edition_by_id(self, language: str, now=None) -> ArticleQuerySet:
        """`edition(language)` for looking up a few articles by id (`filter(pk__in=…)`, a
        search's page): the same articles with the same `published_at`, unordered.

        Each article's version is found by a subquery on its key, not a join: SQLite, which
        keeps no statistics, planned the join to walk the whole edition newest first to
        find ten ids (19 ms at 100,000 versions, against 0.1 ms).
        """
        now = now or timezone.now()
        version = LanguageVersion.objects.published(language, now).filter(article=OuterRef("pk"))
        return self.annotate(published_at=Subquery(version.values("published_at"))).filter(
            published_at__isnull=False
        )

    def live(self, now=None) -> ArticleQuerySet:
        """Articles with at least one version readers may see now, in any language."""
        now = now or timezone.now()
        return self.filter(
            Exists(LanguageVersion.objects.published(now=now).filter(article=OuterRef("pk")))
        )

    def translated_from(self, language: str, now=None) -> ArticleQuerySet:
        """Articles that readers may also read now in a language other than `language`."""
        now = now or timezone.now()
        others = LanguageVersion.objects.published(now=now).exclude(language=language)
        return self.filter(Exists(others.filter(article=OuterRef("pk"))))

    def reading(self, language: str, fields=CONTENT_FIELDS) -> ArticleQuerySet:
        """Only the columns a reader's page shows: `language`'s `fields` and every
        language's slug (its links to the other versions), not the other
        languages' bodies (a row holds every language)."""
        return self.only(*reading_columns(language, tuple(fields)))

    def with_live_versions(self, now=None) -> ArticleQuerySet:
        """Prefetch each article's live versions as `live_versions`: one query per page."""
        now = now or timezone.now()
        # Only what links and switchers read: not the link anchors (JSON) and editorial fields.
        versions = (
            LanguageVersion.objects.published(now=now)
            .only("article_id", "language", "status", "published_at")
            # Meta.ordering's "article" would join the articles for their own ordering.
            .order_by("article_id", "language")
        )
        return self.prefetch_related(
            Prefetch("versions", queryset=versions, to_attr="live_versions")
        )


def reader_articles() -> ArticleQuerySet:
    """`Article.objects` for reader pages: the same queryset, without modeltranslation's layer.

    That layer rewrites untranslated field names (`title` → `title_fr`) in every filter,
    ordering and `only()`, and builds a new queryset class on each `Article.objects` call:
    4.5 % of a front page's instructions (BENCHMARKS.md, "Public site …"). Reader reads name
    each language's column themselves (`localized`, `reading_columns`), so they lose nothing.
    """
    return ArticleQuerySet(model=Article)


@lru_cache(maxsize=64)
def reading_columns(language: str, fields: tuple[str, ...] = CONTENT_FIELDS) -> tuple[str, ...]:
    """The columns `ArticleQuerySet.reading` loads, the primary key first, in the model's order
    (the order `Model.from_db` takes values in)."""
    wanted = {
        "id",
        "source_language",
        "updated_at",
        *(localized(field, language) for field in fields),
        *(localized("slug", code) for code in LANGUAGE_CODES),
    }
    return tuple(f.attname for f in Article._meta.concrete_fields if f.attname in wanted)


class Article(models.Model):
    """One story. Its translated fields hold the text of each language."""

    title = models.CharField(_("title"), max_length=300, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, blank=True)
    lede = models.TextField(_("lede"), blank=True, help_text=_("The standfirst."))
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_(
            "Paragraphs separated by a blank line; a line starting with “## ” is a subheading."
        ),
    )
    key_points = models.TextField(_("key points"), blank=True, help_text=_("One point per line."))
    source_attribution = models.CharField(_("source attribution"), max_length=300, blank=True)

    source_language = models.CharField(
        _("source language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "The version the others are translated from; its changes flag them as outdated."
        ),
    )
    import_run = models.ForeignKey(
        ImportRun,
        verbose_name=_("import run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text=_("The import that created this article."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            # A slug is unique within its language; empty slugs (no version) are not compared.
            models.UniqueConstraint(
                fields=[localized("slug", code)],
                condition=Q(**{f"{localized('slug', code)}__gt": ""}),
                name=f"unique_{localized('slug', code)}",
            )
            for code in LANGUAGE_CODES
        ]

    def __str__(self) -> str:
        for code in LANGUAGE_CODES:
            title = getattr(self, localized("title", code), "")
            if title:
                return title
        return f"Article #{self.pk}"

    def get_absolute_url(self) -> str:
        """The URL of the version in the active language."""
        language = translation.get_language() or settings.LANGUAGE_CODE
        return detail_path(language, self.text("slug", language))

    def text(self, field: str, language: str) -> str:
        return getattr(self, localized(field, language)) or ""

    def title_in(self, language: str) -> str:
        return self.text("title", language)


class LanguageVersionQuerySet(models.QuerySet):
    def published(self, language: str | None = None, now=None) -> LanguageVersionQuerySet:
        """Versions readers may see now: published, and their time has come."""
        now = now or timezone.now()
        qs = self.filter(status=Status.PUBLISHED, published_at__lte=now)
        return qs.filter(language=language) if language else qs

    def edition_sizes(self, now=None) -> dict[str, int]:
        """Stories readers may see now, per language (languages without any left out)."""
        rows = self.published(now=now).values_list("language").annotate(n=models.Count("pk"))
        return dict(rows.order_by())

    def scheduled(self, now=None) -> LanguageVersionQuerySet:
        now = now or timezone.now()
        return self.filter(status=Status.PUBLISHED, published_at__gt=now)


class LanguageVersion(models.Model):
    """The editorial state of one language of an article."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="versions"
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("A future time schedules the version: readers see it from then on."),
    )
    title_derived = models.BooleanField(
        _("title derived"),
        default=False,
        help_text=_("The importer made the title up from the lede; an editor should review it."),
    )
    source_changed = models.BooleanField(
        _("source changed since translated"),
        default=False,
        help_text=_("The source version changed after this translation; review it."),
    )
    imported_checksum = models.CharField(
        _("imported checksum"),
        max_length=64,
        blank=True,
        help_text=_(
            "Checksum of the text as the importer last wrote it; any other text is an editor's."
        ),
    )
    link_score = models.FloatField(
        _("link score"),
        null=True,
        blank=True,
        help_text=_("How strongly the importer matched this version to the article."),
    )
    link_anchors = models.JSONField(
        _("shared anchors"),
        default=list,
        blank=True,
        help_text=_("The names and figures shared with the other versions that made the link."),
    )
    override_reason = models.TextField(
        _("override reason"),
        blank=True,
        help_text=_("Why this version was published despite blocking findings."),
    )
    # The working copy of a published version (`articles.working_copies`): the next text,
    # saved and previewable while readers keep the published one until it is published.
    pending_text = models.JSONField(
        _("working copy"),
        default=dict,
        blank=True,
        help_text=_("The next text of a published version, not yet live."),
    )
    pending_since = models.DateTimeField(_("working copy saved at"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(
        _("edit count"),
        default=1,
        help_text=_("Incremented on every save; guards concurrent edits (optimistic lock)."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = LanguageVersionQuerySet.as_manager()

    class Meta:
        # By the columns, not through the foreign keys: ordering "through" an article joins its
        # table on every unordered query (and, with select_for_update, locks its rows).
        ordering = ["article_id", "language"]
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        permissions = [
            (
                "publish_languageversion",
                _("Can publish, schedule, unpublish and archive a version"),
            ),
            ("link_languageversion", _("Can link and unlink language versions")),
            ("override_findings", _("Can publish over blocking findings")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="one_version_per_language"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="published_version_has_time",
            ),
        ]
        indexes = [
            # The public site's hot query: published versions of a language by time.
            models.Index(fields=["language", "status", "-published_at"], name="version_public_idx"),
        ]

    def __str__(self) -> str:
        # Its own title: the article's (the first language that has one) may be another's.
        return f"{self.text('title') or self.article} [{self.language}]"

    def get_absolute_url(self) -> str:
        """This version's public URL; link to it only when it is live (`is_live`)."""
        return detail_path(self.language, self.text("slug"))

    def text(self, field: str) -> str:
        return self.article.text(field, self.language)

    @property
    def is_live(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def display_status(self) -> str:
        """The state an editor sees: a published version waiting for its time is scheduled."""
        if self.status == Status.PUBLISHED and self.published_at and not self.is_live:
            return "scheduled"
        return self.status

    def content_checksum(self) -> str:
        """SHA-256 of this language's text: compared to `imported_checksum` to detect edits."""
        return content_checksum(self.article, self.language)

    @property
    def edited_since_import(self) -> bool:
        return bool(self.imported_checksum) and self.imported_checksum != self.content_checksum()
