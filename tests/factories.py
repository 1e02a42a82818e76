"""factory_boy factories shared by the tests."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from articles.models import (
    LANGUAGE_CODES,
    Article,
    LanguageVersion,
    Status,
    UserLanguage,
    localized,
)
from articles.roles import EDITORS, TRANSLATORS


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


def editor(**kwargs):
    return UserFactory(role=EDITORS, **kwargs)


def translator(languages=tuple(LANGUAGE_CODES), **kwargs):
    """A translator working in `languages` (every site language unless told)."""
    user = UserFactory(role=TRANSLATORS, **kwargs)
    UserLanguage.objects.bulk_create(
        [UserLanguage(user=user, language=code) for code in languages], ignore_conflicts=True
    )
    return user


def make_article(languages=("en",), status=Status.DRAFT, published_at=None, **texts) -> Article:
    """An article with a version per language; texts like title_fr="…" override defaults.

    A published version gets a publication time in the past unless one is given.
    """
    article = Article()
    n = Article.objects.count() + 1
    for code in languages:
        title = texts.pop(f"title_{code}", f"Story {n} in {code}")
        setattr(article, localized("title", code), title)
        setattr(article, localized("slug", code), texts.pop(f"slug_{code}", slugify(title)))
        setattr(
            article,
            localized("lede", code),
            texts.pop(f"lede_{code}", f"Lede of story {n} ({code})."),
        )
        setattr(
            article,
            localized("body", code),
            texts.pop(f"body_{code}", f"Body of story {n} ({code})."),
        )
    for name, value in texts.items():
        field, _, code = name.rpartition("_")
        setattr(article, localized(field, code), value)
    article.save()
    when = published_at or (timezone.now() - timezone.timedelta(hours=1))
    for code in languages:
        LanguageVersion.objects.create(
            article=article,
            language=code,
            status=status,
            published_at=when if status == Status.PUBLISHED else published_at,
        )
    return article
