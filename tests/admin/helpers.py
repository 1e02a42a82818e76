"""Rows the workflow tests need besides tests/factories.py: documents and findings."""

import hashlib
import itertools

from django.urls import reverse

from articles.models import Article, Finding, ImportRun, SourceDocument, Status
from tests.factories import make_article

_serial = itertools.count(1)


def unlinked_document(language="fr", title="Titre lié", **kwargs) -> SourceDocument:
    """An imported file the importer could not attach to any article."""
    n = next(_serial)
    return SourceDocument.objects.create(
        import_run=kwargs.pop("import_run", None) or ImportRun.objects.create(source="test"),
        name=kwargs.pop("name", f"story-{n}.txt"),
        sha256=hashlib.sha256(f"document {n}".encode()).hexdigest(),
        size=10,
        raw_text=f"{title}\n\nPremier.",
        parsed={
            "title": title,
            "title_derived": False,
            "lede": "Chapeau.",
            "blocks": [
                {"kind": "paragraph", "text": "Premier."},
                {"kind": "subheading", "text": "Suite"},
            ],
            "key_points": ["Un", "Deux"],
            "attribution": "Agence",
        },
        detected_language=language,
        confidence=0.97,
        outcome=SourceDocument.Outcome.UNLINKED,
        **kwargs,
    )


def finding(version, severity=Finding.Severity.BLOCKING, **kwargs) -> Finding:
    n = next(_serial)
    return Finding.objects.create(
        version=version,
        kind=kwargs.pop("kind", "test"),
        severity=severity,
        message=kwargs.pop("message", "Numbers differ from the source."),
        fingerprint=f"fp-{n}",
        **kwargs,
    )


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def form_data(client, article) -> dict:
    """The article's change form as the browser would submit it, unchanged."""
    response = client.get(change_url(article))
    form = response.context["adminform"].form
    # Browsers send a textarea's lines as \r\n, whatever the server stored.
    data = {name: str(form.initial.get(name) or "").replace("\n", "\r\n") for name in form.fields}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
        for sub in formset.forms:
            data.update({sub.add_prefix(k): v for k, v in sub.initial.items() if v is not None})
            data[sub.add_prefix("id")] = sub.instance.pk
    return data


def live_french_story() -> Article:
    """An English original with a published French version ("le-port-rouvre"), for the
    working-copy tests of both editors."""
    article = make_article(
        languages=["en", "fr"],
        status=Status.PUBLISHED,
        title_fr="Le port rouvre",
        slug_fr="le-port-rouvre",
        body_fr="Le port rouvre lundi.",
    )
    article.source_language = "en"
    article.save()
    return article
