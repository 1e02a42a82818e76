"""The desk: what waits for one user, as plain data for the admin's home page.

`desk(user, now)` is a selector: it reads, decides nothing about permissions
beyond whose work it is, and returns lists of dicts the template only lays
out (tested without HTTP in tests/admin/test_desk.py). A user's languages
(`UserLanguage`) narrow every list; an editor without languages sees every
language. An editor's first list is what waits for their decision (versions
in review); a translator's is their drafts and what was sent back.

Each list is capped (`LIMIT`) with its full count and a link to the article
list filtered the same way, so the page costs the same few queries however
much waits.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reversion.models import Revision, Version

from articles import assignments, history, roles, services
from articles.admin.activity import describe
from articles.admin.display import review_url
from articles.importing.originals import waiting_for_original
from articles.language_names import name_in_sentence
from articles.models import (
    LANGUAGE_CODES,
    STATE_LABELS,
    Article,
    Finding,
    ImportRun,
    LanguageVersion,
    LinkSuggestion,
    Status,
)

LIMIT = 10


def _row(version: LanguageVersion, when: datetime | None = None) -> dict:
    article = version.article
    title = article.title_in(version.language) or str(article)
    return {
        "article_id": article.pk,
        "language": version.language,
        "language_name": services.language_name(version.language),
        "title": title,
        "state": version.display_status,
        "state_label": str(STATE_LABELS[version.display_status]),
        "when": when if when is not None else version.updated_at,
        "who": version.updated_by.get_username() if version.updated_by else "",
        "note": "",
        "url": review_url(article.pk, version.language, article.source_language),
    }


def _section(key: str, title: str, queryset, more: str = "", row=_row) -> dict:
    """The first LIMIT of `queryset` as rows (`row` makes one), and how many there are."""
    rows = [row(item) for item in queryset[:LIMIT]]
    count = len(rows) if len(rows) < LIMIT else queryset.count()
    changelist = reverse("admin:articles_article_changelist")
    return {
        "key": key,
        "title": title,
        "rows": rows,
        "count": count,
        "more_url": f"{changelist}?{more}" if more and count > len(rows) else "",
    }


def desk(user, now: datetime) -> dict:
    """What waits for `user` at `now`: sections of rows, import runs and recent activity."""
    may_publish = user.has_perm(roles.PUBLISH)
    languages = roles.user_languages(user)
    versions = LanguageVersion.objects.select_related("article", "updated_by")
    if languages or not may_publish:
        versions = versions.filter(language__in=languages)
    in_review = versions.filter(status=Status.IN_REVIEW).order_by("updated_at")
    sections = []
    if may_publish:
        sections.append(
            _section(
                "in_review",
                _("Waiting for your review"),
                in_review,
                more="state=in_review",
            )
        )
    else:
        drafts = _section(
            "drafts",
            _("Drafts in your languages (including those sent back to you)"),
            versions.filter(status=Status.DRAFT).order_by("-updated_at"),
            more="state=draft",
        )
        mark_sent_back(drafts["rows"])
        sections.append(drafts)
        sections.append(
            _section(
                "submitted",
                _("Submitted, waiting for an editor (locked for you)"),
                in_review,
                more="state=in_review",
            )
        )
    fresh = latest_import_drafts(versions)
    if fresh is not None:
        sections.append(fresh)
    sections.append(assignment_section(user, may_publish, languages))
    sections.append(
        _section(
            "source_changed",
            _("Source changed since translated"),
            versions.filter(source_changed=True).exclude(status=Status.ARCHIVED).order_by("-pk"),
            more="state=source_changed",
        )
    )
    blocking = Finding.objects.open().blocking().filter(version=OuterRef("pk"))
    sections.append(
        _section(
            "blocking",
            _("Scheduled or published with open blocking findings"),
            versions.filter(Exists(blocking), status=Status.PUBLISHED).order_by("published_at"),
            more="findings=blocking",
        )
    )
    soon = versions.filter(
        status=Status.PUBLISHED, published_at__gt=now, published_at__lte=now + timedelta(hours=24)
    ).order_by("published_at")
    sections.append(
        _section(
            "scheduled",
            _("Scheduled in the next 24 hours"),
            soon,
            row=lambda version: _row(version, when=version.published_at),
        )
    )
    if user.has_perm(roles.LINK):
        sections.append(link_suggestions())
    return {
        "notices": mail_notices(user),
        "sections": sections,
        "originals": originals_question(languages or None) if user.has_perm(roles.LINK) else None,
        "languages": [services.language_name(code) for code in languages],
        "import_runs": import_runs(),
        "activity": recent_activity(),
    }


#: The history actions that move a version between states: the latest of them for a draft
#: says whether an editor sent it back (and why) or it is a draft like any other.
_STATE_MOVES = ("submitted", "sent_back", "published", "scheduled", "unpublished", "archived")


def mark_sent_back(rows: list[dict]) -> None:
    """Mark each draft an editor sent back and the translator has not submitted again: its
    state reads "Sent back", its note names the editor and their reason. One query for
    the rows' articles, whose state moves only are read."""
    drafts = {(r["article_id"], r["language"]): r for r in rows if r["state"] == Status.DRAFT}
    if not drafts:
        return
    moves = Q()
    for action in _STATE_MOVES:
        moves |= Q(revision__comment__contains=f'"action": "{action}"')
    entries = (
        Version.objects.get_for_model(Article)
        .filter(moves, object_id__in=[str(article_id) for article_id, _lang in drafts])
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
    )
    seen = set()
    for entry in entries:
        recorded = history.parse(entry.revision.comment) or {}
        key = (int(entry.object_id), recorded.get("language", ""))
        if key not in drafts or key in seen:
            continue
        seen.add(key)  # the latest move of this version decides
        if recorded.get("action") != "sent_back":
            continue
        row, note = drafts[key], recorded.get("note", "")
        who = entry.revision.user.get_username() if entry.revision.user else _("an editor")
        row["state"], row["state_label"] = "sent_back", _("Sent back")
        row["note"] = (
            _("Sent back by %(editor)s: “%(reason)s”") % {"editor": who, "reason": note}
            if note
            else _("Sent back by %(editor)s, with no reason given.") % {"editor": who}
        )


def mail_notices(user) -> list[str]:
    """Who the review e-mails cannot reach: colleagues (and the user) without an address."""
    notices = []
    if user.is_authenticated and not user.email:
        notices.append(
            _("You have no e-mail address: review e-mails cannot reach you. Ask an administrator.")
        )
    if user.has_perm(roles.PUBLISH):
        silent = sorted(
            get_user_model()
            .objects.filter(is_active=True, is_staff=True, email="")
            .exclude(pk=user.pk)
            .values_list("username", flat=True)[:LIMIT]
        )
        if silent:
            notices.append(
                _("No review e-mail can be sent to %(names)s: they have no e-mail address.")
                % {"names": ", ".join(silent)}
            )
    return notices


def latest_import_drafts(versions) -> dict | None:
    """The drafts the latest import run made (in the user's languages), untouched since: after
    an import the desk shows its new work first. None before any import."""
    run = ImportRun.objects.exclude(state=ImportRun.State.RUNNING).order_by("-started_at").first()
    if run is None:
        return None
    section = _section(
        "new_from_import",
        _("New from import #%(run)s") % {"run": run.pk},
        versions.filter(article__import_run=run, status=Status.DRAFT).order_by("article_id", "pk"),
    )
    section["more_url"] = reverse("admin:articles_importrun_change", args=[run.pk])
    section["more_label"] = _("What import #%(run)s did") % {"run": run.pk}
    return section


def originals_question(languages: list[str] | None, limit: int = LIMIT) -> dict:
    """Stories whose original version is not recorded, each with one button per version:
    the import records it only when the texts make it clear (`articles.importing.originals`)."""
    articles = waiting_for_original(languages)
    shown = list(articles.prefetch_related("versions")[:limit])
    count = len(shown) if len(shown) < limit else articles.count()
    return {
        "count": count,
        "title": ngettext(
            "%(count)s story: which version is the original?",
            "%(count)s stories: which version is the original?",
            count,
        )
        % {"count": count},
        "rows": [
            {
                "article_id": article.pk,
                "title": str(article),
                "url": reverse("admin:articles_article_review", args=[article.pk]),
                "workflow_url": reverse("admin:articles_article_workflow", args=[article.pk]),
                "choices": [
                    (v.language, services.language_name(v.language))
                    for v in sorted(
                        article.versions.all(), key=lambda v: LANGUAGE_CODES.index(v.language)
                    )
                    if v.status != Status.ARCHIVED
                ],
            }
            for article in shown
        ],
    }


def assignment_section(user, may_publish: bool, languages: list[str]) -> dict:
    """A translator's assignments, soonest due first (overdue marked); for an editor, who has
    what in their languages (articles/assignments.py)."""
    if may_publish:
        rows, count = assignments.editor_rows(languages or None, limit=LIMIT)
        title = _("Assignments: who translates what, by when")
    else:
        rows, count = assignments.translator_rows(user, limit=LIMIT)
        title = _("Your assignments, by due date")
    return {"key": "assignments", "title": title, "rows": rows, "count": count, "more_url": ""}


def link_suggestions() -> dict:
    """The importer's open link suggestions, strongest first: each row leads to the review
    page of the article, where Link and Not a translation are one click."""
    suggestions = LinkSuggestion.objects.open().select_related(
        "article", "other", "document", "other_document"
    )
    return _section(
        "suggestions", _("Link suggestions from the importer"), suggestions, row=_suggestion_row
    )


def _suggestion_row(suggestion: LinkSuggestion) -> dict:
    theirs = suggestion.other_document
    language = theirs.language or theirs.detected_language
    name = services.language_name(language)
    return {
        "article_id": suggestion.article_id,
        "language": language,
        "language_name": name,
        "title": _("Possibly the %(language)s version of article #%(article)s: %(title)s")
        % {
            "language": name_in_sentence(language),
            "article": suggestion.article_id,
            "title": suggestion.other.title_in(language) or str(suggestion.other),
        },
        "state": "suggested",
        "state_label": _("Suggested link"),
        "when": suggestion.created_at,
        "who": "",
        "note": _suggestion_note(suggestion),
        "url": reverse("admin:articles_article_review", args=[suggestion.article_id]),
    }


def _suggestion_note(suggestion: LinkSuggestion) -> str:
    """Why the importer suggests the link: its score (in the editor's number format) and the
    names and figures both texts share."""
    # floatformat, as the review page and the import run show it: rounded (number_format
    # cuts a float's digits, 0.419 -> 0.41) and in the editor's format (0,42 in French).
    score = floatformat(suggestion.score, 2)
    if not suggestion.anchors:
        return _("score %(score)s") % {"score": score}
    return _("score %(score)s: %(anchors)s") % {
        "score": score,
        "anchors": ", ".join(suggestion.anchors[:6]),
    }


#: How each file status of an import run is counted, in words.
_COUNTED = {
    "created": lambda n: ngettext("%(count)s new", "%(count)s new", n),
    "updated": lambda n: ngettext("%(count)s updated", "%(count)s updated", n),
    "unchanged": lambda n: ngettext("%(count)s unchanged", "%(count)s unchanged", n),
    "skipped": lambda n: ngettext("%(count)s skipped", "%(count)s skipped", n),
    "rejected": lambda n: ngettext("%(count)s rejected", "%(count)s rejected", n),
    "failed": lambda n: ngettext("%(count)s failed", "%(count)s failed", n),
}


def counts_in_words(counts: dict[str, int]) -> str:
    """An import run's file counts as a phrase ("34 new, 2 skipped"), zeros left out."""
    parts = [
        _COUNTED[status](n) % {"count": n} if status in _COUNTED else f"{status} {n}"
        for status, n in (counts or {}).items()
        if n
    ]
    return ", ".join(parts) or _("no files")


def import_runs(limit: int = 5) -> list[dict]:
    return [
        {
            "id": run.pk,
            "started_at": run.started_at,
            "state": run.get_state_display(),
            "counts": sorted((run.counts or {}).items()),
            "summary": counts_in_words(run.counts),
            "url": reverse("admin:articles_importrun_change", args=[run.pk]),
        }
        for run in ImportRun.objects.order_by("-started_at")[:limit]
    ]


def recent_activity(limit: int = 15, article: Article | None = None) -> list[dict]:
    """The latest history entries (django-reversion): who did what to which article, when."""
    article_type = ContentType.objects.get_for_model(Article)
    revisions = Revision.objects.select_related("user").order_by("-date_created", "-pk")
    if article is not None:
        revisions = revisions.filter(
            version__content_type=article_type, version__object_id=str(article.pk)
        )
    revisions = list(revisions[:limit])
    article_ids = dict(
        Version.objects.filter(revision__in=revisions, content_type=article_type).values_list(
            "revision_id", "object_id"
        )
    )
    titles = {
        str(a.pk): str(a)
        for a in Article.objects.filter(pk__in=[int(pk) for pk in article_ids.values()])
    }
    return [
        {
            "when": revision.date_created,
            "who": revision.user.get_username() if revision.user else _("the importer"),
            "what": describe(revision.get_comment()),
            "article_id": int(article_ids[revision.pk]) if revision.pk in article_ids else None,
            "title": titles.get(article_ids.get(revision.pk), ""),
            "url": reverse("admin:articles_article_revisions", args=[int(article_ids[revision.pk])])
            if article_ids.get(revision.pk) in titles
            else "",
        }
        for revision in revisions
    ]
