"""Articles: one story, several language versions, each with its own state.

Schema decision. The *text* of every language lives in translated fields on
`Article` (django-modeltranslation adds `title_fr`, `body_de`, … one column per
site language), so a story and all of its languages are one row and one query.
The *editorial state* of each language (workflow status, publication time,
who changed it last, the optimistic-lock counter `lock_version`, how the importer linked it)
lives in `LanguageVersion`, one row per (article, language) that exists.
Keeping state out of translated columns makes "everything in review",
"what is published in fr" and per-language history plain queries on one
table, lets findings and source documents point at a version, and means a
language the article does not have simply has no row.

Body and key points are plain structured text, never HTML: the body is
blocks separated by a blank line, a block starting with "## " is a
subheading; key points are one item per line. Templates render that
structure and escape everything.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from articles import finding_labels
from articles.printable import printable

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
SUBHEADING_PREFIX = "## "
#: Below this detection confidence a passage is not marked as another language.
PASSAGE_LANGUAGE_MIN_CONFIDENCE = 0.5
#: The translated content fields of Article, in display order.
CONTENT_FIELDS = ("title", "slug", "lede", "body", "key_points", "source_attribution")


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def split_body(body: str) -> list[str]:
    """The blocks of a body, as every reader of it counts them (site, checks, review page).

    Blocks are separated by a blank line; line endings from a browser (\\r\\n)
    count the same as the importer's; empty blocks are dropped.
    """
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return [block.strip() for block in _BLANK_LINE.split(text) if block.strip()]


def slug_base(title: str) -> str:
    """The slug a title gives, before a -2, -3 … that keeps it unique; "" if it gives none.

    Short enough for the suffix to fit the slug column (200 characters)."""
    return slugify(title)[:180].strip("-")


def detail_path(language: str, slug: str) -> str:
    """The path of the story with `slug` in `language`'s edition (`articles:detail`).

    What `reverse()` gives, without its cost on every link of a page (a front
    page has ~50): the edition's prefix is reversed once per language and URLconf.
    """
    return f"{detail_prefixes()[language]}{slug}/"


def detail_prefixes() -> Mapping[str, str]:
    """{language: the path of its stories without the slug} for the current URLconf."""
    return _edition_urls(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())[1]


def edition_paths() -> Mapping[str, str]:
    """{language: the path of its edition's front page} for the current URLconf, in
    `LANGUAGES` order: what `reverse("articles:index")` gives in each language, reversed
    once (every reader page links all of them)."""
    return _edition_urls(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())[0]


@lru_cache(maxsize=16)
def _edition_urls(urlconf: str, script_prefix: str) -> tuple[Mapping[str, str], Mapping[str, str]]:
    """Each language's front page and story prefix, reversed once per URLconf and prefix;
    shared by every request, so read-only."""
    index, stories = {}, {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            index[code] = reverse("articles:index", urlconf=urlconf)
            story = reverse("articles:detail", kwargs={"slug": "-"}, urlconf=urlconf)
        stories[code] = story[: -len("-/")]
    return MappingProxyType(index), MappingProxyType(stories)


@lru_cache(maxsize=256)
def localized(field: str, language: str) -> str:
    """The column modeltranslation gives `field` in `language` (`title_fr`; `title_ind` for id)."""
    return build_localized_fieldname(field, language)


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
        return f"Import #{self.pk} of {self.started_at:%Y-%m-%d %H:%M}"

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


@dataclass(frozen=True, slots=True)
class LiveVersion:
    """A version readers may see now, as a reader's page links it: its article and language.

    What `attach_live_versions` gives pages instead of `LanguageVersion` rows: the
    pages need only the language (the article holds the slugs), and building
    ~40 model instances through `prefetch_related` was a sixth of a front page.
    """

    article: Article
    language: str

    def get_absolute_url(self) -> str:
        return detail_path(self.language, self.article.text("slug", self.language))

    def text(self, field: str) -> str:
        return self.article.text(field, self.language)


def attach_live_versions(articles, now) -> list[Article]:
    """Give each article `live_versions` (in language order), in one query for all of them."""
    articles = list(articles)
    by_id = {article.pk: article for article in articles}
    for article in articles:
        article.live_versions = []
    rows = (
        LanguageVersion.objects.published(now=now)
        .filter(article_id__in=by_id)
        .order_by("article_id", "language")
        .values_list("article_id", "language")
    )
    for article_id, language in rows:
        article = by_id[article_id]
        article.live_versions.append(LiveVersion(article, language))
    return articles


def live_story(language: str, slug: str, now) -> Article | None:
    """The story at `slug` in `language`'s edition as readers may see it now, or None.

    What `Article.objects.edition(language, now).reading(language)` and
    `attach_live_versions` give a story's page, in one query instead of two: the
    story's live versions (`LanguageVersion.objects.published`, the gate), each
    row with the article's columns (`reading_columns`). The article gets
    `published_at` (of its version in `language`) and `live_versions`; None when
    it has no live version in `language`. Building and compiling a query was a
    third of the story page's CPU time (BENCHMARKS.md, "Public site …").
    """
    slug_field = localized("slug", language)
    columns = reading_columns(language)
    rows = (
        LanguageVersion.objects.published(now=now)
        # The `> ""` repeats the unique index's condition, so SQLite can use the index.
        .filter(**{f"article__{slug_field}": slug, f"article__{slug_field}__gt": ""})
        .order_by("language")
        .values_list("language", "published_at", *(f"article__{column}" for column in columns))
    )
    article, live_versions, here = None, [], None
    for version_language, published_at, *values in rows:
        if article is None:  # a slug is unique in its language: every row is one article's
            article = Article.from_db(rows.db, columns, values)
        live_versions.append(LiveVersion(article, version_language))
        if version_language == language:
            here = published_at
    if here is None:
        return None
    article.published_at, article.live_versions = here, live_versions
    return article


def content_checksum(article: Article, language: str, *, slug: bool = False) -> str:
    texts = {field: article.text(field, language) for field in CONTENT_FIELDS}
    return text_checksum(texts, slug=slug)


def text_checksum(texts: dict[str, str | None], *, slug: bool = False) -> str:
    """SHA-256 of one language's text fields (`CONTENT_FIELDS` → text).

    Without the slug unless asked: for the importer a slug follows the title and is not
    the editor's text; for the edit form's guard it is a field like any other."""
    digest = hashlib.sha256()
    for field in CONTENT_FIELDS:
        if field == "slug" and not slug:
            continue
        digest.update((texts.get(field) or "").encode())
        digest.update(b"\x00")
    return digest.hexdigest()


class SourceDocumentQuerySet(models.QuerySet):
    def unlinked(self) -> SourceDocumentQuerySet:
        return self.filter(article__isnull=True)

    def passage_languages(self, article: Article | int, language: str) -> dict[str, str]:
        """Passages of (article, language) detected in another language: {text: code}.

        Read from the importer's per-passage detection in `parsed` of the file
        that became this version, and keyed by text, so a passage an editor
        has since rewritten (translated) simply no longer matches. The public
        site puts the code in the passage's `lang` attribute.
        """
        parsed = (
            self.filter(article=article, language=language, outcome=SourceDocument.Outcome.APPLIED)
            .order_by("-imported_at")
            .values_list("parsed", flat=True)
            .first()
        ) or {}
        passages = [parsed.get("lede"), *parsed.get("blocks", []), *parsed.get("key_points", [])]
        return {
            passage["text"].strip(): passage["language"]
            for passage in passages
            if isinstance(passage, dict)
            and passage.get("text")
            and passage.get("language") not in ("", None, language)
            and passage.get("confidence", 0) >= PASSAGE_LANGUAGE_MIN_CONFIDENCE
        }


def page_passage_languages(article: Article, language: str) -> Mapping[str, str]:
    """`passage_languages` for a reader's page: read once per process for each text.

    They change only when a source file is applied to the version, and every way
    of applying one (the importer, linking a document) writes the version's text
    and the article's `updated_at` in the same transaction. So a key of the
    article, its `updated_at` and its text's checksum is new whenever the marks
    may be: nothing is ever stale, as with the page's memoised parts
    (`articles/templatetags/memo.py`). The query was a fifth of the story page's
    CPU time (BENCHMARKS.md, "Public site …"). `article` needs `language`'s text.
    """
    checksum = content_checksum(article, language)
    return _passage_languages(article.pk, language, article.updated_at, checksum)


@lru_cache(maxsize=2048)
def _passage_languages(article_id: int, language: str, updated_at, checksum: str):
    return MappingProxyType(SourceDocument.objects.passage_languages(article_id, language))


class SourceDocument(models.Model):
    """One imported file, exactly as received: its provenance."""

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("Applied to its version")
        PENDING = "pending", _("Kept: the version was edited since import")
        UNLINKED = "unlinked", _("Not attached to an article")
        UNSUPPORTED = "unsupported", _("Language not on this site")
        REPLACED = "replaced", _("Replaced by a newer file")

    import_run = models.ForeignKey(
        ImportRun,
        verbose_name=_("import run"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    name = models.CharField(
        _("file name"), max_length=500, help_text=_("Its path inside the bundle.")
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, help_text=_("Of the file's bytes."))
    text_sha256 = models.CharField(
        _("SHA-256 of the text"),
        max_length=64,
        blank=True,
        help_text=_(
            "Of the normalised text: the document's identity. A copy saved with other "
            "line ends, a BOM or in UTF-16 is the same document."
        ),
    )
    size = models.PositiveIntegerField(_("size in bytes"))
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    raw_text = models.TextField(_("raw text"))
    parsed = models.JSONField(
        _("parsed"), default=dict, blank=True, help_text=_("What the parser read from it.")
    )
    detected_language = models.CharField(
        _("detected language"),
        max_length=10,
        blank=True,
        help_text=_("ISO 639-1 code, which may be a language the site does not have."),
    )
    confidence = models.FloatField(_("confidence"), default=0.0)
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_documents",
    )
    language = models.CharField(
        _("language slot"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language version it became."),
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.APPLIED
    )
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    # Only for a file in a language the site does not have: it can never be a version,
    # but an editor should see that it exists (`articles.importing.linking._related`).
    related_article = models.ForeignKey(
        Article,
        verbose_name=_("story it translates"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="other_language_documents",
        help_text=_("For a file in a language the site does not have: the article it matches."),
    )

    objects = SourceDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["name", "-imported_at"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        constraints = [
            # The same bytes are one document, however often or concurrently imported.
            models.UniqueConstraint(fields=["sha256"], name="unique_source_sha256"),
            # The same text is one document, whatever its bytes ("": a copy stored before 0006).
            models.UniqueConstraint(
                fields=["text_sha256"],
                condition=~Q(text_sha256=""),
                name="unique_source_text_sha256",
            ),
        ]
        indexes = [models.Index(fields=["name", "-imported_at"], name="source_name_idx")]

    def __str__(self) -> str:
        return printable(self.name)


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
        return f"{self.get_severity_display()} {self.kind}: {self.message[:60]}"

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


class LinkSuggestionQuerySet(models.QuerySet):
    def open(self) -> LinkSuggestionQuerySet:
        """Neither linked nor rejected: what an editor still has to decide (an article
        deleted since leaves nothing to decide)."""
        return self.filter(state=LinkSuggestion.State.OPEN, other__isnull=False)

    def involving(self, article: Article) -> LinkSuggestionQuerySet:
        return self.filter(Q(article=article) | Q(other=article))

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
