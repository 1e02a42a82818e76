"""Rows the workflow tests need besides tests/factories.py: documents and findings."""

import hashlib
import itertools

from articles.models import Finding, ImportRun, SourceDocument

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
