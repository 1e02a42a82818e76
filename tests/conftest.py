import pytest

from tests.factories import editor, translator


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
def _empty_cache():
    """Each test starts with an empty cache: with Redis (CACHE_URL) the cache outlives
    a test's rolled-back rows, and a page cached by one test must not answer another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
