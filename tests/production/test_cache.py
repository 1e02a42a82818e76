"""The public page cache answers readers from memory, yet never shows a page a change made stale:
the database, not the cache, says which stored page is current (articles/invalidation.py)."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from articles.caching import CACHE_HEADER, invalidate_public_pages
from articles.models import Article, LanguageVersion, Status
from tests.factories import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.production.urls")]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300


def page(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    return response.content.decode(), response.get(CACHE_HEADER, "not cacheable")


def test_second_reader_gets_the_page_from_the_cache_after_one_query_for_its_validator(
    client, django_assert_num_queries
):
    make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    first = page(client, "/en/titles/")
    with django_assert_num_queries(1):
        second = page(client, "/en/titles/")
    assert first == ("Harbour reopens", "miss")
    assert second == ("Harbour reopens", "hit")


def test_page_from_the_cache_carries_the_same_headers_as_the_first_one(client):
    make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    first = client.get("/en/titles/")
    second = client.get("/en/titles/")
    assert (first[CACHE_HEADER], second[CACHE_HEADER]) == ("miss", "hit")

    def headers(response):
        return {name: value for name, value in response.items() if name != CACHE_HEADER}

    # Language, Vary and the framing/CSP/HSTS protections survive the short cut.
    assert headers(second) == headers(first)
    assert second["Content-Language"] == "en"
    assert second["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in second


def test_unpublished_story_disappears_at_once(client):
    article = make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    assert page(client, "/en/titles/")[0] == "Harbour reopens"
    assert page(client, "/en/titles/")[1] == "hit"

    version = article.versions.get(language="en")
    version.status = Status.DRAFT
    version.save()

    assert page(client, "/en/titles/") == ("", "miss")


def test_published_story_appears_at_once(client):
    article = make_article(status=Status.IN_REVIEW, title_en="Harbour reopens")
    assert page(client, "/en/titles/")[0] == ""
    assert page(client, "/en/titles/")[1] == "hit"

    version = article.versions.get(language="en")
    version.status = Status.PUBLISHED
    version.published_at = timezone.now()
    version.save()

    assert page(client, "/en/titles/")[0] == "Harbour reopens"


def test_edited_title_shows_at_once(client):
    article = make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    page(client, "/en/titles/")
    article.title_en = "Harbour reopens after storm"
    article.save()
    assert page(client, "/en/titles/")[0] == "Harbour reopens after storm"


def test_deleted_story_disappears_at_once(client):
    article = make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    page(client, "/en/titles/")
    article.delete()
    assert page(client, "/en/titles/")[0] == ""


def test_scheduled_story_appears_when_its_time_comes(client, monkeypatch):
    start = timezone.now()
    make_article(status=Status.PUBLISHED, title_en="Old news", published_at=start - _hours(1))
    make_article(status=Status.PUBLISHED, title_en="Embargoed", published_at=start + _hours(2))
    monkeypatch.setattr(timezone, "now", lambda: start)
    assert page(client, "/en/titles/") == ("Old news", "miss")
    assert page(client, "/en/titles/") == ("Old news", "hit")

    # No save happens when an embargo lifts: the clock alone must make the page stale.
    monkeypatch.setattr(timezone, "now", lambda: start + _hours(2, seconds=1))
    assert page(client, "/en/titles/") == ("Embargoed\nOld news", "miss")


def test_no_page_is_kept_beyond_the_next_scheduled_publication(client, monkeypatch):
    from django.core.cache import cache

    start = timezone.now()
    make_article(status=Status.PUBLISHED, title_en="Embargoed", published_at=start + _hours(0, 90))
    monkeypatch.setattr(timezone, "now", lambda: start)
    seen = {}
    real_set = cache.set

    def spy(key, value, timeout=None, **kwargs):
        seen[key] = timeout
        return real_set(key, value, timeout=timeout, **kwargs)

    monkeypatch.setattr(cache, "set", spy)
    page(client, "/en/titles/")
    page_timeouts = [t for key, t in seen.items() if key.startswith("public:page:")]
    assert page_timeouts and all(0 < t <= 90 for t in page_timeouts)


def test_each_language_has_its_own_page(client):
    make_article(
        languages=("en", "fr"),
        status=Status.PUBLISHED,
        title_en="Harbour reopens",
        title_fr="Le port rouvre",
    )
    assert page(client, "/en/titles/")[0] == "Harbour reopens"
    assert page(client, "/fr/titles/") == ("Le port rouvre", "miss")
    assert page(client, "/fr/titles/") == ("Le port rouvre", "hit")
    assert page(client, "/en/titles/") == ("Harbour reopens", "hit")


def test_searches_are_rendered_each_time_and_never_grow_the_cache(client, monkeypatch):
    make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    make_article(status=Status.PUBLISHED, title_en="Bridge closes")
    stored = _stored_keys(monkeypatch)

    for n in range(50):
        assert page(client, f"/en/titles/?q=Bridge{n}") == ("", "not cacheable")
    assert page(client, "/en/titles/?q=Bridge") == ("Bridge closes", "not cacheable")
    assert page(client, "/en/titles/?q=Harbour") == ("Harbour reopens", "not cacheable")

    assert stored == set()


def test_pages_asked_for_by_unknown_hosts_or_ports_are_not_stored(client, monkeypatch, settings):
    settings.ALLOWED_HOSTS = ["news.example.org", ".example.net"]
    make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    stored = _stored_keys(monkeypatch)

    for port in range(8000, 8030):
        assert page(client, "/en/titles/", HTTP_HOST=f"news.example.org:{port}")[0] == (
            "Harbour reopens"
        )
    for name in range(30):
        assert page(client, "/en/titles/", HTTP_HOST=f"x{name}.example.net")[1] == "not cacheable"
    assert stored == set()

    assert page(client, "/en/titles/", HTTP_HOST="news.example.org") == ("Harbour reopens", "miss")
    assert len(stored) == 1


def test_signed_in_editor_always_gets_a_fresh_page_and_never_fills_the_cache(editor_client):
    article = make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    assert page(editor_client, "/en/titles/") == ("Harbour reopens", "not cacheable")
    assert page(editor_client, "/en/titles/") == ("Harbour reopens", "not cacheable")
    # Bypass the signals: only the editor's own request could have stored a page.
    LanguageVersion.objects.filter(article=article).update(status=Status.DRAFT)
    editor_client.logout()
    assert page(editor_client, "/en/titles/") == ("", "miss")


def test_response_that_sets_a_cookie_is_never_stored(client):
    make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    page(client, "/en/cookie/")
    response = client.get("/en/cookie/")
    assert response[CACHE_HEADER] == "miss"
    assert response.cookies["seen"].value == "1"


def test_a_change_counts_for_the_pages_only_once_its_transaction_commits(client):
    """The change is written beside the rows it changes: a rolled-back edit leaves the
    stored page current, a committed one makes it stale (whatever the cache holds)."""
    harbour = make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    page(client, "/en/titles/")

    with pytest.raises(RuntimeError), transaction.atomic():
        harbour.title_en = "Harbour shut"
        harbour.save()
        raise RuntimeError("the editor's save failed")
    assert page(client, "/en/titles/") == ("Harbour reopens", "hit")

    harbour.title_en = "Harbour shut"
    harbour.save()
    assert page(client, "/en/titles/") == ("Harbour shut", "miss")


def test_writes_without_signals_say_so_and_every_page_is_stale(client):
    harbour = make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    page(client, "/en/titles/")

    Article.objects.filter(pk=harbour.pk).update(title_en="Harbour shut")
    invalidate_public_pages()

    assert page(client, "/en/titles/") == ("Harbour shut", "miss")


def test_a_cache_restored_from_an_old_snapshot_shows_no_unpublished_page(
    client, monkeypatch, settings
):
    """Redis restarted from a snapshot taken before an unpublish: every entry it held then
    comes back, yet no reader sees the story again, and its old ETag is no longer current."""
    from django.core.cache import cache

    settings.NEWSROOM_HTTP_CACHE = True
    make_article(status=Status.PUBLISHED, title_en="Bridge closes")
    harbour = make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    snapshot: dict = {}
    real_set = cache.set

    def keep(key, value, *args, **kwargs):
        snapshot[key] = value
        return real_set(key, value, *args, **kwargs)

    monkeypatch.setattr(cache, "set", keep)
    before = client.get("/en/titles/")
    assert before.content.decode() == "Bridge closes\nHarbour reopens"
    taken = dict(snapshot)  # the snapshot, before the unpublish
    assert taken

    version = harbour.versions.get(language="en")
    version.status = Status.DRAFT
    version.save()
    assert page(client, "/en/titles/")[0] == "Bridge closes"
    cache.clear()
    for key, value in taken.items():  # the restore
        real_set(key, value, timeout=None)

    assert page(client, "/en/titles/")[0] == "Bridge closes"
    revalidated = client.get("/en/titles/", headers={"if-none-match": before["ETag"]})
    assert revalidated.status_code == 200
    assert revalidated.content.decode() == "Bridge closes"


def test_with_the_cache_off_every_reader_gets_a_fresh_page(client, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    page(client, "/en/titles/")
    assert page(client, "/en/titles/")[1] == "not cacheable"


@pytest.mark.parametrize(
    ("cache_url", "expected"), [("", "0"), ("redis://127.0.0.1:6379/9", "300")]
)
def test_page_cache_is_on_only_with_a_shared_cache(cache_url, expected):
    from tests.test_settings import django_setting

    env = {"DJANGO_DEBUG": "1"}
    if cache_url:
        env["CACHE_URL"] = cache_url
    result = django_setting("settings.NEWSROOM_PAGE_CACHE_SECONDS", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def _hours(hours, seconds=0):
    return datetime.timedelta(hours=hours, seconds=seconds)


def test_reader_still_gets_the_page_when_the_cache_is_down(client, monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    assert page(client, "/en/titles/") == ("Harbour reopens", "miss")


def _stored_keys(monkeypatch) -> set[str]:
    from django.core.cache import cache

    stored: set[str] = set()
    real_set = cache.set

    def spy(key, *args, **kwargs):
        stored.add(key)
        return real_set(key, *args, **kwargs)

    monkeypatch.setattr(cache, "set", spy)
    return stored


def test_unknown_query_parameters_never_grow_the_cache(client, monkeypatch):
    make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    page(client, "/en/titles/")
    stored = _stored_keys(monkeypatch)

    for n in range(200):
        assert page(client, f"/en/titles/?junk={n}") == ("Harbour reopens", "not cacheable")
    assert page(client, "/en/titles/?q=Harbour&utm_source=x")[1] == "not cacheable"

    assert stored == set()


def test_folding_old_change_rows_keeps_every_page_s_etag(client, settings):
    """`compact` folds a scope's rows into its newest; the validators' sum must not move
    (no spurious miss) and must never go back to a value it had (a stale page served)."""
    from articles.invalidation import compact
    from articles.models import PageChange

    settings.NEWSROOM_HTTP_CACHE = True
    harbour = make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    etags = []
    for title in ("Harbour shut", "Harbour open again"):
        harbour.title_en = title
        harbour.save()
        etags.append(client.get("/en/titles/")["ETag"])

    compact(PageChange.objects.values_list("scope", flat=True))

    scopes = list(PageChange.objects.values_list("scope", flat=True))
    assert sorted(scopes) == sorted(set(scopes))
    assert page(client, "/en/titles/") == ("Harbour open again", "hit")
    assert client.get("/en/titles/")["ETag"] == etags[-1]
    harbour.title_en = "Harbour shut"
    harbour.save()
    assert client.get("/en/titles/")["ETag"] not in etags
