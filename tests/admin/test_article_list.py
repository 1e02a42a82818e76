"""The article list as a translation matrix: a column per language with its state in words,
the article number, the title in the editor's language, findings split by severity,
filters, search, and a query count that does not grow with the rows."""

import re
from datetime import timedelta

import pytest
from django.contrib.admin.templatetags.admin_list import items_for_result, result_headers
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Finding, ImportRun, LanguageVersion, Status
from tests.admin.helpers import finding
from tests.factories import make_article

pytestmark = pytest.mark.django_db

URL = reverse("admin:articles_article_changelist")


def listed(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return {article.pk for article in response.context["cl"].result_list}


def cells(response, article) -> dict[str, str]:
    """The row of `article`: column name ("headline", "lang_fr", …) -> cell HTML."""
    changelist = response.context["cl"]
    row = next(r for r in changelist.result_list if r.pk == article.pk)
    return {
        re.search(r'class="(?:action-checkbox|field-([\w]+))', str(cell)).group(1) or "": cell
        for cell in items_for_result(changelist, row, None)
    }


def headers(response) -> list[str]:
    return [str(h["text"]) for h in result_headers(response.context["cl"])][1:]


def test_each_language_is_a_column_with_its_state_in_words(editor_client):
    run = ImportRun.objects.create(source="bundle")
    article = make_article(languages=["en", "fr", "de", "es"])
    article.import_run = run
    article.source_language = "en"
    article.save()
    now = timezone.now()
    LanguageVersion.objects.filter(article=article, language="fr").update(
        status=Status.PUBLISHED, published_at=now - timedelta(hours=1), source_changed=True
    )
    LanguageVersion.objects.filter(article=article, language="de").update(
        status=Status.PUBLISHED, published_at=now + timedelta(days=1)
    )
    LanguageVersion.objects.filter(article=article, language="es").update(status=Status.IN_REVIEW)
    response = editor_client.get(URL)
    row = cells(response, article)
    assert headers(response)[:8] == [
        "no.",
        "title",
        "English",
        "Indonesian",
        "French",
        "Spanish",
        "German",
        "open findings: blocking / advisory",
    ]
    assert f"#{article.pk}" in row["number"]
    assert "Draft</span>" in row["lang_en"] and ">source<" in row["lang_en"]
    assert "Published</span>" in row["lang_fr"] and "Source changed</span>" in row["lang_fr"]
    assert "Scheduled</span>" in row["lang_de"]
    assert "In review</span>" in row["lang_es"]
    assert "Missing</span>" in row["lang_id"]
    assert f"/{article.pk}/translate/id/" in row["lang_id"] and "+ add" in row["lang_id"]
    review = reverse("admin:articles_article_review", args=[article.pk])
    assert f'href="{review}?languages=en,fr#lang-fr"' in row["lang_fr"]
    assert f"#{run.pk}</a>" in row["import_run_link"]


def test_findings_are_split_into_blocking_and_advisory(editor_client):
    article = make_article(languages=["fr"])
    fr = article.versions.get()
    finding(fr)
    finding(fr, severity=Finding.Severity.ADVISORY)
    finding(fr, severity=Finding.Severity.ADVISORY)
    finding(fr, dismissed_at=timezone.now(), dismiss_reason="fine")  # not counted
    row = cells(editor_client.get(URL), article)
    cell = row["findings"]
    assert 'nr-count-blocking" title="blocking">1<' in cell
    assert 'nr-count-advisory" title="advisory">2<' in cell


def test_the_title_is_in_the_editors_language_else_the_sources_marked(editor_client):
    both = make_article(languages=["id", "fr"], title_id="Jembatan dibuka", title_fr="Le pont")
    both.source_language = "id"
    both.save()
    french = editor_client.get(URL, HTTP_ACCEPT_LANGUAGE="fr")
    assert cells(french, both)["headline"].count("Le pont") == 1
    english = editor_client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    title = cells(english, both)["headline"]
    assert '<span lang="id">Jembatan dibuka</span>' in title
    assert ">ID</span>" in title  # marked: not the editor's language


def test_a_translator_gets_add_links_only_for_their_languages(client):
    from tests.factories import translator

    client.force_login(translator(username="t", languages=("de",)))
    article = make_article(languages=["en"])
    row = cells(client.get(URL), article)
    assert "+ add" in row["lang_de"]
    assert "+ add" not in row["lang_fr"] and "Missing</span>" in row["lang_fr"]


def test_filter_by_language_present_and_missing(editor_client):
    both = make_article(languages=["en", "fr"])
    english = make_article(languages=["en"])
    assert listed(editor_client, language="fr") == {both.pk}
    assert listed(editor_client, missing="fr") == {english.pk}


def test_filter_by_state_in_the_chosen_language(editor_client):
    live = make_article(languages=["fr"], status=Status.PUBLISHED)
    scheduled = make_article(
        languages=["fr"],
        status=Status.PUBLISHED,
        published_at=timezone.now() + timedelta(days=1),
    )
    draft_fr_live_de = make_article(languages=["fr", "de"])
    LanguageVersion.objects.filter(article=draft_fr_live_de, language="de").update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )
    assert listed(editor_client, language="fr", state="published") == {live.pk}
    assert listed(editor_client, language="fr", state="scheduled") == {scheduled.pk}
    assert listed(editor_client, language="fr", state="draft") == {draft_fr_live_de.pk}
    assert listed(editor_client, state="published") == {live.pk, draft_fr_live_de.pk}


def test_source_changed_lists_what_the_desk_counts_not_archived_versions(editor_client):
    # The desk's "Source changed" list links here with ?state=source_changed: the same versions.
    outdated, retired = make_article(languages=["fr"]), make_article(languages=["fr"])
    LanguageVersion.objects.filter(article__in=[outdated, retired]).update(source_changed=True)
    LanguageVersion.objects.filter(article=retired).update(status=Status.ARCHIVED)
    assert listed(editor_client, state="source_changed") == {outdated.pk}


def test_filter_by_import_run_and_findings(editor_client):
    run = ImportRun.objects.create(source="bundle")
    imported = make_article(languages=["en"])
    imported.import_run = run
    imported.save()
    flagged = make_article(languages=["fr"])
    finding(flagged.versions.get())
    assert listed(editor_client, import_run__id__exact=run.pk) == {imported.pk}
    assert listed(editor_client, findings="yes") == {flagged.pk}
    assert listed(editor_client, findings="no") == {imported.pk}


def test_search_finds_titles_in_every_language(editor_client):
    article = make_article(languages=["en", "de"], title_de="Hafen öffnet wieder")
    make_article(languages=["en"])
    assert listed(editor_client, q="öffnet") == {article.pk}


def bulk_articles(n: int) -> None:
    """n articles with fr and de versions and some findings, without n round trips."""
    run = ImportRun.objects.create(source="bulk")
    Article.objects.bulk_create(
        Article(title_fr=f"Histoire {i}", title_de=f"Geschichte {i}", import_run=run)
        for i in range(n)
    )
    now = timezone.now()
    versions = []
    for pk in Article.objects.values_list("pk", flat=True):
        versions.append(LanguageVersion(article_id=pk, language="fr"))
        versions.append(
            LanguageVersion(article_id=pk, language="de", status=Status.PUBLISHED, published_at=now)
        )
    LanguageVersion.objects.bulk_create(versions, batch_size=500)
    Finding.objects.bulk_create(
        (
            Finding(version=v, kind="x", severity="advisory", message="m", fingerprint="f")
            for v in LanguageVersion.objects.filter(language="fr")[: n // 3]
        ),
        batch_size=500,
    )


def test_the_list_costs_a_fixed_number_of_queries_at_thousands_of_articles(
    editor_client, django_assert_max_num_queries
):
    bulk_articles(3000)  # once for the four lists: making them is most of the test's time
    for params in (
        {},
        {"language": "de", "state": "published"},
        {"findings": "yes", "missing": "en"},
        {"q": "Geschichte 1"},
    ):
        # Session, user, permissions (2), import runs for their filter, two counts, the page
        # (with both findings counts as subqueries), its versions, its open assignments: 10,
        # whatever the number of rows. One spare for a filter's own query. (A translator's
        # page adds one: their languages, for "+ add".)
        with django_assert_max_num_queries(11):
            response = editor_client.get(URL, params)
        assert response.status_code == 200, params
        assert len(response.context["cl"].result_list) in range(1, 51), params
        first = response.context["cl"].result_list[0]
        assert "Published</span>" in cells(response, first)["lang_de"], params


def test_the_language_filters_and_the_action_bar_name_languages_in_the_editors_language(
    editor_client,
):
    make_article(languages=["fr"])
    response = editor_client.get(URL, HTTP_ACCEPT_LANGUAGE="de")
    present = next(f for f in response.context["cl"].filter_specs if f.parameter_name == "language")
    assert ("fr", "Französisch") in [(code, str(name)) for code, name in present.lookup_choices]
    action_bar = dict(response.context["action_form"].fields["language"].choices)
    assert str(action_bar["fr"]) == "Französisch"
    assert ">Französisch</option>" in response.content.decode()
