"""The public site: one edition per language, showing only what is published now.

Every view reads through `EditionMixin.edition()`, i.e. through
`Article.objects.edition(language)`: a version that is a draft, in review,
archived or scheduled for later is not in it, so it 404s and is never linked.
The language is the one `i18n_patterns` activated from the URL prefix.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponseRedirect, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.views import defaults
from django.views.generic import DetailView, ListView

from articles.filters import ArticleFilter
from articles.models import Article, SourceDocument, localized
from articles.rendering import body_blocks, key_point_lines, passage_lang
from articles.search_results import results_page


class EditionMixin:
    """Owns the queryset: the active language's edition at one instant."""

    def dispatch(self, request, *args, **kwargs):
        self.language = translation.get_language()
        self.now = timezone.now()
        return super().dispatch(request, *args, **kwargs)

    def edition(self):
        return Article.objects.edition(self.language, self.now).with_live_versions(self.now)

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)


class ArticleListView(EditionMixin, ListView):
    """The edition's front page: newest first, filterable, searchable, paginated."""

    template_name = "articles/index.html"
    context_object_name = "articles"
    paginate_by = 10

    def get_queryset(self):
        self.filterset = ArticleFilter(
            self.request.GET or None,
            queryset=self.edition(),
            language=self.language,
            now=self.now,
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            # A malformed value (a date) shows the form's error, not an unfiltered list.
            return self.filterset.queryset.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filtered = any(self.request.GET.get(name) for name in self.filterset.filters)
        # A search or filtered list is not a page of its own for search engines.
        canonical = reverse("articles:index")
        if context["page_obj"].number > 1 and not filtered:
            canonical += f"?page={context['page_obj'].number}"
        # Every edition exists, so each front page is an alternate of the others.
        alternates = []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                alternates.append((code, self.absolute(reverse("articles:index"))))
        context.update(
            search=self.search_results(context),
            filter=self.filterset,
            filtered=filtered,
            canonical_url=self.absolute(canonical),
            alternates=alternates,
            x_default_url=self.absolute(reverse("edition-redirect")),
        )
        return context

    def search_results(self, context):
        """The search's snippets and ways out of a dead end (`search_results`), if searching."""
        form = self.filterset.form
        query = form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else ""
        if not query or not query.strip():
            return None
        return results_page(
            query=query.strip(),
            language=self.language,
            articles=context["articles"],
            count=context["paginator"].count,
            now=self.now,
        )


class ArticleDetailView(EditionMixin, DetailView):
    """One story in the edition's language, with links to its other published versions."""

    template_name = "articles/detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        slug_field = localized("slug", self.language)
        article = self.edition().filter(**{slug_field: self.kwargs["slug"]}).first()
        if article is None:
            raise Http404("No published article with this slug in this language.")
        return article

    def get_context_data(self, **kwargs):
        article, language = self.object, self.language
        versions = article.live_versions
        passages = SourceDocument.objects.passage_languages(article, language)
        return super().get_context_data(
            body_blocks=body_blocks(article.text("body", language), language, passages),
            key_points=key_point_lines(article.text("key_points", language), language, passages),
            lede_lang=passage_lang(article.text("lede", language), language, passages),
            other_versions=[v for v in versions if v.language != self.language],
            canonical_url=self.absolute(article.get_absolute_url()),
            alternates=[(v.language, self.absolute(v.get_absolute_url())) for v in versions],
            x_default_url=self.absolute(x_default_version(article).get_absolute_url()),
            **kwargs,
        )


def x_default_version(article: Article):
    """The version for readers whose language has none: the site's default, else the source's.

    Falls back to the first live version; `article.live_versions` must be prefetched.
    """
    by_language = {version.language: version for version in article.live_versions}
    for code in (settings.LANGUAGE_CODE, article.source_language):
        if code in by_language:
            return by_language[code]
    return article.live_versions[0] if article.live_versions else None


def edition_redirect(request):
    """`/`: the edition in the reader's language (Accept-Language or cookie), else English."""
    language = translation.get_language_from_request(request, check_path=False)
    with translation.override(language):
        response = HttpResponseRedirect(reverse("articles:index"))
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def page_not_found(request, exception):
    """404 in the edition's language (LocaleMiddleware activated it from the URL)."""
    return defaults.page_not_found(request, exception, template_name="404.html")


def server_error(request):
    """500 in the edition's language, rendered without the database or context processors."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"LANGUAGE_CODE": translation.get_language()}))
