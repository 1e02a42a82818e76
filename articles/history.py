"""History of articles: who changed which language's text or state, when, and how.

Decision: django-reversion, not django-simple-history.

- modeltranslation adds Article's per-language columns (`title_fr`, `body_ind`, …)
  when the app registry is ready. simple-history builds its historical model when
  the model class is created, before those columns exist, so its table would miss
  exactly the text we need to keep (or need hand-written fields mirroring every
  language). reversion serialises the registered fields when it records a
  revision; registering here, after app-ready, includes every translated column
  and follows to Article's LanguageVersion rows.
- reversion stores versions in its own tables: no migration in our app, and a new
  site language needs no history migration either.
- One revision groups the article and all its versions, with the user and a
  comment, so "publish fr" and "edit the de text" are single entries.

The generic base columns (`title`, `body`, …) are excluded: modeltranslation
routes them to the active language's column, which would make a restore depend
on the request's language. Only the explicit per-language columns are kept.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import reversion
from django.db import transaction
from reversion.models import Version

from articles.models import CONTENT_FIELDS, Article, LanguageVersion, localized

if not reversion.is_registered(Article):
    reversion.register(Article, exclude=CONTENT_FIELDS, follow=("versions",))
if not reversion.is_registered(LanguageVersion):
    reversion.register(LanguageVersion)


@contextmanager
def revision(*, user, comment: str) -> Iterator[None]:
    """Record everything saved inside the block as one revision by `user`.

    Nested blocks join the outer revision; the innermost comment set last wins,
    so callers name the operation they perform.
    """
    with reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
        yield


@contextmanager
def change(*articles: Article, user, comment: str) -> Iterator[None]:
    """One transaction and one revision for a workflow operation on `articles`.

    Their state before is recorded first if they have no history yet; their
    state after (text and every version's state) closes the revision.
    """
    with transaction.atomic():
        for article in articles:
            ensure_baseline(article)
        with revision(user=user, comment=comment):
            yield
            for fresh in Article.objects.filter(pk__in=[a.pk for a in articles]):
                reversion.add_to_revision(fresh)


def ensure_baseline(article: Article) -> None:
    """Record the article's current state if it has no history yet (imported rows).

    Called before any change and outside its revision, so the text an operation
    replaces is always recoverable, even for an article no one has edited since
    the import. Inside an active revision it could only join it, so it does nothing.
    """
    if reversion.is_active() or Version.objects.get_for_object(article).exists():
        return
    with reversion.create_revision():
        reversion.set_comment("State before the first editorial change")
        reversion.add_to_revision(article)


def article_history(article: Article):
    """The article's revisions, newest first, with their authors."""
    return Version.objects.get_for_object(article).select_related("revision__user")


def text_at(version: Version, language: str) -> dict[str, str]:
    """The text of `language` as it was in a recorded article version."""
    fields = version.field_dict
    return {field: fields.get(localized(field, language)) or "" for field in CONTENT_FIELDS}


@dataclass(frozen=True)
class FieldDiff:
    field: str
    lines: list[tuple[str, str]]  # (" ", "-" or "+", text)

    @property
    def changed(self) -> bool:
        return any(tag != " " for tag, _text in self.lines)


def diff_text(old: dict[str, str], new: dict[str, str]) -> list[FieldDiff]:
    """Line diff per field, from `old` to `new`; unchanged fields have no +/- lines."""
    diffs = []
    for field in CONTENT_FIELDS:
        lines = []
        for line in difflib.ndiff(old.get(field, "").splitlines(), new.get(field, "").splitlines()):
            tag, text = line[:1], line[2:]
            if tag in " -+":
                lines.append((tag, text))
        diffs.append(FieldDiff(field=field, lines=lines))
    return diffs


def submitted_comment(language: str) -> str:
    """The comment of a "submitted for review" entry: how the submitter is found again."""
    return f"Submitted {language} for review"


def last_submitter(article: Article, language: str):
    """The user who last submitted `language` of `article` for review, or None."""
    entry = (
        article_history(article)
        .filter(revision__comment=submitted_comment(language))
        .order_by("-revision__date_created", "-pk")
        .first()
    )
    return entry.revision.user if entry is not None else None
