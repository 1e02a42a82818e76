"""Settings come from the environment and refuse to run half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def django_setting(expression: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "CACHE_"))
    }
    clean["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    clean.update(env)
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_production_without_secret_key_refuses_to_start():
    result = django_setting("settings.DEBUG")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_mode_runs_with_development_key_and_sqlite_file():
    result = django_setting(
        "settings.SECRET_KEY, settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME']",
        DJANGO_DEBUG="1",
    )
    assert result.returncode == 0, result.stderr
    assert "django-insecure" in result.stdout
    assert "sqlite3" in result.stdout
    assert str(ROOT / "db.sqlite3") in result.stdout


def test_database_url_is_honoured():
    result = django_setting(
        "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['HOST'], "
        "settings.DATABASES['default']['NAME']",
        DJANGO_SECRET_KEY="s3cret-for-test",
        DATABASE_URL="postgres://postgres@db.example:5433/newsroom",
    )
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout
    assert "db.example" in result.stdout
    assert "newsroom" in result.stdout


def test_production_mode_hardens_cookies_and_hosts():
    result = django_setting(
        "settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS, settings.ALLOWED_HOSTS",
        DJANGO_SECRET_KEY="s3cret-for-test",
        DJANGO_ALLOWED_HOSTS="news.example.org, www.news.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip() == "False True 31536000 ['news.example.org', 'www.news.example.org']"
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        # Production: a worker keeps its connection, checked before each request's use.
        ({"DJANGO_SECRET_KEY": "s"}, "60 True"),
        ({"DJANGO_SECRET_KEY": "s", "DATABASE_CONN_MAX_AGE": "0"}, "0 False"),
        # Development: runserver's threads would each keep one.
        ({"DJANGO_DEBUG": "1"}, "0 False"),
        ({"DJANGO_DEBUG": "1", "DATABASE_CONN_MAX_AGE": "30"}, "30 True"),
    ],
)
def test_production_keeps_database_connections_between_requests(env, expected):
    result = django_setting(
        "settings.DATABASES['default']['CONN_MAX_AGE'], "
        "settings.DATABASES['default']['CONN_HEALTH_CHECKS']",
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DJANGO_DEBUG", "maybe"),
        ("DATABASE_CONN_MAX_AGE", "ten"),
        ("DATABASE_SQLITE_CACHE_MB", "-5"),
        ("CACHE_URL", "memcached://x"),
        ("NEWSROOM_TRUSTED_PROXIES", "10.0.0.1, proxy.internal"),
        ("NEWSROOM_SEARCH_MAX_RESULTS", "-5"),
        ("NEWSROOM_SEARCH_MAX_RESULTS", "0"),
    ],
)
def test_malformed_values_are_named_in_the_error(variable, value):
    result = django_setting("settings.DEBUG", DJANGO_SECRET_KEY="s", **{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr


def test_cache_url_selects_redis():
    result = django_setting(
        "settings.CACHES['default']['BACKEND']",
        DJANGO_DEBUG="1",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    assert result.stdout.strip() == "newsroom.cache.RedisCache"


def test_site_languages_come_from_settings(settings):
    assert [code for code, _ in settings.LANGUAGES] == ["en", "id", "fr", "es", "de"]
    assert settings.LANGUAGE_CODE == "en"
