"""The rules each written once in articles.services and used by the admin, the commands
and the importer: slugs, the edit form's merge, what an import may overwrite."""

import pytest
from django.db import transaction

from articles import services
from articles.models import Article, LanguageVersion, Status, localized
from tests.factories import editor, make_article

pytestmark = pytest.mark.django_db


def test_a_taken_slug_gets_the_next_free_number():
    taken = {"openai-opens-its-model", "openai-opens-its-model-2"}
    slug = services.unique_slug("OpenAI opens its model", taken=taken.__contains__)
    assert slug == "openai-opens-its-model-3"


def test_a_title_with_nothing_to_make_a_slug_of_gets_the_fallback():
    assert services.unique_slug("!!!", taken=set().__contains__) == "article"
    assert services.unique_slug("!!!", taken={"article"}.__contains__) == "article-2"


def test_the_workflow_s_slug_skips_what_other_articles_hold():
    make_article(languages=("fr",), title_fr="Un titre", slug_fr="un-titre")
    article = make_article(languages=("fr",), title_fr="Un titre", slug_fr="")
    user = editor()
    version = LanguageVersion.objects.get(article=article)
    services.submit_for_review(version=version, user=user)
    services.publish(version=version, user=user)
    assert Article.objects.get(pk=article.pk).slug_fr == "un-titre-2"


def _opened(article):
    return services.edit_checksums(article)


def _posted(article, **changes):
    columns = {
        localized(name, code): article.text(name, code)
        for code in ("fr", "de")
        for name in ("title", "slug", "lede", "body", "key_points", "source_attribution")
    }
    return {**columns, **changes}


def test_merge_keeps_another_editor_s_language_that_this_editor_left_alone():
    article = make_article(languages=("fr", "de"), body_de="Alt.")
    opened, posted = _opened(article), _posted(article, body_fr="Nouveau texte.")
    Article.objects.filter(pk=article.pk).update(body_de="Neu, von jemand anderem.")

    with transaction.atomic():
        merge = services.merge_edit(article_id=article.pk, opened=opened, posted=posted)

    assert merge.changing == ["fr"]
    assert merge.conflicts == []
    assert merge.kept[localized("body", "de")] == "Neu, von jemand anderem."


def test_merge_reports_a_language_both_editors_changed():
    article = make_article(languages=("fr", "de"))
    opened, posted = _opened(article), _posted(article, body_fr="Le mien.")
    Article.objects.filter(pk=article.pk).update(body_fr="Le sien.")

    with transaction.atomic():
        merge = services.merge_edit(article_id=article.pk, opened=opened, posted=posted)

    assert [code for code, _version in merge.conflicts] == ["fr"]
    assert merge.conflicts[0][1] == LanguageVersion.objects.get(article=article, language="fr")


def test_an_import_may_replace_only_a_draft_no_one_edited():
    article = make_article(languages=("fr", "de"))
    fr, de = LanguageVersion.objects.filter(article=article).order_by("language")
    de.status = Status.PUBLISHED
    assert services.import_refusal(fr) == ""
    assert services.import_refusal(de) == "is published"


def test_imported_source_text_is_a_new_revision_and_flags_the_translations():
    article = make_article(languages=("fr", "de"))
    Article.objects.filter(pk=article.pk).update(source_language="fr")
    article.refresh_from_db()
    fr = LanguageVersion.objects.get(article=article, language="fr")
    before = fr.lock_version

    services.record_imported_text(article=article, version=fr, title_derived=False)

    fr.refresh_from_db()
    assert fr.lock_version == before + 1
    assert LanguageVersion.objects.get(article=article, language="de").source_changed
    assert not fr.source_changed
