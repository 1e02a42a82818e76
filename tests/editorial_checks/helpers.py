"""Build stories for the checks' unit tests without the database."""

from articles.editorial_checks import Story, VersionText


def story(**bodies: str) -> Story:
    """story(en="…", fr="…"): versions with only a body (and a title, so titles stay quiet)."""
    return Story(
        versions=tuple(
            VersionText(language=code, title=f"Title {code}", slug=f"title-{code}", body=body)
            for code, body in bodies.items()
        )
    )


def kinds(findings) -> list[tuple[str, str]]:
    return [(f.language, f.kind) for f in findings]
