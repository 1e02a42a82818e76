"""Two editors saving the first text of a new language at once: one saves, the other is
told someone saved first and shown their text. Never both "Saved" with one text lost.

The race is played out step by step: Ana's save stops just before it writes; Budi's save
then starts, and Ana goes on once Budi has either got past his own read of the text (the
defect: both read an empty language) or is waiting for a lock Ana holds (the fix).
"""

import threading

import pytest
from django.db import connection, connections

from articles import services
from articles.models import Article, LanguageVersion, content_checksum
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

EMPTY = content_checksum(Article(), "es", slug=True)


def save_first_spanish_text(article_id: int, body: str, outcome: dict, before_write=None):
    """In a thread of its own (its own connection): save `body` as the first Spanish text."""
    try:
        article = Article.objects.get(pk=article_id)
        texts = {"title": f"Título de {body}", "body": body}
        with connection.execute_wrapper(before_write or (lambda run, *args: run(*args))):
            services.save_text(
                article=article, language="es", texts=texts, user=None, opened_checksum=EMPTY
            )
        outcome["saved"] = True
    except services.TextConflict as exc:
        outcome["conflict"] = exc
    except BaseException as exc:  # shown by the test
        outcome["error"] = exc
    finally:
        connections.close_all()


def stop_before_writing_the_article(reached: threading.Event, go: threading.Event):
    def wrapper(run, sql, params, many, context):
        if sql.lstrip().upper().startswith('UPDATE "ARTICLES_ARTICLE"') and not reached.is_set():
            reached.set()
            assert go.wait(timeout=60), "the test never let this save go on"
        return run(sql, params, many, context)

    return wrapper


def waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.postgres
def test_two_first_saves_of_a_language_at_once_keep_one_and_refuse_the_other():
    article = make_article(languages=["fr"], body_fr="Texte.")
    ana_at_write, budi_at_write, go = threading.Event(), threading.Event(), threading.Event()
    ana, budi = {}, {}
    ana_thread = threading.Thread(
        target=save_first_spanish_text,
        args=(article.pk, "Texto de Ana.", ana, stop_before_writing_the_article(ana_at_write, go)),
    )

    def budi_says_when_he_writes(run, sql, params, many, context):
        if sql.lstrip().upper().startswith('UPDATE "ARTICLES_ARTICLE"'):
            budi_at_write.set()
        return run(sql, params, many, context)

    budi_thread = threading.Thread(
        target=save_first_spanish_text,
        args=(article.pk, "Texto de Budi.", budi, budi_says_when_he_writes),
    )

    ana_thread.start()
    assert ana_at_write.wait(timeout=60)
    budi_thread.start()
    # Until Budi has read the text and is writing, or waits for Ana's lock, or is done.
    while not (budi_at_write.is_set() or waiting_for_a_lock() or not budi_thread.is_alive()):
        budi_at_write.wait(timeout=0.01)
    go.set()
    ana_thread.join(timeout=60)
    budi_thread.join(timeout=60)

    assert "error" not in ana and "error" not in budi, (ana, budi)
    assert ana.get("saved") and "conflict" in budi, "both were told Saved: one text is lost"
    assert budi["conflict"].current["body"] == "Texto de Ana."
    article.refresh_from_db()
    assert article.body_es == "Texto de Ana."
    assert LanguageVersion.objects.filter(article=article, language="es").count() == 1


def test_a_first_save_opened_before_another_first_save_is_a_conflict():
    """One at a time (SQLite's writers queue at BEGIN IMMEDIATE): the later save is refused."""
    article = make_article(languages=["fr"], body_fr="Texte.")
    services.save_text(
        article=article,
        language="es",
        texts={"title": "Título", "body": "Texto de Ana."},
        user=None,
        opened_checksum=EMPTY,
    )
    with pytest.raises(services.TextConflict) as refused:
        services.save_text(
            article=Article.objects.get(pk=article.pk),
            language="es",
            texts={"title": "Título", "body": "Texto de Budi."},
            user=None,
            opened_checksum=EMPTY,
        )
    assert refused.value.current["body"] == "Texto de Ana."
    assert Article.objects.get(pk=article.pk).body_es == "Texto de Ana."
