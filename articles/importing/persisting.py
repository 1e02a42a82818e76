"""The import's writes: each story in its own transaction, never over an editor's work.

`write_files()` writes what `articles.importing.pipeline` planned and linked,
story by story: the new files that linking put in one cluster are written in
one `transaction.atomic()`, their article created (or updated) once with all
their languages' texts; any other file is a story of one. So a crash leaves
whole stories only, and the next run completes the rest (their files are then
"unchanged"). Should a story's write fail, its files are written again one by
one, each in its own transaction: one bad file fails alone, as before.
Rows are written through the ORM, so every signal fires as for an editor's
save: the search index, the page cache and the HTTP cache purges follow by
themselves, and the importer calls none of them. A story's new versions and
source documents are inserted with one `bulk_create` each (`create_all`), which
sends the `pre_save`/`post_save` of every row itself, so no receiver is skipped.

An editor's work and the live site are never overwritten: a changed file
(same name, new bytes) updates its version only while the version is a draft
that no one edited since import (`services.import_refusal`). Otherwise (in review,
published, scheduled or archived: text an editor reviewed, or readers see) it
is kept as a *pending* source document for an editor, and reported. An update
takes the next lock_version of the version, like an editor's save, so a review page
opened on the old text cannot publish the new one unseen.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from django.db import DatabaseError, IntegrityError, router, transaction
from django.db.models import Model
from django.db.models.signals import post_save, pre_save

from articles import services
from articles.importing import reasons
from articles.importing.linking import Cluster, Link
from articles.importing.planning import ImportOptions, Linked, Plan
from articles.models import (
    Article,
    ImportRun,
    LanguageVersion,
    SourceDocument,
    Status,
    localized,
    slug_base,
    text_checksum,
)

__all__ = ["SlugBook", "write_files"]

Outcome = SourceDocument.Outcome


def write_files(
    plans: list[Plan],
    options: ImportOptions,
    run: ImportRun | None,
    linked: Linked,
    slugs: SlugBook,
    before_files: Callable[[list[str]], bool],
) -> list[Plan]:
    """Write each story in its own transaction; one that fails does not stop the others.

    `before_files(names)` is called before each story with its files' names and says
    whether to stop: the stories from there on are then not started. Returns the plans
    handled, in the bundle's order."""
    handled: list[int] = []
    for story in _stories(plans, linked.clusters):
        if before_files([plans[index].result.file for index in story]):
            break
        handled += story
        for index in story:
            if index in linked.blocked:
                other, link = linked.blocked[index]
                plans[index].result.warnings.append(
                    reasons.reason(
                        reasons.RESEMBLES,
                        **_describe(other, plans),
                        score=link.score,
                        language=plans[index].detection.language,
                    )
                )
        written = [index for index in story if plans[index].file]
        if written:
            _write_story(
                [plans[index] for index in written],
                [linked.links.get(index) for index in written],
                run,
                linked.clusters.get(written[0]),
                slugs,
            )
        for index in written:
            plans[index].file = plans[index].parsed = None  # free the text: bundles can be large
    return [plans[index] for index in sorted(handled)]


def _stories(plans: list[Plan], clusters: dict[int, Cluster]) -> list[list[int]]:
    """The plans' indices by story: a cluster's files together, at its first file's place."""
    stories: list[list[int]] = []
    by_cluster: dict[int, list[int]] = {}
    for index in range(len(plans)):
        cluster = clusters.get(index)
        if cluster is None:
            stories.append([index])
        elif id(cluster) in by_cluster:
            by_cluster[id(cluster)].append(index)
        else:
            by_cluster[id(cluster)] = [index]
            stories.append(by_cluster[id(cluster)])
    return stories


def _describe(key, plans: list[Plan]) -> dict:
    kind, value = key
    return {"file": plans[value].result.file} if kind == "file" else {"document": value}


def _write_story(
    plans: list[Plan], links: list[Link | None], run, cluster: Cluster | None, slugs
) -> None:
    """Write one story's files in one transaction; failing that, each file in its own."""
    warnings = [list(plan.result.warnings) for plan in plans]
    # A story that fails takes the article it created with it (rolled back): its files,
    # written again one by one, create it again rather than attach to a row that is gone.
    article_before = cluster.article_id if cluster else None

    def start_again() -> None:
        for plan, before in zip(plans, warnings, strict=True):
            plan.result.warnings = list(before)
        if cluster:
            cluster.article_id = article_before

    try:
        try:
            _write(plans, links, run, cluster, slugs)
        except IntegrityError:
            # A concurrent importer took a slug meanwhile, or the article has a version in
            # one of the story's languages: once more, with fresh slugs, looking at the
            # article's languages first (`_attach`; the other run's rows are then seen).
            slugs.reload([(plan.parsed.title, plan.detection.language) for plan in plans])
            start_again()
            for plan in plans:  # chosen again: the same unless taken meanwhile
                slugs.release(plan.slug, plan.detection.language)
                plan.slug = None
            _write(plans, links, run, cluster, slugs)
        finally:
            slugs.careful = False
    except Exception as exc:  # one bad file must not stop the others
        start_again()
        if len(plans) > 1:
            for plan, link in zip(plans, links, strict=True):
                _write_story([plan], [link], run, cluster, slugs)
            return
        plan = plans[0]
        plan.result.status = "failed"
        plan.result.article = None
        plan.result.warnings.append(
            reasons.reason(reasons.FAILED, error=f"{exc.__class__.__name__}: {exc}")
        )


def _write(plans: list[Plan], links: list[Link | None], run, cluster, slugs) -> None:
    # No per-file look-up of the SHA-256: `refresh_plans` did it under the importer lock, which
    # is held until the last file is written; the unique constraint is the backstop.
    with transaction.atomic():
        new, new_links = [], []
        for plan, link in zip(plans, links, strict=True):
            version = None
            if not plan.detection.supported:
                _unsupported(plan, run)
                continue
            if plan.prior:
                version = (
                    LanguageVersion.objects.select_related("article")
                    .filter(article_id=plan.prior["article_id"], language=plan.detection.language)
                    .first()
                )
            if version:
                _update_version(plan, run, version)
            else:
                new.append(plan)
                new_links.append(link)
        if new:
            _attach(new, new_links, run, cluster, slugs)


def _unsupported(plan: Plan, run: ImportRun) -> None:
    result = plan.result
    result.status, result.outcome = "skipped", Outcome.UNSUPPORTED
    result.warnings.append(
        reasons.reason(reasons.UNSUPPORTED_LANGUAGE, language=plan.detection.language or "")
    )
    _create_document(plan, run, article=None, language="", outcome=Outcome.UNSUPPORTED)


def _update_version(plan: Plan, run: ImportRun, version: LanguageVersion) -> None:
    # Decided on the version as it is under the lock (article, then version), held until
    # the story's transaction commits: an editor's publish or save meanwhile is seen.
    version = services.lock_version_row(version)
    result, language, article = plan.result, version.language, version.article
    result.article = article.pk
    older = SourceDocument.objects.filter(article=article, language=language)
    refusal = services.import_refusal(version)
    why = reasons.PENDING_STATE if version.status != Status.DRAFT else reasons.PENDING_EDITED
    if plan.prior["outcome"] == Outcome.REPLACED:
        # An editor filled the slot with another file (`services.fill_slot`): that text stays.
        refusal, why = "holds another file's text, chosen by an editor", reasons.PENDING_REPLACED
    if refusal:
        older.filter(outcome=Outcome.PENDING).update(outcome=Outcome.REPLACED)
        result.status, result.outcome = "skipped", Outcome.PENDING
        result.warnings.append(
            reasons.reason(why, language=language, article=article.pk, state=version.display_status)
        )
        _create_document(plan, run, article=article.pk, language=language, outcome=Outcome.PENDING)
        return
    services.fill_slot(article_id=article.pk, language=language)
    columns = _columns(plan.parsed.article_fields(), language)
    for column, value in columns.items():
        setattr(article, column, value)
    article.save(update_fields=[*columns, "updated_at"])
    services.record_imported_text(
        article=article, version=version, title_derived=plan.parsed.title_derived
    )
    # The run recomputes the findings of every article with an "updated" file.
    result.status, result.outcome = "updated", Outcome.APPLIED
    _create_document(plan, run, article=article.pk, language=language, outcome=Outcome.APPLIED)


def _attach(
    plans: list[Plan], links: list[Link | None], run, cluster: Cluster | None, slugs
) -> None:
    """Create the versions: in the cluster's article, or in a new article, written once."""
    article_id = cluster.article_id if cluster else None
    joining, apart = list(zip(plans, links, strict=True)), []
    # A language the article already has (a version an editor wrote or attached, another
    # importer's) is rare: the unique constraint catches it, and the retry (slugs.careful)
    # looks first and writes those files apart. Looked up for every story, it cost a
    # query per story joining a stored article.
    if article_id is not None and slugs.careful:
        taken = set(
            LanguageVersion.objects.filter(
                article_id=article_id, language__in=[p.detection.language for p in plans]
            ).values_list("language", flat=True)
        )
        apart = [(plan, None) for plan, _link in joining if plan.detection.language in taken]
        joining = [(plan, link) for plan, link in joining if plan.detection.language not in taken]
        for plan, _link in apart:
            plan.result.warnings.append(
                reasons.reason(
                    reasons.SLOT_TAKEN, article=article_id, language=plan.detection.language
                )
            )
    if joining:
        _add_versions(joining, run, cluster, slugs, article_id)
    for plan_link in apart:  # each in an article of its own
        _add_versions([plan_link], run, None, slugs, None)


def _add_versions(
    story: list[tuple[Plan, Link | None]], run, cluster: Cluster | None, slugs, article_id
) -> None:
    """Write the texts of `story`'s files into the article (a new one if `article_id` is
    None) in one save, then a draft version and a source document for each."""
    texts, columns = [], {}
    for plan, _link in story:
        language = plan.detection.language
        plan.slug = plan.slug or slugs.unique(plan.parsed.title, language)
        texts.append(plan.parsed.article_fields(plan.slug))
        columns.update(_columns(texts[-1], language))
    if article_id is None:
        article = Article.objects.create(import_run=run, **columns)
        article_id = article.pk
        if cluster and cluster.article_id is None:
            cluster.article_id = article_id
    else:
        # Only these languages' columns are written: an editor's change to another
        # language meanwhile is not overwritten. The row is not read first (a query per
        # story, and every language's texts through modeltranslation): every other
        # field is deferred, so a receiver that reads one (the page invalidation reads
        # the slugs, `articles.invalidation.affected`) loads it then.
        article = Article.from_db(router.db_for_write(Article), ["id"], [article_id])
        for column, value in columns.items():
            setattr(article, column, value)
        try:
            article.save(update_fields=[*columns, "updated_at"])
        except IntegrityError:  # a slug another importer took: retried by write_files
            raise
        except DatabaseError:  # no row: "did not affect any rows"
            raise Article.DoesNotExist(
                f"article #{article_id} was deleted during the import"
            ) from None
    versions, documents = [], []
    for (plan, link), text in zip(story, texts, strict=True):
        language, result = plan.detection.language, plan.result
        versions.append(
            LanguageVersion(
                article=article,  # its signal reads the article's slugs: no query for it
                language=language,
                status=Status.DRAFT,
                title_derived=plan.parsed.title_derived,
                link_score=link.score if link else None,
                link_anchors=link.anchors if link else [],
                imported_checksum=text_checksum(text),
            )
        )
        result.status, result.outcome, result.article = "created", Outcome.APPLIED, article_id
        documents.append(
            _document(plan, run, article=article_id, language=language, outcome=Outcome.APPLIED)
        )
    create_all(versions)
    create_all(documents)
    for (plan, _link), document in zip(story, documents, strict=True):
        plan.document = document.pk


def create_all(rows: list[Model]) -> None:
    """Insert `rows` (of one model) with one `bulk_create`, sending each row's `pre_save`
    and `post_save` as its `save()` would: every receiver (the page invalidation,
    django-reversion inside a revision) sees the rows as it sees an editor's saves."""
    if not rows:
        return
    model = type(rows[0])
    using = router.db_for_write(model)
    for row in rows:
        pre_save.send(sender=model, instance=row, raw=False, using=using, update_fields=None)
    model.objects.using(using).bulk_create(rows)
    for row in rows:
        post_save.send(
            sender=model, instance=row, created=True, update_fields=None, raw=False, using=using
        )


def _columns(texts: dict[str, str], language: str) -> dict[str, str]:
    """The text by field (`ParsedDocument.article_fields`) by the column it goes to."""
    return {localized(name, language): value for name, value in texts.items()}


def _create_document(
    plan: Plan, run: ImportRun, *, article: int | None, language: str, outcome: str
) -> None:
    document = _document(plan, run, article=article, language=language, outcome=outcome)
    document.save()
    plan.document = document.pk


def _document(
    plan: Plan, run: ImportRun, *, article: int | None, language: str, outcome: str
) -> SourceDocument:
    """The source document of `plan`'s file, not saved yet."""
    file, detection = plan.file, plan.detection
    return SourceDocument(
        import_run=run,
        name=file.name,
        sha256=file.sha256,
        text_sha256=file.text_sha256,
        size=file.size,
        encoding=file.encoding,
        raw_text=file.raw_text,
        parsed=_parsed_json(plan),
        detected_language=detection.language,
        confidence=detection.confidence,
        article_id=article,
        language=language,
        outcome=outcome,
        warnings=plan.result.warnings,
    )


def _parsed_json(plan: Plan) -> dict:
    """What the parser read, with each block's language (for the untranslated-text check)."""
    parsed, blocks = plan.parsed, iter(plan.detection.blocks)

    def tag(text: str) -> dict:
        code, confidence = next(blocks)
        return {"text": text, "language": code, "confidence": confidence}

    data = {"title": parsed.title, "title_derived": parsed.title_derived}
    if not parsed.title_derived:
        data["title_language"] = tag(parsed.title)
    data["lede"] = tag(parsed.lede)
    data["blocks"] = [{"kind": b.kind, **tag(b.text)} for b in parsed.blocks]
    data["key_points"] = [tag(item) for item in parsed.key_points]
    data.update(attribution=parsed.attribution, removed=parsed.removed, anchors=plan.anchors)
    if plan.scores:
        data["scores"] = plan.scores
    return data


class SlugBook:
    """Unique slugs per language (`services.unique_slug`) for one batch's files: the database
    is asked a batch at a time, not a query per file, and holds the rest.

    Built with the titles the batch may give a version: which of the first slugs each
    would take (`base`, `base-2` … `base-8`) are stored is asked in a few `IN (…)`
    queries, which the slug columns' indexes answer whatever the collation (a prefix
    query would read the whole table on SQLite); a title whose first ones are all taken
    asks for the next (twice as many) when it gets there. So memory holds the batch's
    candidates, not every slug of the site, which grew with it. The slugs chosen for the
    batch's files stay reserved until the next batch's book finds them stored. A concurrent
    importer that takes one meanwhile, or a version an editor wrote in a language the
    story brings (`_attach`), makes the insert fail on a unique constraint, and the story
    is retried once with its titles asked again and the article's languages looked at
    (`reload`).
    """

    #: Candidates first asked per title: a title shared by more stories asks again.
    FIRST_ASKED = 8

    def __init__(self, titles: list[tuple[str, str]] = ()):
        self.stored: dict[str, set[str]] = {}  # by language, the candidates found stored
        self.asked: dict[tuple[str, str], int] = {}  # (language, base): candidates asked
        self.chosen: dict[str, set[str]] = {}  # by language, for this batch's files
        self.careful = False  # set when retrying a story the unique constraints refused
        self._ask(titles)

    def reload(self, titles: list[tuple[str, str]]) -> None:
        """Before a story the unique constraints refused is retried: its titles' slugs
        asked again (a concurrent importer may have taken one), the rest of the book kept
        (the refusal may be a language the article already has: nothing to do with slugs,
        and every later file would ask for its slug alone)."""
        for title, language in titles:
            self.asked.pop((language, _slug_base(title)), None)
        self._ask(titles)
        self.careful = True

    def release(self, slug: str | None, language: str) -> None:
        self.chosen.get(language, set()).discard(slug)

    def unique(self, title: str, language: str) -> str:
        stored, chosen = self.stored, self.chosen.setdefault(language, set())
        base = _slug_base(title)

        tried = itertools.count(1)  # `unique_slug` tries base, base-2, base-3 … in order

        def taken(slug: str) -> bool:
            number = next(tried)
            asked = self.asked.get((language, base), 0)
            if number > asked:
                last = max(2 * asked, number, self.FIRST_ASKED)
                self._ask([(title, language)], first=asked + 1, last=last)
            return slug in chosen or slug in stored.get(language, ())

        slug = services.unique_slug(title, taken=taken)
        chosen.add(slug)
        return slug

    def _ask(self, titles, first: int = 1, last: int = FIRST_ASKED) -> None:
        """Which of the candidates `first`…`last` of these titles are stored."""
        wanted: dict[str, list[str]] = {}
        for title, language in titles:
            base = _slug_base(title)
            if self.asked.get((language, base), 0) >= last:
                continue
            self.asked[language, base] = last
            candidates = wanted.setdefault(language, [])
            candidates += [services.numbered_slug(base, n) for n in range(first, last + 1)]
        for language, candidates in wanted.items():
            column, found = localized("slug", language), self.stored.setdefault(language, set())
            for start in range(0, len(candidates), _ASKED_AT_ONCE):
                chunk = candidates[start : start + _ASKED_AT_ONCE]
                rows = Article.objects.filter(**{f"{column}__in": chunk}).order_by()
                found.update(rows.values_list(column, flat=True))


#: Slugs per `IN (…)` query (SQLite limits bound parameters).
_ASKED_AT_ONCE = 500


def _slug_base(title: str) -> str:
    """The slug `services.unique_slug` starts from (its fallback when the title gives none)."""
    return slug_base(title) or "article"
