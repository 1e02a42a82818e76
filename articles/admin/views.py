"""The article admin's own pages: review side by side, workflow buttons, link, history, findings.

Each view checks the Django permission of what it does on the server (raising
PermissionDenied) even though the templates already hide what the user may not
do; the work itself is done by articles.services, whose ValidationErrors
become admin messages.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import editorial_checks, history, roles, services, working_copies
from articles.admin import confirm, linking, suggestions
from articles.admin import language as admin_language
from articles.admin.forms import refusal_message
from articles.admin.review import Permissions, review_grid
from articles.language_names import LANGUAGE_NAMES, name_in_sentence
from articles.models import (
    CONTENT_FIELDS,
    LANGUAGE_CODES,
    Article,
    Finding,
)
from articles.roles import CHANGE_TEXT, CHANGE_VERSION, DISMISS, LINK, OVERRIDE, PUBLISH
from articles.transitions import TRANSITIONS

#: How the history page names `CONTENT_FIELDS`, in their order.
FIELD_LABELS = (
    _("Title"),
    _("Slug"),
    _("Lede"),
    _("Body"),
    _("Key points"),
    _("Attribution"),
)

#: operation -> (service, permission, what the success message says); the moves between
#: states take their permission from `TRANSITIONS`.
WORKFLOW = {
    "submit": (
        services.submit_for_review,
        TRANSITIONS["submit"].permission,
        _("Submitted for review"),
    ),
    "publish": (services.publish, TRANSITIONS["publish"].permission, _("Published or scheduled")),
    "unpublish": (services.unpublish, TRANSITIONS["unpublish"].permission, _("Unpublished")),
    "archive": (services.archive, TRANSITIONS["archive"].permission, _("Archived")),
    "reviewed": (services.mark_reviewed, CHANGE_VERSION, _("Marked reviewed")),
    "send_back": (
        services.send_back,
        TRANSITIONS["send_back"].permission,
        _("Sent back to the translator"),
    ),
}


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _wants_json(request) -> bool:
    """A script's request (`translate_editor.js`), answered in JSON instead of a redirect."""
    return request.headers.get("Accept", "") == "application/json"


def run_workflow(
    modeladmin, request, versions, operation: str, data: dict, *, undo: bool = False
) -> int:
    """Apply one workflow operation to `versions`; report each refusal; return how many changed.

    With `undo`, a change to a single version is reported with an Undo button."""
    if operation not in WORKFLOW:
        raise Http404("No such operation.")
    service, permission, done_label = WORKFLOW[operation]
    if not request.user.has_perm(permission):
        raise PermissionDenied
    kwargs = {}
    if data.get("lock_version"):
        kwargs["lock_version"] = data["lock_version"]
    if operation == "publish":
        reason = (data.get("override_reason") or "").strip()
        if reason and not request.user.has_perm(OVERRIDE):
            raise PermissionDenied
        kwargs.update(at=data.get("publish_at"), override_reason=reason)
        # The confirmation page showed each importer-written headline (services.publish).
        kwargs["confirm_headline"] = confirm.confirmed(request)
    if operation == "send_back":
        kwargs["note"] = data.get("note") or ""
    done, changed = 0, None
    for version in versions.select_related("article"):
        # A translator acts on their own languages only, and not on a version in review.
        reason = roles.text_refusals(request.user, version.article_id, [version.language]).get(
            version.language
        )
        if reason == roles.NOT_THEIRS or (reason == roles.IN_REVIEW and operation == "reviewed"):
            modeladmin.message_user(
                request, f"{version}: {refusal_message(version.language, reason)}", messages.ERROR
            )
            continue
        try:
            changed = service(version=version, user=request.user, **kwargs)
        except ValidationError as exc:
            modeladmin.message_user(request, f"{version}: {_errors(exc)}", messages.ERROR)
        else:
            done += 1
    message = ngettext("%(done)s: %(n)d version.", "%(done)s: %(n)d versions.", done) % {
        "done": done_label,
        "n": done,
    }
    if done == 1 and undo and operation in confirm.LIVE_OPERATIONS:
        confirm.offer_undo(modeladmin, request, changed.article, changed.language, message)
    elif done:
        modeladmin.message_user(request, message, messages.SUCCESS)
    return done


def _refusal(user, article: Article, language: str) -> str:
    """Why `user` may not change `language`'s text, in words; "" if they may."""
    reason = roles.text_refusals(user, article.pk, [language]).get(language)
    return refusal_message(language, reason) if reason else ""


class WorkflowForm(forms.Form):
    operation = forms.ChoiceField(
        choices=[(op, op) for op in [*WORKFLOW, "source", "discard_copy"]]
    )
    language = forms.ChoiceField(choices=[(code, code) for code in LANGUAGE_CODES])
    publish_at = forms.DateTimeField(required=False)
    override_reason = forms.CharField(required=False)
    lock_version = forms.IntegerField(required=False)
    note = forms.CharField(required=False)


class ArticleViewsMixin:
    """URLs and views added under /admin/articles/article/<id>/."""

    def get_urls(self):
        urls = super().get_urls()
        view = self.admin_site.admin_view
        mine = [
            path(
                "interface-language/",
                view(lambda request: admin_language.language_view(self, request)),
                name="articles_article_interface_language",
            ),
            path(
                "<path:object_id>/review/", view(self.review_view), name="articles_article_review"
            ),
            path(
                "<path:object_id>/workflow/",
                view(self.workflow_view),
                name="articles_article_workflow",
            ),
            path("<path:object_id>/link/", view(self.link_view), name="articles_article_link"),
            path(
                "<path:object_id>/detach/", view(self.detach_view), name="articles_article_detach"
            ),
            path(
                "<path:object_id>/revisions/",
                view(self.revisions_view),
                name="articles_article_revisions",
            ),
            path(
                "<path:object_id>/findings/<int:finding_id>/",
                view(self.finding_view),
                name="articles_article_finding",
            ),
        ]
        return suggestions.urls(self) + mine + urls  # first: "./link/" would match link_view

    # --- helpers ---------------------------------------------------------------------

    def _article(self, request, object_id) -> Article:
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No such article.")
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        # A plain instance: the list's queryset prefetches versions, which would go stale here.
        return Article.objects.get(pk=article.pk)

    def _require(self, request, permission: str) -> None:
        if not request.user.has_perm(permission):
            raise PermissionDenied

    def _review_url(self, article: Article, language: str = "", shown: str = "") -> str:
        """The review page, showing the versions `shown` (as chosen there), at `language`."""
        url = reverse("admin:articles_article_review", args=[article.pk])
        if shown and all(code in LANGUAGE_CODES for code in shown.split(",")):
            url += f"?languages={shown}"
        return f"{url}#lang-{language}" if language else url

    def _context(self, request, article: Article, title: str, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "article": article,
            "title": title,
            "can": self._can(request),
            **extra,
        }

    def _can(self, request) -> dict[str, bool]:
        """What the user may do on the article's pages, by action."""
        return {
            "change": request.user.has_perm(CHANGE_TEXT),
            "submit": request.user.has_perm(CHANGE_VERSION),
            "publish": request.user.has_perm(PUBLISH),
            "link": request.user.has_perm(LINK),
            "override": request.user.has_perm(OVERRIDE),
            "dismiss": request.user.has_perm(DISMISS),
        }

    # --- review --------------------------------------------------------------------

    def review_view(self, request, object_id):
        article = self._article(request, object_id)
        grid = review_grid(
            article=article,
            user=request.user,
            # The chooser's checkboxes send one value each; links send "en,fr" or "all".
            requested=",".join(request.GET.getlist("languages")),
            first=request.GET.get("first", ""),
            can=Permissions(**self._can(request)),
        )
        context = self._context(
            request, article, _("Review: %(article)s") % {"article": article}, **grid
        )
        context["is_nav_sidebar_enabled"] = False  # the columns need the page's whole width
        return TemplateResponse(request, "admin/articles/article/review.html", context)

    @staticmethod
    def _post_only(request):
        if request.method != "POST":
            raise Http404("POST only.")

    def workflow_view(self, request, object_id):
        self._post_only(request)
        article = self._article(request, object_id)
        form = WorkflowForm(request.POST)
        if not form.is_valid():
            self.message_user(request, _("That request was incomplete."), messages.ERROR)
            return redirect(self._review_url(article))
        data = form.cleaned_data
        language = data["language"]
        if data["operation"] == "source":
            # Which version the others translate is how versions relate: an editor's call.
            self._require(request, LINK)
            try:
                services.mark_source(article=article, language=language, user=request.user)
            except ValidationError as exc:
                self.message_user(request, _errors(exc), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(language)s is now the source version.")
                    % {"language": services.language_name(language)},
                    messages.SUCCESS,
                )
        elif data["operation"] == "discard_copy" or (
            data["operation"] == "publish"
            and working_copies.has_working_copy(article.versions.filter(language=language).first())
        ):
            return self._working_copy(request, article, language, data)
        else:
            versions = article.versions.filter(language=language)
            self._require(request, WORKFLOW[data["operation"]][1])
            if (data.get("override_reason") or "").strip():
                self._require(request, OVERRIDE)
            page = confirm.workflow_page(
                self,
                request,
                versions,
                data["operation"],
                data,
                self._review_url(article, language),
            )
            if page is not None:
                return page
            if data["operation"] == "publish" and versions:
                try:
                    confirm.confirm_headline(request, versions[0], data)
                except ValidationError as exc:  # the page again, saying what to correct
                    return confirm.workflow_page(
                        self,
                        request,
                        versions,
                        "publish",
                        data,
                        self._review_url(article, language),
                        error=_errors(exc),
                    )
            run_workflow(self, request, versions, data["operation"], data, undo=True)
        # Land where the result shows: the message (with its Undo) at the top of the view.
        back = self._review_url(article, "", request.POST.get("shown", ""))
        return redirect(self._next_url(request) or f"{back}#nr-result")

    def _working_copy(self, request, article: Article, language: str, data: dict):
        """Publish a published version's working copy (after a confirmation showing the
        diff from the text readers see), or discard it."""
        self._require(request, PUBLISH)
        version = article.versions.select_related("article").get(language=language)
        back = self._review_url(article, "", request.POST.get("shown", ""))
        name = name_in_sentence(language)
        if data["operation"] == "discard_copy":
            try:
                working_copies.discard_working_copy(
                    version=version, user=request.user, seen_checksum=request.POST.get("copy")
                )
            except ValidationError as exc:
                self.message_user(request, _errors(exc), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Discarded the working copy: the %(language)s text is the published one.")
                    % {"language": name},
                    messages.SUCCESS,
                )
            return redirect(self._next_url(request) or f"{back}#nr-result")
        reason = (data.get("override_reason") or "").strip()
        if reason:
            self._require(request, OVERRIDE)
        if not confirm.confirmed(request):
            diffs = working_copies.diffs(
                version, dict(zip(CONTENT_FIELDS, FIELD_LABELS, strict=True))
            )
            words = sum(d["words"] for d in diffs)
            response = confirm.page(
                self,
                request,
                article,
                title=_("Publish the working copy of the %(language)s text?") % {"language": name},
                changes=[
                    ngettext(
                        "%(page)s will show the working copy; %(n)d word differs.",
                        "%(page)s will show the working copy; %(n)d words differ.",
                        words,
                    )
                    % {"page": confirm.public_page(version), "n": words}
                ],
                button=_("Yes, publish it"),
                cancel_url=back,
            )
            response.context_data["diffs"] = diffs
            # The copy these diffs show (not the one the panel showed, if it posted one):
            # publishing refuses another saved meanwhile.
            carry = [(n, v) for n, v in response.context_data["carry"] if n != "copy"]
            response.context_data["carry"] = [*carry, ("copy", working_copies.checksum(version))]
            return response
        try:
            version = working_copies.publish_working_copy(
                version=version,
                user=request.user,
                at=data.get("publish_at"),
                override_reason=reason,
                seen_checksum=request.POST.get("copy"),
            )
        except ValidationError as exc:
            self.message_user(request, _errors(exc), messages.ERROR)
        else:
            if version.is_live:
                done = _("Published the working copy: readers now see the new %(language)s text.")
            else:  # a scheduled version's copy: readers see it at the version's time
                done = _(
                    "Scheduled the working copy: readers see the new %(language)s text from "
                    "%(when)s."
                )
            done %= {"language": name, "when": confirm.when_text(version.published_at)}
            confirm.offer_undo(self, request, article, language, done)
        return redirect(self._next_url(request) or f"{back}#nr-result")

    # --- link and detach -------------------------------------------------------------

    def link_view(self, request, object_id):
        article = self._article(request, object_id)
        self._require(request, LINK)
        context = self._context(
            request, article, _("Link a version to %(article)s") % {"article": article}
        )
        return linking.link_view(self, request, article, context)

    def detach_view(self, request, object_id):
        self._post_only(request)
        article = self._article(request, object_id)
        self._require(request, LINK)
        language = request.POST.get("language", "")
        try:
            version = services.version_get(article=article, language=language)
            change = confirm.detach_change(version)
            if change and not confirm.confirmed(request):
                return confirm.page(
                    self,
                    request,
                    article,
                    title=_("Detach the %(language)s version into its own article?")
                    % {"language": name_in_sentence(language)},
                    changes=[change],
                    button=_("Yes, detach it"),
                    cancel_url=self._review_url(article, language),
                )
            new = services.detach_version(version=version, user=request.user)
        except ValidationError as exc:
            self.message_user(request, _errors(exc), messages.ERROR)
            return redirect(self._review_url(article))
        self.message_user(
            request,
            _("The %(language)s version is now article #%(pk)d.")
            % {"language": name_in_sentence(language), "pk": new.pk},
            messages.SUCCESS,
        )
        return redirect(self._review_url(new, language))

    # --- history and restore -----------------------------------------------------

    def revisions_view(self, request, object_id):
        article = self._article(request, object_id)
        revisions = history.article_history(article)
        if request.method == "POST":
            self._require(request, CHANGE_TEXT)
            language = request.POST.get("language", "")
            if roles.live_text_refused(request.user, article.pk, [language]):
                raise PermissionDenied
            back = f"{reverse('admin:articles_article_revisions', args=[article.pk])}?language={language}"
            posted = request.POST.get("version", "")
            try:
                if not (posted.isascii() and posted.isdigit()):
                    raise ValidationError(
                        _("“%(version)s” is not an entry of this article's history.")
                        % {"version": posted}
                    )
                version = services.restore_text(
                    article=article,
                    language=language,
                    history_entry_id=int(posted),
                    user=request.user,
                )
            except ValidationError as exc:
                self.message_user(request, _errors(exc), messages.ERROR)
            else:
                done = _("Restored the %(language)s text; the other languages are unchanged.") % {
                    "language": name_in_sentence(language)
                }
                if working_copies.has_working_copy(version):
                    done = confirm.waiting_copy(done, article, [language])
                elif services.edits_wait(version):
                    done = _(
                        "The %(language)s text of that revision is the published one: no "
                        "working copy waits."
                    ) % {"language": name_in_sentence(language)}
                confirm.offer_undo(self, request, article, language, done, back=back)
            return redirect(back)
        # The language the editor came from (?language=), else the source, else the first.
        having = [c for c in LANGUAGE_CODES if article.versions.filter(language=c).exists()]
        language = (
            request.GET.get("language")
            or article.source_language
            or (having[0] if having else LANGUAGE_CODES[0])
        )
        if language not in LANGUAGE_CODES:
            raise Http404("No such language.")
        show_all = request.GET.get("all") == "1"
        listed = revisions[:200] if show_all else history.language_events(revisions[:200], language)
        wanted = request.GET.get("version", "")
        selected = (
            revisions.filter(pk=int(wanted)).first()
            if wanted.isascii() and wanted.isdigit()
            else None
        )
        diffs = []
        version = article.versions.filter(language=language).select_related("article").first()
        if selected is not None:
            # Compared with the text an editor works on: a published version's working copy.
            current = (
                services.working_text(version)
                if version
                else {field: article.text(field, language) for field in CONTENT_FIELDS}
            )
            old = history.text_at(selected, language)
            labels = dict(zip(CONTENT_FIELDS, FIELD_LABELS, strict=True))
            for field in CONTENT_FIELDS:
                segments, words = history.word_diff(old[field], current[field])
                if old[field] != current[field]:
                    diffs.append({"field": labels[field], "segments": segments, "words": words})
        context = self._context(
            request,
            article,
            _("History of %(article)s") % {"article": article},
            revisions=listed,
            show_all=show_all,
            selected=selected,
            language=language,
            language_label=services.language_name(language),
            language_in_sentence=name_in_sentence(language),
            languages=list(LANGUAGE_NAMES.items()),
            diffs=diffs,
            has_version=version is not None,
            # A restore there waits as the working copy (`services.edits_wait`).
            restores_to_copy=services.edits_wait(version),
            has_copy=working_copies.has_working_copy(version),
            may_restore=not roles.live_text_refused(request.user, article.pk, [language]),
            refusal=_refusal(request.user, article, language),
            undo=confirm.undo_offer(request, article, revisions.first()),
        )
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    # --- findings ----------------------------------------------------------------------

    def finding_view(self, request, object_id, finding_id):
        self._post_only(request)
        article = self._article(request, object_id)
        finding = Finding.objects.filter(pk=finding_id, version__article=article).first()
        if finding is None:
            raise Http404("No such finding.")
        operation = request.POST.get("operation")
        try:
            if operation == "dismiss":
                self._require(request, DISMISS)
                # The same finding may be shown (with its reason field) at several paragraphs.
                reason = next((r.strip() for r in request.POST.getlist("reason") if r.strip()), "")
                editorial_checks.dismiss_finding(finding, user=request.user, reason=reason)
                done = _("Finding dismissed.")
            elif operation == "apply":
                self._require(request, CHANGE_TEXT)
                everywhere = request.POST.get("everywhere") == "1"
                languages = (
                    article.versions.values_list("language", flat=True)
                    if everywhere
                    else [finding.version.language]
                )
                if roles.live_text_refused(request.user, article.pk, languages):
                    raise PermissionDenied
                applied = services.apply_suggestion(
                    finding, user=request.user, everywhere=everywhere
                )
                article.refresh_from_db()
                done = ngettext(
                    "Suggestion applied to %(n)d version.",
                    "Suggestion applied to %(n)d versions.",
                    applied.count,
                ) % {"n": applied.count}
                if applied.waiting:
                    done = confirm.waiting_copy(done, article, list(applied.waiting))
                if applied.count:
                    # Every version the fix changed is put back by one Undo.
                    language = applied.languages if everywhere else finding.version.language
                    confirm.offer_undo(self, request, article, language, done)
                    return redirect(
                        self._next_url(request)
                        or self._review_url(article, finding.version.language)
                    )
            else:
                raise Http404("No such operation.")
        except ValidationError as exc:
            if _wants_json(request):  # the translation editor's Dismiss, which stays on the page
                return JsonResponse({"ok": False, "message": _errors(exc)}, status=400)
            self.message_user(request, _errors(exc), messages.ERROR)
        else:
            if _wants_json(request):
                return JsonResponse({"ok": True, "message": str(done)})
            self.message_user(request, done, messages.SUCCESS)
        return redirect(
            self._next_url(request) or self._review_url(article, finding.version.language)
        )

    @staticmethod
    def _next_url(request) -> str:
        """The admin page a form came from (`next`), if it is one of ours."""
        url = request.POST.get("next") or request.GET.get("next") or ""
        safe = url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure())
        return url if safe and url.startswith(reverse("admin:index")) else ""
