"""What the publish and unpublish commands share: finding the version they act on."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db.models import Q

from articles import services
from articles.models import LANGUAGE_CODES, Article, LanguageVersion, localized


def add_target_arguments(parser) -> None:
    parser.add_argument("article", help="the article's id, or its slug in any language")
    parser.add_argument("--language", required=True, help=f"one of {', '.join(LANGUAGE_CODES)}")


def find_article(reference: str) -> Article:
    by_slug = Q()
    for code in LANGUAGE_CODES:
        by_slug |= Q(**{localized("slug", code): reference})
    condition = by_slug | Q(pk=int(reference)) if reference.isdigit() else by_slug
    matches = list(Article.objects.filter(condition)[:2])
    if not matches:
        raise CommandError(f"No article has the id or slug {reference!r}.")
    if len(matches) > 1:
        raise CommandError(
            f"{reference!r} names several articles (ids {matches[0].pk}, {matches[1].pk}); "
            "use the id."
        )
    return matches[0]


def find_version(reference: str, language: str) -> LanguageVersion:
    article = find_article(reference)
    try:
        version = services.version_get(article=article, language=language)
    except ValidationError as exc:
        raise CommandError(" ".join(exc.messages)) from None
    return version
