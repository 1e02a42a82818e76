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
