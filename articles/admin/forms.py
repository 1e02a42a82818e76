"""The article edit form's guard against lost updates (optimistic locking).

Two editors may have the same article open. The form carries, for every
language, a checksum of the tab's fields (text and slug) as they were when the
form was opened (the hidden `edit_token`, from `services.edit_checksums`). On
save, inside the admin's transaction, `services.merge_edit` locks the versions
and decides what the save keeps; this form only turns its answer into errors:

- a language this editor changed, which someone else saved in the meantime
  with other text, is refused: nothing is saved, and the message names who
  saved it and when and links to the history to compare the two;
- a language this editor left alone keeps what the database holds now, so
  saving the German tab never reverts a French edit made meanwhile.

A published or scheduled version's tab opens on its working copy if it has one, and
what the editor changes there is saved as its working copy (`services.edits_wait`, the
translation editor's rule): readers keep the published text until an editor publishes
the copy. Every field of a language's tab is that version's text, the slug included (a
new address is a change readers would see, so it waits too). The article's other fields
(source language, import, dates) are read-only here, and a version's state and
publication time change only through the workflow's actions.
"""

from __future__ import annotations

import json

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from articles import roles, services
from articles.language_names import name_in_sentence
from articles.models import Article, LanguageVersion, localized


def edit_token(article: Article) -> str:
    """Each language tab's checksum (its text and its slug) as the form opens."""
    return json.dumps(services.edit_checksums(article))


def refusal_message(language: str, reason: str) -> str:
    """What a user is told when `roles.text_refusals` refuses them `language`."""
    messages = {
        roles.NOT_THEIRS: _(
            "You do not work in %(language)s: ask an editor to add it to your languages, "
            "or to make this change."
        ),
        roles.PUBLISHED: _(
            "The %(language)s version is published: only an editor may change its "
            "text. Ask an editor to make this change, or to unpublish it first."
        ),
        roles.IN_REVIEW: _(
            "The %(language)s version is in review: it is locked until an editor publishes "
            "it or sends it back to you."
        ),
        roles.ARCHIVED: _(
            "The %(language)s version is archived: only an editor may change its text "
            "or bring it back."
        ),
    }
    return messages[reason] % {"language": name_in_sentence(language)}


class ArticleAdminForm(forms.ModelForm):
    """The admin builds the model form's fields; this adds the edit token and its check."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["edit_token"] = edit_token(self.instance)
            for version in self.instance.versions.all():
                if version.pending_text:  # the editor goes on with the working copy
                    for field, text in services.working_text(version).items():
                        self.initial[localized(field, version.language)] = text

    #: Set by ArticleAdmin.get_form: whose save this is (None is refused what editors may do).
    user = None
    #: Each language's text checksum before this save (`services.article_text_changed`).
    text_before: dict[str, str] = {}
    #: Published versions' new texts, saved as their working copies after the article.
    working_copies: dict[str, dict[str, str]] = {}
    #: The edit token's checksums, each the text this editor opened.
    opened: dict[str, str] = {}

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                # Browsers send a textarea's lines as \r\n; stored text (and its checksum) uses \n.
                cleaned[name] = value.replace("\r\n", "\n").replace("\r", "\n")
        if not self.instance.pk:
            return cleaned
        try:
            opened = json.loads(cleaned.get("edit_token") or "")
        except ValueError:
            opened = None
        # (A page opened before the token held a checksum per language is told to reload.)
        if not isinstance(opened, dict) or not all(isinstance(v, str) for v in opened.values()):
            raise forms.ValidationError(
                _("This form was opened without its edit token; reload the page and edit again.")
            )
        merge = services.merge_edit(article_id=self.instance.pk, opened=opened, posted=cleaned)
        self.text_before = merge.text_before
        self.working_copies, self.opened = merge.working_copies, opened
        cleaned.update(merge.kept)
        for code, version in merge.conflicts:
            self.add_error(None, self._conflict(code, version))
        for code, reason in roles.text_refusals(
            self.user, self.instance.pk, merge.changing
        ).items():
            self.add_error(None, refusal_message(code, reason))
        return cleaned

    def _conflict(self, code: str, version: LanguageVersion | None) -> str:
        who = (version.updated_by.get_username() if version and version.updated_by else "") or _(
            "someone else"
        )
        when = f"{version.updated_at:%Y-%m-%d %H:%M %Z}" if version else ""
        return format_html(
            _(
                "The {language} version was saved by {who} at {when}, after you opened this page, "
                "and you changed it too: nothing was saved. "
                '<a href="{history}">Compare the two in its history</a>, keep a copy of your text, '
                "then reload this page and edit again."
            ),
            language=name_in_sentence(code),
            who=who,
            when=when,
            history=reverse("admin:articles_article_revisions", args=[self.instance.pk]),
        )
