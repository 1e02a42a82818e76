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

Each entry's comment is structured data, not prose: `entry(action, language, **params)`
writes a JSON object (`{"action": "published", "language": "fr", "when": "…"}`) and
`articles.admin.activity.describe` says it in the reader's language through gettext,
with language names. Nothing parses English back; an entry written before this (plain
English) is shown as recorded.

The generic base columns (`title`, `body`, …) are excluded: modeltranslation
routes them to the active language's column, which would make a restore depend
on the request's language. Only the explicit per-language columns are kept.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager

import reversion
from django.db import transaction
from reversion.models import Version

from articles.models import CONTENT_FIELDS, Article, LanguageVersion, localized

if not reversion.is_registered(Article):
    reversion.register(Article, exclude=CONTENT_FIELDS, follow=("versions",))
if not reversion.is_registered(LanguageVersion):
    reversion.register(LanguageVersion)


#: The actions a history entry records (`entry`), each with its parameters.
ACTIONS = {
    "baseline": (),  # the state before the first editorial change
    "edited": (),  # one language's text, in the translation editor
    "edited_in_admin": (),  # the change form: any language
    "submitted": (),
    "sent_back": ("note",),
    "published": ("when", "reason"),
    "scheduled": ("when", "reason"),
    "unpublished": (),
    "archived": (),
    "reviewed": (),  # a translation checked against its changed source
    "made_source": (),
    "restored": ("when", "copy"),  # copy: into a published version's working copy
    "linked_document": ("name",),
    "attached": ("article",),
    "detached": ("article",),
    # copy: a published version's fix waits; languages: each it changed, when in every version
    "applied_suggestion": ("kind", "copy", "languages"),
    "undid": ("undone",),  # the undone entry, as parsed
    "confirmed_headline": (),
    "working_copy_saved": (),  # the next text of a published version (`working_copies`)
    "working_copy_discarded": (),
    "machine_translated": ("source", "engine"),  # a machine draft (`translation_drafts`)
    "imported_xliff": (),  # a translation returned in an XLIFF file
    "linked_articles": ("donor", "keep", "score"),
}


def entry(action: str, language: str = "", **params) -> str:
    """A history comment recording `action` on `language`'s version with `params`.

    Keys are sorted, so one action on one language always reads the same (`last_submitter`
    finds entries by their comment)."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown history action {action!r}")
    unknown = set(params) - set(ACTIONS[action])
    if unknown:
        raise ValueError(f"History action {action!r} takes no {sorted(unknown)}")
    data = {"action": action, "language": language, **{k: v for k, v in params.items() if v}}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)


def parse(comment: str) -> dict | None:
    """The structured entry a comment records, or None for a comment in plain words."""
    if not comment.startswith("{"):
        return None
    try:
        data = json.loads(comment)
    except ValueError:
        return None
    return data if isinstance(data, dict) and data.get("action") in ACTIONS else None


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
        reversion.set_comment(entry("baseline"))
        reversion.add_to_revision(article)


def article_history(article: Article):
    """The article's revisions, newest first, with their authors."""
    return Version.objects.get_for_object(article).select_related("revision__user")


def text_at(version: Version, language: str) -> dict[str, str]:
    """The text of `language` as it was in a recorded article version."""
    fields = version.field_dict
    return {field: fields.get(localized(field, language)) or "" for field in CONTENT_FIELDS}


def state_at(entry: Version, language: str) -> dict | None:
    """The editorial state of `language`'s version as recorded with `entry`; None if it had none.

    A revision records the article with all its versions (`follow`), so the version's
    row is found among the revision's other records."""
    for record in entry.revision.version_set.all():
        if record.content_type.model_class() is not LanguageVersion:
            continue
        fields = record.field_dict
        if fields.get("language") == language and str(fields.get("article_id")) == entry.object_id:
            return fields
    return None


#: A word, or the space between words: a diff of these keeps the text's own spacing.
_WORDS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> tuple[list[tuple[str, str]], int]:
    """(segments, words changed) from `old` to `new`, word by word.

    Segments are (" ", text), ("-", removed text) or ("+", added text), so
    "Openai" → "OpenAI" shows as one word struck and one added, not a whole
    paragraph; the count is the number of words removed or added, whichever is more.
    """
    a, b = _WORDS.findall(old or ""), _WORDS.findall(new or "")
    segments: list[tuple[str, str]] = []
    removed = added = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append((" ", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("-", "".join(a[i1:i2])))
            removed += sum(1 for w in a[i1:i2] if not w.isspace())
        if j2 > j1:
            segments.append(("+", "".join(b[j1:j2])))
            added += sum(1 for w in b[j1:j2] if not w.isspace())
    return segments, max(removed, added)


def words_changed(old: dict[str, str], new: dict[str, str]) -> int:
    """How many words differ between two texts of one language (`CONTENT_FIELDS` → text)."""
    return sum(word_diff(old.get(f, ""), new.get(f, ""))[1] for f in CONTENT_FIELDS if f != "slug")


def language_events(entries, language: str) -> list[Version]:
    """The entries (newest first) that changed `language`'s text or state, and the first one.

    An entry belongs to a language when what it recorded for that language differs
    from the entry before it: "Edited in the admin" counts for the languages edited."""
    entries = list(entries.prefetch_related("revision__version_set__content_type"))
    mine, newer = [], None
    for entry in entries:
        state = state_at(entry, language) or {}
        mark = (
            tuple(text_at(entry, language).values()),
            state.get("status"),
            state.get("published_at"),
            state.get("source_changed"),
        )
        if newer is not None and newer[1] != mark:
            mine.append(newer[0])
        newer = (entry, mark)
    if newer is not None:
        mine.append(newer[0])  # the oldest: where the language's history starts
    return mine


def submitted_comment(language: str) -> str:
    """The comment of a "submitted for review" entry: how the submitter is found again."""
    return entry("submitted", language)


def last_submitter(article: Article, language: str):
    """The user who last submitted `language` of `article` for review, or None."""
    entry = (
        article_history(article)
        .filter(revision__comment=submitted_comment(language))
        .order_by("-revision__date_created", "-pk")
        .first()
    )
    return entry.revision.user if entry is not None else None
