"""An editor's decision on a link suggestion: link the two articles, or record that they
are not translations.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import history
from articles.language_names import name_in_sentence
from articles.models import (
    Article,
    LinkSuggestion,
)
from articles.services.slots import attach_version


def suggestion_link(*, suggestion: LinkSuggestion, user) -> Article:
    """Make the two articles of an open suggestion one: the versions of the one with fewer
    move into the other (`attach_version`), as one history entry. Returns the article kept.
    """
    with transaction.atomic():
        suggestion = _open_suggestion(suggestion)
        first, second = suggestion.article, suggestion.other
        keep, donor = (first, second)
        if second.versions.count() > first.versions.count():
            keep, donor = second, first
        taken = sorted(
            set(keep.versions.values_list("language", flat=True))
            & set(donor.versions.values_list("language", flat=True))
        )
        if taken:
            raise ValidationError(
                _(
                    "Both articles have a %(language)s version; an article holds one version "
                    "per language. Detach one of them first."
                ),
                params={"language": name_in_sentence(taken[0])},
            )
        if keep.pk != suggestion.article_id:  # the donor goes: it must be `other` (SET_NULL)
            suggestion.article, suggestion.other = keep, donor
            suggestion.document, suggestion.other_document = (
                suggestion.other_document,
                suggestion.document,
            )
        _repoint_suggestions(donor=donor, keep=keep, but=suggestion)
        suggestion.state = LinkSuggestion.State.LINKED
        suggestion.decided_by, suggestion.decided_at = user, timezone.now()
        suggestion.save()
        comment = history.entry(
            "linked_articles", donor=donor.pk, keep=keep.pk, score=round(suggestion.score, 2)
        )
        with history.change(keep, donor, user=user, comment=comment):
            for version in list(donor.versions.all()):
                attach_version(article=keep, version=version, user=user)
            # The attachments above set their own comments; the revision is this link.
            with history.revision(user=user, comment=comment):
                pass
        keep.refresh_from_db()
        return keep


def suggestion_reject(*, suggestion: LinkSuggestion, user) -> LinkSuggestion:
    """Record that the two articles are not translations: no import suggests them again."""
    with transaction.atomic():
        suggestion = _open_suggestion(suggestion)
        suggestion.state = LinkSuggestion.State.REJECTED
        suggestion.decided_by, suggestion.decided_at = user, timezone.now()
        suggestion.save(update_fields=["state", "decided_by", "decided_at"])
        return suggestion


def _open_suggestion(suggestion: LinkSuggestion) -> LinkSuggestion:
    locked = (
        LinkSuggestion.objects.select_for_update(of=("self",))  # `other` is a nullable join
        .select_related("article", "other")
        .filter(pk=suggestion.pk)
        .first()
    )
    if locked is None or locked.state != LinkSuggestion.State.OPEN or locked.other is None:
        raise ValidationError(_("This suggestion has already been decided."))
    return locked


def _repoint_suggestions(*, donor: Article, keep: Article, but: LinkSuggestion) -> None:
    """The donor article is about to go: its other suggestions (and rejections, which
    must be remembered) now concern the article its versions move to."""
    for other in LinkSuggestion.objects.involving(donor).exclude(pk=but.pk):
        if other.article_id == donor.pk:
            other.article = keep
        if other.other_id == donor.pk:
            other.other = keep
        duplicate = (
            LinkSuggestion.objects.between(other.article_id, other.other_id)
            .exclude(pk=other.pk)
            .exists()
        )
        if other.article_id == other.other_id or duplicate:
            other.delete()  # now within one article, or a second entry for one pair
        else:
            other.save(update_fields=["article", "other"])
