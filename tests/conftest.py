import os
from pathlib import Path

import pytest

from tests.factories import editor, translator

FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


def pytest_configure(config):
    """Two things every test process sets up before the first test.

    - Passwords hashed with MD5: every factory user gets a password, and one PBKDF2 hash
      costs about 0.3 s on the CI machine. No test depends on the hasher; production
      keeps Django's default (the deploy tests run with the real settings in subprocesses).
    - Under pytest-xdist, each worker's own Redis keys (`CACHE_KEY_PREFIX` plus the
      worker's id), which `_empty_cache` deletes without touching another worker's.
    """
    from django.conf import settings

    settings.PASSWORD_HASHERS = [FAST_HASHER]
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    cache = settings.CACHES["default"]
    if worker and "KEY_PREFIX" in cache:
        cache["KEY_PREFIX"] = f"{cache['KEY_PREFIX']}-{worker}"


def pytest_addoption(parser):
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="the browser tests save full-page screenshots in artifacts/ (tests/browser/)",
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Tests marked `slow` first of all, and `postgres` ones skipped on other databases.

    - `slow` tests (seconds each, in real processes, no test database) run first of all.
      pytest-django orders database tests, then transactional ones, then the rest; under
      xdist worksteal the last tests to run come from the second worker's half of that
      list, where the tests without a database are: a 10 s test started there kept one
      worker busy while the other had nothing left. A test with live_server or
      transactional_db keeps its place (it flushes the database the others use).
    - Tests marked `postgres` need PostgreSQL: on any other database they are skipped,
      and run in CI's PostgreSQL pass.
    """
    from django.db import connection

    transactional = {"live_server", "transactional_db"}
    items.sort(
        key=lambda item: "slow" not in item.keywords or bool(transactional & set(item.fixturenames))
    )
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL; this run's database is not (set DATABASE_URL=postgres://…)"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def scratch_shared(tmp_path_factory, worker_id) -> Path:
    """A directory of this run's that every xdist worker sees (tests/scratch.py keeps the
    run's one migrated SQLite file there): the parent of the workers' own temporary
    directories, or this process's own without xdist."""
    here = tmp_path_factory.getbasetemp()
    return here if worker_id == "master" else here.parent


@pytest.fixture(scope="session")
def collected_static(scratch_shared) -> Path:
    """STATIC_ROOT as `manage.py collectstatic` fills it with the production settings,
    collected once per run (tests/scratch.py); the tests only read it."""
    from tests.scratch import collected_static

    return collected_static(scratch_shared)


@pytest.fixture(scope="session", autouse=True)
def _roles_after_each_flush():
    """The Editors and Translators groups (migration 0002) exist for every test.

    A transactional test (live_server, transactional_db) ends in a flush that empties every
    table; its post_migrate signal makes the content types and permissions again, not the
    groups. pytest-django runs such tests after the database tests, but under xdist
    worksteal a worker may be handed database tests after one: the groups are made again
    after each flush."""
    from django.db.models.signals import post_migrate

    post_migrate.connect(_make_roles, dispatch_uid="tests-roles-after-flush")
    yield
    post_migrate.disconnect(dispatch_uid="tests-roles-after-flush")


def _make_roles(sender, using="default", **kwargs):
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    from articles.roles import ROLE_PERMISSIONS

    last = [config for config in apps.get_app_configs() if config.models_module][-1]
    if sender is not last:  # every app's permissions are made by then
        return
    for name, dotted in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(
            *(
                Permission.objects.using(using).get(
                    content_type__app_label=app_label, codename=codename
                )
                for app_label, codename in (d.split(".") for d in dotted)
            )
        )


@pytest.fixture
def editor_user(db):
    return editor(username="editor")


@pytest.fixture
def translator_user(db):
    return translator(username="translator")


@pytest.fixture
def editor_client(client, editor_user):
    client.force_login(editor_user)
    return client


@pytest.fixture
def translator_client(client, translator_user):
    client.force_login(translator_user)
    return client


@pytest.fixture(autouse=True)
def _login_lockout_off(settings, request):
    """django-axes needs a request in authenticate(), which client.login() and
    authenticate() in tests do not pass; tests marked `lockout` keep it on."""
    if "lockout" not in request.keywords:
        settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """Each test starts with an empty cache: with Redis (CACHE_URL) the cache outlives
    a test's rolled-back rows, and a page cached by one test must not answer another.
    The public page cache and HTTP caching (both on with CACHE_URL) are off unless a test
    turns them on (tests/production/test_cache*.py, test_http_cache.py do), so query-count
    tests count the views' own queries."""
    from articles import caching

    caching._down_until = 0.0  # a test that took the cache down does not leave it skipped
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    settings.NEWSROOM_HTTP_CACHE = False
    clear_this_process_cache()
    yield
    clear_this_process_cache()


def clear_this_process_cache():
    """Empty the cache of this test process only: on Redis, the keys under this worker's
    prefix (`cache.clear()` would empty the whole database, under every xdist worker)."""
    from django.core.cache import cache

    if not cache.key_prefix or not hasattr(cache, "_cache"):
        cache.clear()  # in-process memory: this process's alone
        return
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _language_reset():
    """A request to /fr/ leaves French active in this thread; the next test starts in English."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings, request):
    """Background tasks (articles/tasks.py) run inside enqueue() with the immediate backend;
    tests marked `db_worker` keep the database backend and run its worker themselves."""
    if "db_worker" not in request.keywords:
        settings.TASKS = {
            "default": {
                "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                "QUEUES": settings.TASKS["default"]["QUEUES"],
            }
        }
