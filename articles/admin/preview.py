"""Preview: a version in any state, on the public page template, for signed-in staff only.

/admin/articles/article/<id>/preview/<language>/ renders articles/detail.html as
a reader would get it if this version were published now: its text, the
switcher and hreflang alternates of the versions live now plus this one. The
page says "Preview — not published" and carries `noindex` (meta and header).
It is an admin view, so anonymous users get the login page; the public URL of
an unpublished version stays a 404 (the public views read only
`Article.objects.edition`, which this does not change).
"""

from __future__ import annotations

from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone, translation

from articles import working_copies
from articles.models import (
    LANGUAGE_CODES,
    STATE_LABELS,
    Article,
    LanguageVersion,
    SourceDocument,
    localized,
)
from articles.rendering import body_blocks, key_point_lines, passage_lang
from articles.views import x_default_version


def preview_url(article_id: int, language: str) -> str:
    return reverse("admin:articles_article_preview", args=[article_id, language])


def public_url(version: LanguageVersion) -> str:
    """The version's public URL, "" if it has none (no slug yet, or no public site here)."""
    try:
        return version.get_absolute_url()
    except NoReverseMatch:  # no slug yet: publishing makes one from the title
        return ""


class PreviewViewMixin:
    """Adds the preview page and sends "View on site" there for unpublished text."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/preview/<str:language>/",
                view(self.preview_view),
                name="articles_article_preview",
            ),
            *super().get_urls(),
        ]

    def view_on_site(self, article: Article) -> str:
        """The public page of the source version (else the one in the admin's language, else
        the first) if readers can see it now, else its preview: the form opens on the source."""
        versions = {v.language: v for v in article.versions.all()}
        for code in (article.source_language, translation.get_language(), *LANGUAGE_CODES):
            version = versions.get(code)
            if version is not None:
                return (
                    public_url(version) if version.is_live else preview_url(article.pk, code)
                ) or preview_url(article.pk, code)
        return ""

    def preview_view(self, request, object_id, language):
        article = self._article(request, object_id)
        if language not in LANGUAGE_CODES:
            raise Http404("No such language.")
        version = article.versions.filter(language=language).first()
        if version is None:
            raise Http404("No version in this language.")
        if working_copies.has_working_copy(version):  # the next text, as it would read
            for field, text in working_copies.texts_of(version).items():
                setattr(article, localized(field, language), text)
        now = timezone.now()
        state = version.display_status
        # As if published now: a scheduled version keeps its time, anything else gets now.
        version.published_at = version.published_at if state == "scheduled" else now
        live = [
            v
            for v in LanguageVersion.objects.published(now=now).filter(article=article)
            if v.language != language
        ]
        article.live_versions = sorted(
            [*live, version], key=lambda v: LANGUAGE_CODES.index(v.language)
        )
        article.published_at = version.published_at
        passages = SourceDocument.objects.passage_languages(article, language)
        absolute = request.build_absolute_uri
        # The page is the reader's, in `language`; its banner is the editor's, in theirs.
        editor_language = translation.get_language()
        state_label = str(STATE_LABELS[state])
        with translation.override(language):
            urls = {v.language: public_url(v) for v in article.live_versions}
            x_default = x_default_version(article)
            context = {
                "article": article,
                "preview": True,
                "preview_state": state_label,
                # The date line says what is true: a draft is not "Published: today".
                "preview_is_live": version.is_live,
                "preview_scheduled": state == "scheduled",
                "editor_language": editor_language,
                "preview_version": version,
                "body_blocks": body_blocks(article.text("body", language), language, passages),
                "key_points": key_point_lines(
                    article.text("key_points", language), language, passages
                ),
                "lede_lang": passage_lang(article.text("lede", language), language, passages),
                "other_versions": [v for v in live if urls[v.language]],
                "canonical_url": absolute(urls[language]) if urls[language] else "",
                "alternates": [(code, absolute(url)) for code, url in urls.items() if url],
                "x_default_url": absolute(urls[x_default.language])
                if x_default and urls.get(x_default.language)
                else "",
                "admin_url": reverse(
                    "admin:articles_article_translate", args=[article.pk, language]
                ),
            }
            response = TemplateResponse(
                request, "admin/articles/article/preview.html", context
            ).render()
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
