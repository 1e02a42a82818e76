"""Work that should not hold a request or an import, as background tasks.

Django's tasks API (DEP 14: the `django-tasks` backport on Django 5.2, the
same API as `django.tasks` in Django 6). The backend is a setting (`TASKS`):
the database backend by default, run by `manage.py db_worker`; the immediate
backend runs a task inside `enqueue()` (the tests). docs/operations.md says
how to run workers.

A task that fails is retried (`NEWSROOM_TASK_ATTEMPTS` attempts in all, the
wait doubling from `NEWSROOM_TASK_RETRY_SECONDS`): each attempt is a task
result of its own, so a failed attempt stays visible to an operator in the
admin (Tasks Database Backend, DB task results, filtered by status) beside
the retry that followed it, and the last failure is logged as an error.

The CDN purge and the import of an uploaded bundle are tasks of their own
modules (`articles.purging.purge_task`,
`articles.importing.background.import_run_task`), which import this one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from articles.language import PassageScores
from articles.models import SourceDocument

logger = logging.getLogger(__name__)


def enqueue_on_commit(chosen, *args, **kwargs) -> None:
    """Enqueue `chosen` once the current transaction commits (at once without one):
    a worker must find what the task reads, and a rolled-back change queues nothing."""
    transaction.on_commit(lambda: chosen.enqueue(*args, **kwargs), robust=True)


def retrying(chosen, args: tuple, attempt: int, body: Callable[[], None]) -> None:
    """Run `body`; when it fails, queue attempt `attempt + 1` of `chosen` and re-raise, so
    this attempt's result shows the failure (see the module docstring)."""
    try:
        body()
    except Exception:
        if attempt >= settings.NEWSROOM_TASK_ATTEMPTS:
            logger.error("%s failed %d times; not retried.", chosen.name, attempt, exc_info=True)
            raise
        delay = settings.NEWSROOM_TASK_RETRY_SECONDS * 2 ** (attempt - 1)
        retry = chosen
        if delay and chosen.get_backend().supports_defer:
            retry = chosen.using(run_after=timezone.now() + timedelta(seconds=delay))
        logger.warning("%s failed (attempt %d); retried.", chosen.name, attempt, exc_info=True)
        retry.enqueue(*args, attempt=attempt + 1)
        raise


@task()
def send_mail_task(subject: str, body: str, recipients: list[str], attempt: int = 1) -> None:
    """A review e-mail (`articles.notifications`)."""
    from django.core.mail import send_mail

    retrying(
        send_mail_task,
        (subject, body, recipients),
        attempt,
        lambda: send_mail(subject, body, None, recipients, fail_silently=False),
    )


@task()
def check_articles(article_ids: list[int], attempt: int = 1) -> None:
    """The editorial checks of these articles, after an import wrote them: with the
    language scores the importer kept on their source documents, so nothing is detected
    again (a passage an editor changed meanwhile is)."""
    retrying(check_articles, (article_ids,), attempt, lambda: check_imported(article_ids))


def check_imported(article_ids: list[int]) -> None:
    """The editorial checks of articles an import wrote, with the language scores it
    kept on their documents (`imported_scores`): the import runs this inline, or queues
    `check_articles`."""
    from articles.editorial_checks import recompute_findings_for

    recompute_findings_for(article_ids, known_scores=imported_scores(article_ids))


def imported_scores(article_ids: list[int]) -> PassageScores:
    """The scores the importer kept (`PassageScores.stored`) on these articles' documents."""
    known = PassageScores()
    documents = SourceDocument.objects.filter(
        article_id__in=article_ids, outcome=SourceDocument.Outcome.APPLIED
    )
    for stored in documents.values_list("parsed__scores", flat=True):
        known.load(stored or {})
    return known
