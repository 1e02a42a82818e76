"""`manage.py publish` and `unpublish`: the same rules as the admin, from the command line."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles import history
from articles.admin.activity import describe
from articles.models import Article, Status
from tests.admin.helpers import finding
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_publish_by_id_puts_the_version_on_the_site():
    article = make_article(languages=["fr", "de"])
    output = run("publish", str(article.pk), "--language", "fr")
    assert "Published" in output
    assert list(Article.objects.published("fr")) == [article]
    assert not Article.objects.published("de").exists()
    assert "Published French" in describe(history.article_history(article).first().revision.comment)


def test_publish_by_a_slug_in_any_language():
    article = make_article(languages=["fr", "de"], slug_de="hafen-offnet")
    run("publish", "hafen-offnet", "--language", "fr")
    assert article.versions.get(language="fr").is_live


def test_publish_at_a_future_time_schedules():
    article = make_article(languages=["fr"])
    at = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    output = run("publish", str(article.pk), "--language", "fr", "--at", at.isoformat())
    assert "Scheduled" in output
    version = article.versions.get()
    assert version.display_status == "scheduled" and version.published_at == at


def test_a_naive_time_is_in_the_sites_time_zone():
    article = make_article(languages=["fr"])
    run("publish", str(article.pk), "--language", "fr", "--at", "2031-05-01T08:00")
    expected = timezone.make_aware(timezone.datetime(2031, 5, 1, 8, 0))
    assert article.versions.get().published_at == expected


def test_unpublish_takes_it_off_the_site():
    article = make_article(languages=["fr"], status=Status.PUBLISHED)
    assert "Unpublished" in run("unpublish", str(article.pk), "--language", "fr")
    assert not Article.objects.published("fr").exists()
    assert article.versions.get().status == Status.DRAFT


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-story", "--language", "fr"], "No article has the id or slug 'no-such-story'"),
        (["999999", "--language", "fr"], "No article has the id or slug '999999'"),
        (["{pk}", "--language", "xx"], "“xx” is not a language of this site"),
        (["{pk}", "--language", "es"], "has no Spanish version"),
        (["{pk}", "--language", "de"], "The German version has no body"),
        (["{pk}", "--language", "fr", "--at", "tomorrow"], "is not an ISO 8601 time"),
        (["{pk}", "--language", "fr", "--at", "0001-01-01T00:00+01:00"], "--at .*is out of range"),
        (["{pk}", "--language", "fr", "--at", "9999-12-31T23:59-01:00"], "--at .*is out of range"),
        (["{pk}", "--language", "fr", "--at", "1900-01-01T08:00+00:00"], "--at .*is in the past"),
    ],
)
def test_publish_refuses_with_a_clear_error(args, message):
    article = make_article(languages=["fr", "de"], body_de="")
    with pytest.raises(CommandError, match=message):
        run("publish", *[a.format(pk=article.pk) for a in args])
    assert not Article.objects.published("fr").exists()


def test_publish_over_blocking_findings_needs_a_reason():
    article = make_article(languages=["fr"])
    finding(article.versions.get())
    with pytest.raises(CommandError, match="blocking"):
        run("publish", str(article.pk), "--language", "fr")
    run("publish", str(article.pk), "--language", "fr", "--override-reason", "Desk approved")
    assert article.versions.get().override_reason == "Desk approved"


def test_unpublish_of_a_draft_is_refused():
    article = make_article(languages=["fr"])
    with pytest.raises(CommandError, match="not published"):
        run("unpublish", str(article.pk), "--language", "fr")


def test_publish_and_unpublish_name_the_version_by_its_own_title():
    # Indonesian comes before French in the site's languages: it must not stand in for it.
    article = make_article(
        languages=["id", "fr"], title_id="Jembatan dibuka kembali", title_fr="Le pont rouvre"
    )

    published = run("publish", str(article.pk), "--language", "fr")
    unpublished = run("unpublish", str(article.pk), "--language", "fr")

    assert "Published Le pont rouvre [fr]" in published
    assert "Unpublished Le pont rouvre [fr]" in unpublished
    assert "Jembatan" not in published + unpublished
