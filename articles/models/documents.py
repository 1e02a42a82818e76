"""Source documents: each imported file as received, and the language slot it filled."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.article import Article, ImportRun
from articles.models.text import PASSAGE_LANGUAGE_MIN_CONFIDENCE
from articles.printable import printable


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

    # Set once the importer has put its anchors in the anchor table (`DocumentAnchor`), so
    # each batch reads only the documents stored since, not every one.
    anchors_taken_in = models.BooleanField(_("anchors taken in"), default=False, editable=False)

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
        indexes = [
            models.Index(fields=["name", "-imported_at"], name="source_name_idx"),
            # The few not yet taken in, found without reading the many that are.
            models.Index(
                fields=["id"], condition=Q(anchors_taken_in=False), name="source_to_take_in_idx"
            ),
            # Whether a document is linkable (`importing.planning.LINKABLE`), answered from
            # the index: linking joins thousands of anchor rows to their documents a batch,
            # and on SQLite these columns come after the raw text and the parsed JSON (13 KB),
            # so reading them from the row walks its overflow pages (BENCHMARKS.md, Import).
            models.Index(
                fields=["id", "outcome", "article", "language"], name="source_linkable_idx"
            ),
        ]

    def __str__(self) -> str:
        return printable(self.name)


class DocumentAnchor(models.Model):
    """One anchor of a source document (`articles.importing.anchors`) that linking may walk,
    indexed: the importer finds a new file's candidate translations here, and counts the
    holders of the rarer anchors (`articles.importing.planning.StoredDocuments`), so a batch
    reads only the stored documents it can link to. An anchor held by more linkable
    documents than linking walks (`linking.MAX_POSTINGS`) gets no more rows: it is counted
    in `AnchorCount` instead."""

    document = models.ForeignKey(
        SourceDocument, on_delete=models.CASCADE, related_name="anchor_rows"
    )
    anchor = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["anchor", "document"], name="document_anchor_idx")]

    def __str__(self) -> str:
        return printable(self.anchor)


class AnchorCount(models.Model):
    """How many linkable documents hold an anchor too common to walk: its weight in linking.

    Counted as the importer takes documents in, so a batch reads one row per anchor instead
    of counting thousands. A document later unlinked, replaced or deleted stays counted:
    among the more than `linking.MAX_POSTINGS` holders of such an anchor, each moves its
    count by less than half a percent."""

    anchor = models.CharField(max_length=200, unique=True)
    documents = models.PositiveIntegerField()

    def __str__(self) -> str:
        return printable(self.anchor)
