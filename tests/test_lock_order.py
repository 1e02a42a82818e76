"""Attaching a version and publishing one of the same article at the same moment: both
go through, one after the other. Before every writer took the article's row first
(`services.lock_articles`), attaching held the article and waited for the versions while
publishing held a version and waited for the article, and PostgreSQL ended one of them
with a deadlock error.

The race is played out step by step, with no sleeps: the attach stops once it holds the
articles' rows and is about to lock a version; the publish then starts, and the attach
goes on once the publish waits for a lock (or is done).
"""

import threading

import pytest
from django.db import connection, connections

from articles import services
from articles.models import Article, LanguageVersion, Status
from tests.factories import make_article
from tests.test_concurrent_first_save import waiting_for_a_lock

pytestmark = pytest.mark.django_db(transaction=True)


def touches_a_version(sql: str) -> bool:
    sql = sql.lstrip().upper()
    return '"ARTICLES_LANGUAGEVERSION"' in sql and (
        sql.startswith('UPDATE "ARTICLES_LANGUAGEVERSION"')
        or sql.rstrip().endswith("FOR UPDATE")
        or " FOR UPDATE OF " in sql
    )


def run(job, outcome: dict, wrapper=None):
    """In a thread of its own (its own connection)."""
    try:
        with connection.execute_wrapper(wrapper or (lambda run, *args: run(*args))):
            job()
        outcome["done"] = True
    except BaseException as exc:  # shown by the test
        outcome["error"] = exc
    finally:
        connections.close_all()


@pytest.mark.postgres
def test_attaching_and_publishing_in_one_article_at_once_both_go_through():
    user = None  # (a transactional test's flush empties the groups an editor is made in)
    # No slug yet: publishing makes one, so it writes the article's row too.
    article = make_article(languages=["en"], slug_en="", body_en="Port reopens.")
    donor = make_article(languages=["fr"], body_fr="Le port rouvre.")
    english = article.versions.get()
    french = donor.versions.get()
    holding, go = threading.Event(), threading.Event()

    def attach_stops_before_its_first_version_lock(run_sql, sql, params, many, context):
        if touches_a_version(sql) and not holding.is_set():
            holding.set()
            assert go.wait(timeout=60), "the test never let the attach go on"
        return run_sql(sql, params, many, context)

    attached, published = {}, {}
    attach = threading.Thread(
        target=run,
        args=(
            lambda: services.attach_version(
                article=Article.objects.get(pk=article.pk),
                version=LanguageVersion.objects.get(pk=french.pk),
                user=user,
            ),
            attached,
            attach_stops_before_its_first_version_lock,
        ),
    )
    publish = threading.Thread(
        target=run,
        args=(
            lambda: services.publish(
                version=LanguageVersion.objects.get(pk=english.pk),
                user=user,
                override_reason="checked",
                confirm_headline=True,
            ),
            published,
        ),
    )

    attach.start()
    assert holding.wait(timeout=60)
    publish.start()
    while publish.is_alive() and not waiting_for_a_lock():
        publish.join(timeout=0.01)
    go.set()
    attach.join(timeout=60)
    publish.join(timeout=60)

    assert "error" not in attached and "error" not in published, (attached, published)
    assert set(article.versions.values_list("language", flat=True)) == {"en", "fr"}
    english.refresh_from_db()
    assert english.status == Status.PUBLISHED
    assert Article.objects.get(pk=article.pk).slug_en
