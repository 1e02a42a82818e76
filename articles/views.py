"""The public site: one edition per language, showing only what is published now.

Every view reads through `EditionMixin.edition()`, i.e. through
`ArticleQuerySet.edition(language)` (`reader_articles()`); a search's page looks its
stories up by id through `edition_by_id`, the same gate; a story's page reads through
`live_story` (its live versions, `LanguageVersion.objects.published`): a
version that is a draft, in review, archived or scheduled for later is in
neither, so it 404s and is never linked.
The language is the one `i18n_patterns` activated from the URL prefix.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import TooManyFilesSent
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.template import loader
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject, cached_property
from django.views import defaults
from django.views.generic import DetailView, ListView

from articles import history
from articles.editions import choose_edition, preferred_languages, x_default_version
from articles.filters import ArticleFilter
from articles.language_names import name_in_sentence
from articles.models import (
    CONTENT_FIELDS,
    LANGUAGE_CODES,
    Article,
    LanguageVersion,
    LiveVersion,
    Status,
    attach_live_versions,
    edition_paths,
    live_story,
    localized,
    page_passage_languages,
    reader_articles,
)
from articles.provenance import provenance as machine_provenance
from articles.reader_meta import edition_description, og_locale, story_metadata
from articles.rendering import body_blocks, key_point_lines, passage_lang, teasers
from articles.search_results import FoundStories, results_page


class EditionMixin:
    """Owns the queryset: the active language's edition at one instant."""

    def dispatch(self, request, *args, **kwargs):
        self.language = translation.get_language()
        self.now = timezone.now()
        return super().dispatch(request, *args, **kwargs)

    #: The text a page shows of each story (a front page: not the bodies).
    fields = CONTENT_FIELDS

    def edition(self):
        """The edition's articles; pages give them `live_versions` with `attach_live_versions`."""
        edition = reader_articles().edition(self.language, self.now)
        return edition.reading(self.language, self.fields)

    @cached_property
    def site_url(self) -> str:
        """The scheme and host the page was asked for (`build_absolute_uri` once, not per link)."""
        return self.request.build_absolute_uri("/").removesuffix("/")

    def absolute(self, path: str) -> str:
        """The absolute URL of a site path (from `reverse` or `detail_path`: it starts with /)."""
        return self.site_url + path


class ArticleListView(EditionMixin, ListView):
    """The edition's front page: newest first, filterable, searchable, paginated."""

    template_name = "articles/index.html"
    context_object_name = "articles"
    paginate_by = 10
    fields = ("title", "slug", "lede")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        #: (the filter's label, the value given) of each filter ignored for its invalid value
        self.ignored_filters: list[tuple[str, str]] = []

    @cached_property
    def filtered(self) -> bool:
        """Whether the reader searched or filtered: a field of the finder has a value."""
        return any(self.request.GET.get(name) for name in ArticleFilter.base_filters)

    @cached_property
    def filterset(self) -> ArticleFilter:
        """The finder over the edition, bound to the query only when searching or filtering:
        unfiltered, it is the same form whatever else the query holds (`?page=2`), which
        index.html renders once per language."""
        if not self.filtered:
            return ArticleFilter(
                None, queryset=self.edition(), language=self.language, now=self.now
            )
        data = self.request.GET.copy()
        bound = ArticleFilter(data, queryset=self.edition(), language=self.language, now=self.now)
        if not bound.is_valid():
            # A value that is not one (`?since=2026-13-01`) is left out and the page says so:
            # the other filters still apply, and no input echoes what it cannot hold.
            for name in bound.form.errors:
                if name in data:
                    self.ignored_filters.append((bound.form.fields[name].label, data[name]))
                    del data[name]
            bound = ArticleFilter(
                data, queryset=self.edition(), language=self.language, now=self.now
            )
        return bound

    def get_queryset(self):
        if not self.filtered:
            # What the unbound FilterSet gives, without building its filters and form
            # (deep copies, per request).
            return self.edition()
        if self.searching:
            # A search's snippets quote the passage that matched (set before the FilterSet
            # is built over the edition).
            self.fields = (*self.fields, "body")
        if not self.filterset.is_valid():  # the invalid values were left out: not expected
            return self.filterset.queryset.none()
        if self.searching:
            # The search's ids once: the count and each page from them, not a search each.
            edition = reader_articles().edition_by_id(self.language, self.now)
            stories = edition.reading(self.language, self.fields)
            return FoundStories(self.filterset.found_ids(), stories)
        return self.filterset.qs

    @cached_property
    def searching(self) -> bool:
        return bool(self.request.GET.get("q", "").strip())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        page.object_list = context["articles"] = attach_live_versions(page.object_list, self.now)
        paths = edition_paths()
        # A search or filtered list is not a page of its own for search engines: not indexed,
        # its canonical the edition's front page.
        canonical = paths[self.language]
        alternates = [(code, self.absolute(path)) for code, path in paths.items()]
        x_default = self.absolute(reverse("edition-redirect"))
        if page.number > 1 and not self.filtered:
            # Page N's alternates are the other editions' page N (those that have one), so its
            # hreflang set holds its own canonical URL.
            canonical += f"?page={page.number}"
            sizes = LanguageVersion.objects.edition_sizes(self.now)
            alternates = [
                (code, self.absolute(f"{path}?page={page.number}"))
                for code, path in paths.items()
                if code == self.language
                or sizes.get(code, 0) > (page.number - 1) * self.paginate_by
            ]
            x_default = ""
        language_name = name_in_sentence(self.language)
        context.update(
            page_description=edition_description(language_name),
            noindex=self.filtered,
            og_title=settings.NEWSROOM_SITE_NAME,
            og_locale=og_locale(self.language),
            og_alternate_locales=[og_locale(code) for code in paths if code != self.language],
            site_name=settings.NEWSROOM_SITE_NAME,
            # The finder's filters open only when the reader used one (not for a search alone).
            filters_open=any(
                self.request.GET.get(name) for name in ArticleFilter.base_filters if name != "q"
            ),
            search=self.search_results(context),
            teasers=[] if self.searching else teasers(context["articles"], self.language),
            # Built if the finder is rendered: with a search or filters, or the first time.
            filter=SimpleLazyObject(lambda: self.filterset),
            filtered=self.filtered,
            ignored_filters=self.ignored_filters,
            canonical_url=self.absolute(canonical),
            # Every edition exists, so each front page is an alternate of the others.
            alternates=[] if self.filtered else alternates,
            x_default_url="" if self.filtered else x_default,
        )
        return context

    def search_results(self, context):
        """The search's snippets and ways out of a dead end (`search_results`), if searching."""
        if not self.searching:
            return None  # before building the FilterSet's form, which nothing else needs
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

    def get(self, request, *args, **kwargs):
        self.story = live_story(self.language, self.kwargs["slug"], self.now)
        if self.story is None:
            siblings = taken_down_siblings(self.language, self.kwargs["slug"], self.now)
            if siblings:
                return TemplateResponse(
                    request,
                    "articles/unavailable.html",
                    {"versions": siblings, "noindex": True},
                    status=404,
                )
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        if self.story is None:
            raise Http404("No published article with this slug in this language.")
        return self.story

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # HTTP caches purge this page by the article (articles/http_cache.py).
        response.surrogate_keys = (f"article-{self.object.pk}",)
        return response

    def get_context_data(self, **kwargs):
        article, language = self.object, self.language
        versions = article.live_versions
        passages = page_passage_languages(article, language)
        metadata = story_metadata(
            article, language, self.absolute, machine=machine_provenance(article, language)
        )
        return super().get_context_data(
            metadata=metadata,
            page_description=metadata.description,
            og_type="article",
            og_title=article.text("title", language),
            og_locale=metadata.locale,
            og_alternate_locales=metadata.alternate_locales,
            site_name=settings.NEWSROOM_SITE_NAME,
            body_blocks=body_blocks(article.text("body", language), language, passages),
            key_points=key_point_lines(article.text("key_points", language), language, passages),
            lede_lang=passage_lang(article.text("lede", language), language, passages),
            other_versions=[v for v in versions if v.language != self.language],
            canonical_url=self.absolute(article.get_absolute_url()),
            alternates=[(v.language, self.absolute(v.get_absolute_url())) for v in versions],
            x_default_url=self.absolute(x_default_version(article).get_absolute_url()),
            **kwargs,
        )


def taken_down_siblings(language: str, slug: str, now) -> list[LiveVersion]:
    """The live versions of the story whose `language` version at `slug` readers could read
    once and no longer can (unpublished or archived): its 404 links them (issue 30, 8).

    Only a version the history shows published: a draft never published, in review or
    scheduled stays a bare 404, so guessing a slug tells nothing about unpublished work."""
    article = (
        Article.objects.filter(**{localized("slug", language): slug})
        .only("id", *(localized("slug", code) for code in LANGUAGE_CODES))
        .first()
    )
    if article is None:
        return []
    version = article.versions.filter(language=language).first()
    if version is None or version.status not in (Status.DRAFT, Status.ARCHIVED):
        return []
    entries = history.article_history(article).values_list("revision__comment", flat=True)
    was_live = any(
        (parsed := history.parse(comment))
        and parsed["action"] == "published"
        and parsed.get("language") == language
        for comment in entries
    )
    if not was_live:
        return []
    [article] = attach_live_versions([article], now)
    return [v for v in article.live_versions if v.language != language]


def edition_redirect(request):
    """`/`: the reader's preferred edition that has stories (`articles.editions`)."""
    preferred = preferred_languages(
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME),
        request.META.get("HTTP_ACCEPT_LANGUAGE", ""),
    )
    sizes = LanguageVersion.objects.edition_sizes(timezone.now())
    with translation.override(choose_edition(preferred, sizes)):
        response = HttpResponseRedirect(reverse("articles:index"))
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


#: How long the edition a reader chose in the menu is remembered.
EDITION_COOKIE_SECONDS = 365 * 24 * 60 * 60


def choose_edition_view(request, code: str):
    """`/edition/<code>/`, the editions' menu: remember the reader's choice (the language
    cookie `/` reads, `preferred_languages`) and go to that edition's front page. Never
    stored by a cache: the answer sets the reader's own cookie."""
    if code not in LANGUAGE_CODES:
        raise Http404("No such edition.")
    with translation.override(code):
        response = HttpResponseRedirect(reverse("articles:index"))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=EDITION_COOKIE_SECONDS,
        samesite="Lax",
        secure=request.is_secure(),
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def robots_txt(request):
    """`/robots.txt`: crawl the site but not the admin; the sitemap's absolute URL."""
    lines = [
        "User-agent: *",
        "Allow: /",
        f"Disallow: {reverse('admin:index')}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request):
    """`/favicon.ico`, which browsers and crawlers ask for whatever the page links."""
    return HttpResponsePermanentRedirect(static("articles/favicon.svg"))


def bad_request(request, exception):
    """400; saying why when the request sent more files than the site takes at once (an
    upload of separate .txt files: a .zip takes more)."""
    if not isinstance(exception, TooManyFilesSent):
        return defaults.bad_request(request, exception)
    page = loader.render_to_string(
        "400_too_many_files.html", {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FILES}
    )
    return HttpResponseBadRequest(page)


def page_not_found(request, exception):
    """404 in the edition's language (LocaleMiddleware activated it from the URL)."""
    return defaults.page_not_found(request, exception, template_name="404.html")


def server_error(request):
    """500 in the edition's language, rendered without the database or context processors."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"LANGUAGE_CODE": translation.get_language()}))
