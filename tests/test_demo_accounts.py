import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_demo_accounts_get_their_roles_and_environment_passwords(monkeypatch, capsys):
    monkeypatch.setenv("NEWSROOM_EDITOR_PASSWORD", "editor-pass-123")
    monkeypatch.setenv("NEWSROOM_TRANSLATOR_PASSWORD", "translator-pass-123")
    call_command("create_demo_accounts")
    editor = authenticate(username="editor", password="editor-pass-123")
    translator = authenticate(username="translator", password="translator-pass-123")
    assert editor.has_perm("articles.publish_languageversion")
    assert not translator.has_perm("articles.publish_languageversion")
    assert translator.has_perm("articles.change_article")


def test_generated_password_is_printed_once_and_kept(monkeypatch, capsys):
    monkeypatch.delenv("NEWSROOM_EDITOR_PASSWORD", raising=False)
    call_command("create_demo_accounts")
    first = capsys.readouterr().out
    password = first.split("editor: password ")[1].split()[0]
    call_command("create_demo_accounts")
    second = capsys.readouterr().out
    assert "password unchanged" in second
    assert authenticate(username="editor", password=password) is not None
