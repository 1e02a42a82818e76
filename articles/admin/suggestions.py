"""Link suggestions in the admin: what the article pages show, and Link / Not a translation.

`suggestion_panel` is the selector: plain data for the include template
`admin/articles/article/_suggestions.html`, which the change form and the
review page both include (through the `link_suggestions` template tag, so
neither view has to add anything to its context). The two views are POST
only, need the LINK permission and call the services; `urls(modeladmin)`
is added to the article admin's URLs by `ArticleViewsMixin.get_urls`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from articles import services
from articles.language_names import language_name, name_in_sentence
from articles.models import Article, LinkSuggestion, SourceDocument
from articles.roles import LINK


def suggestion_panel(article: Article, user) -> dict:
    """The open suggestions of `article`, each seen from its side, and the files of
    languages the site does not have that translate it."""
    suggestions = []
    for s in (
        LinkSuggestion.objects.open()
        .involving(article)
        .select_related("article", "other", "document", "other_document")
    ):
        mine, theirs = (
            (s.document, s.other_document)
            if s.article_id == article.pk
            else (s.other_document, s.document)
        )
        other = s.other if s.article_id == article.pk else s.article
        suggestions.append(
            {
                "id": s.pk,
                "score": s.score,
                "anchors": s.anchors[:8],
                "other": other,
                "other_url": reverse("admin:articles_article_review", args=[other.pk]),
                "phrase": _("Possibly the %(language)s version of article #%(article)s “%(title)s”")
                % {
                    "language": name_in_sentence(theirs.language),
                    "article": other.pk,
                    "title": other,
                },
                "files": _("its file %(theirs)s against this article's %(language)s file %(mine)s")
                % {
                    "theirs": theirs.name,
                    "mine": mine.name,
                    "language": name_in_sentence(mine.language),
                },
            }
        )
    documents = [
        {
            "document": document,
            "language": document.detected_language,
            "name": language_name(document.detected_language),
            "url": reverse("admin:articles_sourcedocument_change", args=[document.pk]),
        }
        for document in SourceDocument.objects.filter(related_article=article).order_by("name")
    ]
    return {
        "article": article,
        "suggestions": suggestions,
        "documents": documents,
        "can_link": bool(user and user.has_perm(LINK)),
    }


def run_suggestions(run_id: int, user) -> dict:
    """The suggestions an import run made, for its admin page."""
    rows = [
        {
            "suggestion": s,
            "open": s.state == LinkSuggestion.State.OPEN and s.other_id is not None,
            "languages": (s.document.language, s.other_document.language),
            "urls": [
                reverse("admin:articles_article_review", args=[pk])
                for pk in (s.article_id, s.other_id)
                if pk is not None
            ],
        }
        for s in LinkSuggestion.objects.filter(import_run_id=run_id).select_related(
            "document", "other_document"
        )
    ]
    return {"rows": rows, "can_link": bool(user and user.has_perm(LINK))}


def urls(modeladmin) -> list:
    view = modeladmin.admin_site.admin_view
    return [
        path(
            "suggestions/<int:suggestion_id>/<str:decision>/",
            view(lambda request, **kwargs: decide_view(modeladmin, request, **kwargs)),
            name="articles_article_suggestion",
        )
    ]


def decide_view(modeladmin, request, suggestion_id: int, decision: str):
    """POST: link the two articles of a suggestion, or record that they are not translations."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if decision not in ("link", "reject"):
        raise Http404
    if not request.user.has_perm(LINK):
        raise PermissionDenied
    suggestion = LinkSuggestion.objects.filter(pk=suggestion_id).first()
    if suggestion is None:
        raise Http404
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("admin:articles_article_review", args=[suggestion.article_id])
    try:
        if decision == "link":
            kept = services.suggestion_link(suggestion=suggestion, user=request.user)
            modeladmin.message_user(
                request,
                _("Linked: article #%(article)s now holds both stories' versions.")
                % {"article": kept.pk},
                messages.SUCCESS,
            )
            # The review page of the story now whole: its versions side by side.
            return redirect(reverse("admin:articles_article_review", args=[kept.pk]))
        services.suggestion_reject(suggestion=suggestion, user=request.user)
        modeladmin.message_user(
            request,
            _("Noted: articles #%(first)s and #%(second)s are not translations of each other.")
            % {"first": suggestion.article_id, "second": suggestion.other_id},
            messages.SUCCESS,
        )
    except ValidationError as exc:
        modeladmin.message_user(request, " ".join(exc.messages), messages.ERROR)
    return redirect(back)
