"""The article list: badges per language, findings, import, filters, search, query count."""

from datetime import timedelta

import pytest
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


def test_each_article_shows_its_languages_states_findings_and_import(editor_client):
    run = ImportRun.objects.create(source="bundle")
    article = make_article(languages=["en", "fr", "de"])
    article.import_run = run
    article.save()
    LanguageVersion.objects.filter(article=article, language="fr").update(
        status=Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=1)
    )
    LanguageVersion.objects.filter(article=article, language="de").update(
        status=Status.PUBLISHED, published_at=timezone.now() + timedelta(days=1)
    )
    fr = article.versions.get(language="fr")
    finding(fr)
    finding(fr, severity=Finding.Severity.ADVISORY)
    finding(fr, dismissed_at=timezone.now(), dismiss_reason="fine")
    page = editor_client.get(URL).content.decode()
    assert 'class="nr-badge nr-draft" title="English: Draft">EN<' in page
    assert 'class="nr-badge nr-published" title="French: Published">FR<' in page
    assert 'class="nr-badge nr-scheduled" title="German: Scheduled">DE<' in page
    assert 'title="Indonesian' not in page  # no version, no badge
    assert '<span class="nr-count">2</span>' in page  # the dismissed one is not counted
    assert f"#{run.pk}</a>" in page


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


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"language": "de", "state": "published"},
        {"findings": "yes", "missing": "en"},
        {"q": "Geschichte 1"},
    ],
)
def test_the_list_costs_a_fixed_number_of_queries_at_thousands_of_articles(
    editor_client, django_assert_max_num_queries, params
):
    bulk_articles(3000)
    # Session, user, permissions (2), import runs for their filter, two counts, the page,
    # its versions: 9, whatever the number of rows. One spare for a filter's own query.
    with django_assert_max_num_queries(10):
        response = editor_client.get(URL, params)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) in range(1, 51)
    assert 'nr-badge nr-published" title="German: Published">DE<' in response.content.decode()
