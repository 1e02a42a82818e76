"""The world the permission cases act on: one article in three states, another to attach
from, an unlinked document, an advisory finding, and a client for each role."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from articles.models import Article, Finding, LanguageVersion, SourceDocument, Status
from tests.admin.helpers import finding, unlinked_document
from tests.factories import editor, make_article, translator


@dataclass
class World:
    article: Article  # fr draft, de published, en in review
    other: Article  # has an id version that can be attached to `article`
    document: SourceDocument  # unlinked, Spanish
    advisory: Finding  # on article's fr version
    superuser_client: Client

    def version(self, language: str, article: Article | None = None) -> LanguageVersion:
        return LanguageVersion.objects.get(article=article or self.article, language=language)


@pytest.fixture
def world(db) -> World:
    article = make_article(
        languages=("fr", "de", "en"),
        title_fr="Le pont rouvre",
        title_de="Die Brücke ist offen",
        title_en="The bridge reopens",
    )
    LanguageVersion.objects.filter(article=article, language="de").update(
        status=Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=1)
    )
    LanguageVersion.objects.filter(article=article, language="en").update(status=Status.IN_REVIEW)
    other = make_article(languages=("id",), title_id="Jembatan dibuka")
    document = unlinked_document(language="es", title="El puente reabre", name="puente.txt")
    advisory = finding(
        LanguageVersion.objects.get(article=article, language="fr"),
        severity=Finding.Severity.ADVISORY,
    )
    root = get_user_model().objects.create_superuser("root", "root@example.invalid", None)
    superuser_client = Client()
    superuser_client.force_login(root)
    return World(article, other, document, advisory, superuser_client)


@pytest.fixture
def role_client(request) -> Callable[[str], Client]:
    def make(role: str) -> Client:
        client = Client()
        if role == "translator":
            client.force_login(translator(username="t"))
        elif role == "editor":
            client.force_login(editor(username="e"))
        elif role == "superuser":
            client.force_login(
                get_user_model().objects.create_superuser("su", "su@example.invalid", None)
            )
        return client

    return make
