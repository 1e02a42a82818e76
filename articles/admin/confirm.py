"""No live change by accident: a confirmation page first, an Undo after.

Every admin request that would change what readers see — publish or schedule,
unpublish or archive a published version, detach one, the same as list actions —
is answered first with a page saying exactly what changes for readers ("The French
page /fr/… will show the working copy; 2 words differ"), which sends the same
request again with `confirmed=1`. It is a plain form: it works without JavaScript.
Requests that change nothing readers see run at once: a draft archived, and any
change to a text (an edit, a restore, a fix), which on a published version waits in
its working copy (`services.edits_wait`; `waiting_copy` says so, with a link).

Publishing also shows the headline and slug readers will get, marked when the
importer wrote them; the editor corrects or keeps them there
(`services.confirm_headline`), so an importer's "…"-cut headline never reaches the
H1, the feed and the URL unseen.

After a single version's publish, unpublish, restore or fix, and after a fix
applied in every version, the success message carries an Undo button:
`services.undo_change` puts the text and state of each version the change touched
back as the history recorded them before, as a change of its own.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles import history, roles, services, transitions
from articles.language_names import name_in_sentence
from articles.models import LANGUAGE_CODES, Article, Finding, LanguageVersion, Status

#: Workflow operations that may change what readers see.
LIVE_OPERATIONS = ("publish", "unpublish", "archive")
_NOT_CARRIED = {"csrfmiddlewaretoken", "confirmed", "confirm_title", "confirm_slug"}


def confirmed(request) -> bool:
    return request.POST.get("confirmed") == "1"


def when_text(moment) -> str:
    """A moment as the confirmations and messages say it, in the current zone."""
    return date_format(timezone.localtime(moment), "j F Y H:i")


def public_page(version: LanguageVersion) -> str:
    """What readers call the page: "The French page /fr/slug/"."""
    try:
        url = version.get_absolute_url() if version.text("slug") else ""
    except NoReverseMatch:
        url = ""
    name = name_in_sentence(version.language)
    if url:
        return gettext("The %(language)s page %(url)s") % {"language": name, "url": url}
    return gettext("The %(language)s page") % {"language": name}


def workflow_change(version: LanguageVersion, operation: str, at=None) -> str:
    """What `operation` changes for readers of `version`; "" if nothing."""
    page, now = public_page(version), timezone.now()
    scheduled = version.status == Status.PUBLISHED and not version.is_live
    if operation == "publish":
        when = at or now
        if timezone.is_naive(when):
            when = timezone.make_aware(when)
        if when <= now:
            if version.is_live:
                return gettext(
                    "%(page)s stays as readers see it; its publication time becomes now."
                ) % {"page": page}
            return gettext("%(page)s will be visible to readers from now on.") % {"page": page}
        if version.is_live:
            return gettext(
                "%(page)s will disappear until %(when)s: readers get “not found” until then."
            ) % {"page": page, "when": when_text(when)}
        return gettext("%(page)s will appear to readers on %(when)s.") % {
            "page": page,
            "when": when_text(when),
        }
    if operation in ("unpublish", "archive"):
        if version.is_live:
            return gettext(
                "%(page)s will disappear: readers will get “not found”, and the other "
                "languages will no longer link to it."
            ) % {"page": page}
        if scheduled:
            return gettext("%(page)s will not appear on %(when)s as scheduled.") % {
                "page": page,
                "when": when_text(version.published_at),
            }
    return ""


def _published(version: LanguageVersion) -> bool:
    return version.status == Status.PUBLISHED


def waiting_copy(done: str, article: Article, languages: list[str]) -> str:
    """`done`, then: the change waits in these published versions' working copies, with
    a link to each copy's panel on the change form (its preview, diff and Publish)."""
    links = [
        format_html(
            '<a href="{}#nr-working-copy-{}">{}</a>',
            reverse("admin:articles_article_change", args=[article.pk]),
            code,
            gettext("the working copy of the %(language)s text")
            % {"language": name_in_sentence(code)},
        )
        for code in languages
    ]
    # The sentence is escaped before the links go in: they are the only markup.
    waits = conditional_escape(
        ngettext(
            "Readers still see the published text: the change waits in %(copies)s until it "
            "is published.",
            "Readers still see the published texts: the change waits in %(copies)s until "
            "they are published.",
            len(links),
        )
    ) % {"copies": mark_safe(", ".join(links))}
    return format_html("{} {}", done, mark_safe(waits))


def replace_change(version: LanguageVersion) -> str:
    if not _published(version):
        return ""
    return gettext(
        "%(page)s will disappear: the new text takes its place as a draft, and readers get "
        "“not found” until it is published. The current text stays in the history."
    ) % {"page": public_page(version)}


def detach_change(version: LanguageVersion) -> str:
    if not _published(version):
        return ""
    return gettext(
        "%(page)s moves into an article of its own: it will no longer link to the other "
        "languages of this story, nor they to it."
    ) % {"page": public_page(version)}


def page(
    modeladmin,
    request,
    article: Article | None,
    *,
    title: str,
    changes: list[str],
    button: str,
    cancel_url: str,
    headline: LanguageVersion | None = None,
    error: str = "",
) -> TemplateResponse:
    """The confirmation page: `changes` for readers, the request's fields carried as they came."""
    carry = [
        (name, value)
        for name in request.POST
        if name not in _NOT_CARRIED
        for value in request.POST.getlist(name)
    ]
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.opts,
        "article": article,
        "title": title,
        "changes": changes,
        "button": button,
        "carry": carry,
        "action_url": request.get_full_path(),
        "cancel_url": cancel_url,
        "error": error,
    }
    if headline is not None:
        context.update(
            headline=headline,
            headline_title=request.POST.get("confirm_title", headline.text("title")),
            headline_slug=request.POST.get("confirm_slug", headline.text("slug")),
        )
    return TemplateResponse(request, "admin/articles/article/confirm.html", context)


def workflow_page(
    modeladmin, request, versions, operation: str, data: dict, cancel_url: str, error: str = ""
):
    """The confirmation page for `operation` on `versions`, or None if readers see no change
    or the editor has confirmed (unless there is an `error` to show)."""
    if operation not in LIVE_OPERATIONS or (confirmed(request) and not error):
        return None
    versions = list(versions.select_related("article"))
    changes = [
        c for c in (workflow_change(v, operation, data.get("publish_at")) for v in versions) if c
    ]
    if operation == "publish" and len(versions) > 1:
        changes += [
            gettext(
                "%(page)s gets a headline the importer wrote, which nobody has checked: "
                "“%(title)s”."
            )
            % {"page": public_page(v), "title": v.text("title")}
            for v in versions
            if v.title_derived
        ]
    if not changes:
        return None
    single = versions[0] if len(versions) == 1 else None
    names = {"publish": _("Publish"), "unpublish": _("Unpublish"), "archive": _("Archive")}
    buttons = {
        "publish": _("Yes, publish"),
        "unpublish": _("Yes, unpublish"),
        "archive": _("Yes, archive"),
    }
    if single is not None:
        title = gettext("%(operation)s the %(language)s version of “%(article)s”?") % {
            "operation": names[operation],
            "language": name_in_sentence(single.language),
            "article": single.article,
        }
    else:
        title = gettext("%(operation)s %(n)d versions?") % {
            "operation": names[operation],
            "n": len(versions),
        }
    response = page(
        modeladmin,
        request,
        single.article if single else None,
        title=title,
        changes=changes,
        button=buttons[operation],
        cancel_url=cancel_url,
        headline=single if operation == "publish" and single is not None else None,
        error=error,
    )
    if operation == "publish":
        response.context_data.update(publish_findings(versions, data))
    return response


def publish_findings(versions: list[LanguageVersion], data: dict) -> dict:
    """What the editor publishes over: each version's open blocking findings, the reason
    they typed (repeated, as it goes into the history), and the advisory findings by name."""
    found = (
        Finding.objects.open()
        .filter(version__in=versions)
        .select_related("version")
        .order_by("version__language", "paragraph", "pk")
    )
    blocking = [f for f in found if f.severity == Finding.Severity.BLOCKING]
    return {
        "blocking": blocking,
        "advisory": [f for f in found if f.severity != Finding.Severity.BLOCKING],
        "override_reason": (data.get("override_reason") or "").strip() if blocking else "",
    }


def confirm_headline(request, version: LanguageVersion, data: dict) -> None:
    """Keep or correct the headline shown on the publish confirmation (ValidationError if not).

    The publish that follows expects the version as the editor saw it (`lock_version`):
    checked here first, then moved on past this save of the headline."""
    if "confirm_title" not in request.POST:
        return
    title, slug = request.POST.get("confirm_title", ""), request.POST.get("confirm_slug", "")
    if not version.title_derived and (title, slug) == (version.text("title"), version.text("slug")):
        return
    expected = data.get("lock_version")
    if expected is not None and expected != version.lock_version:
        return  # the publish refuses it, saying someone changed the version meanwhile
    version = services.confirm_headline(version=version, title=title, slug=slug, user=request.user)
    if expected is not None:
        data["lock_version"] = version.lock_version


# --- undo ------------------------------------------------------------------------------


def offer_undo(
    modeladmin, request, article: Article, language: str | list[str], done: str, back: str = ""
) -> None:
    """The success message `done`, with an Undo button for the change just recorded to
    `language` (or to each of a list of languages: a fix applied in every version).

    After undoing, the editor lands on `back` (else the page the form named as `next`,
    else the review page)."""
    latest = history.article_history(article).first()
    if latest is None:
        modeladmin.message_user(request, done, messages.SUCCESS)
        return
    languages = [language] if isinstance(language, str) else language
    message = format_html(
        '{} <form method="post" action="{}" class="nr-undo">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        "{}"
        '<input type="hidden" name="history_entry_id" value="{}">'
        '<input type="hidden" name="next" value="{}">'
        '<button type="submit" class="button">{}</button></form>',
        done,
        reverse("admin:articles_article_undo", args=[article.pk]),
        get_token(request),
        format_html_join(
            "", '<input type="hidden" name="language" value="{}">', ((c,) for c in languages)
        ),
        latest.pk,
        back or request.POST.get("next") or "",
        gettext("Undo"),
    )
    modeladmin.message_user(request, message, messages.SUCCESS)


#: How long the latest change stays undoable from the version's history page.
UNDO_WINDOW = timedelta(hours=1)


def undo_offer(request, article: Article, latest) -> dict | None:
    """The article's latest history entry, if the user may still undo it from its history:
    made within `UNDO_WINDOW`, about one language (or a fix in every version, with the
    languages it changed), and a change the user could make."""
    if latest is None or timezone.now() - latest.revision.date_created > UNDO_WINDOW:
        return None
    recorded = history.parse(latest.revision.comment) or {}
    language = recorded.get("language", "")
    if not language or recorded.get("action") in ("baseline", "undid"):
        return None
    if not request.user.has_perm(roles.CHANGE_TEXT):
        return None
    languages = recorded.get("languages") or [language]
    for code in languages:
        version = article.versions.filter(language=code).first()
        if _touches_readers(article, version) and not request.user.has_perm(roles.PUBLISH):
            return None
    if roles.live_text_refused(request.user, article.pk, languages):
        return None
    return {"history_entry_id": latest.pk, "languages": languages, "entry": latest}


def _touches_readers(article: Article, version: LanguageVersion | None) -> bool:
    """Is the version published now, or was it before the latest change?"""
    if version is None:
        return False
    if _published(version):
        return True
    entries = list(history.article_history(article)[:2])
    before = history.state_at(entries[1], version.language) if len(entries) == 2 else None
    return bool(before and before.get("status") == Status.PUBLISHED)


class ConfirmViewMixin:
    """Adds the undo endpoint to the article admin."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/undo/", view(self.undo_view), name="articles_article_undo"),
            *super().get_urls(),
        ]

    def undo_view(self, request, object_id):
        self._post_only(request)
        article = self._article(request, object_id)
        languages = list(dict.fromkeys(request.POST.getlist("language")))
        if not languages or any(language not in LANGUAGE_CODES for language in languages):
            raise Http404("No such language.")
        # Undoing is a change like the one undone: one that readers see needs who may publish.
        self._require(request, roles.CHANGE_TEXT)
        for language in languages:
            version = article.versions.filter(language=language).first()
            if _touches_readers(article, version) and not request.user.has_perm(roles.PUBLISH):
                raise PermissionDenied
        # Nor outside the user's own languages, nor on a version locked in review or archived.
        if roles.live_text_refused(request.user, article.pk, languages):
            raise PermissionDenied
        posted = request.POST.get("history_entry_id", "")
        history_entry_id = int(posted) if posted.isascii() and posted.isdigit() else 0
        try:
            for language in languages:
                effect = services.undo_effect(
                    article=article, language=language, history_entry_id=history_entry_id
                )
                # Reversing a move of the version's state takes the permission of that move.
                permission = transitions.permission_to_reverse(
                    effect.status_before, effect.status_now
                )
                if permission and not request.user.has_perm(permission):
                    raise PermissionDenied
            services.undo_change(
                article=article,
                languages=languages,
                history_entry_id=history_entry_id,
                user=request.user,
            )
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                ngettext(
                    "Undone: the %(languages)s version is back as it was before.",
                    "Undone: the %(languages)s versions are back as they were before.",
                    len(languages),
                )
                % {
                    "languages": get_text_list(
                        [name_in_sentence(code) for code in languages], gettext("and")
                    )
                },
                messages.SUCCESS,
            )
        return redirect(self._next_url(request) or self._review_url(article, languages[0]))
