"""Benchmark: the editors' article list at 1,000 and 10,000 articles, beside its ceiling.

    .venv/bin/python bench/admin_list_bench.py [--repeat 20] [--sizes 1000,10000]

For each size, one SQLite database in a temporary directory, emptied between sizes, gets that many
articles (three versions each, a third with an open finding) by bulk inserts;
then, signed in as an editor through Django's test client (full middleware,
templates, the admin), it prints the median milliseconds and the query count of:
* the article list: unfiltered, "French present and published", "has findings",
  and a search over every language's title;
* the ceiling, measured in the same run: the admin's list of import runs (50
  rows with selection checkboxes, a plain ModelAdmin with three columns and no
  filters): what Django's admin costs to render a page of rows at all.
The ratio is article list / ceiling; a list whose cost grew with the table
would show it between the two sizes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def median_ms(fn, repeat: int) -> float:
    fn()  # warm: templates compiled, caches filled
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def populate(n: int) -> None:
    from django.utils import timezone

    from articles.models import Article, Finding, ImportRun, LanguageVersion, Status

    # 50 import runs: the ceiling page lists a full page of plain rows.
    ImportRun.objects.bulk_create(ImportRun(source=f"bench {i}") for i in range(50))
    run = ImportRun.objects.first()
    Article.objects.bulk_create(
        (
            Article(
                title_en=f"Story {i}",
                title_fr=f"Histoire {i}",
                title_de=f"Geschichte {i}",
                import_run=run,
            )
            for i in range(n)
        ),
        batch_size=1000,
    )
    now = timezone.now()
    versions = []
    for i, pk in enumerate(Article.objects.values_list("pk", flat=True)):
        versions.append(LanguageVersion(article_id=pk, language="en"))
        published = i % 2 == 0
        versions.append(
            LanguageVersion(
                article_id=pk,
                language="fr",
                status=Status.PUBLISHED if published else Status.DRAFT,
                published_at=now if published else None,
            )
        )
        versions.append(LanguageVersion(article_id=pk, language="de", status=Status.IN_REVIEW))
    LanguageVersion.objects.bulk_create(versions, batch_size=1000)
    Finding.objects.bulk_create(
        (
            Finding(version_id=pk, kind="x", severity="advisory", message="m", fingerprint="f")
            for pk in LanguageVersion.objects.filter(language="de").values_list("pk", flat=True)[
                : n // 3
            ]
        ),
        batch_size=1000,
    )


def measure(n: int, repeat: int) -> list[tuple[str, float, int]]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from articles.models import Article, ImportRun
    from tests.factories import editor

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:  # start empty without flushing the roles away
        for table in ("finding", "languageversion", "sourcedocument", "article", "importrun"):
            cursor.execute(f"DELETE FROM articles_{table}")
    assert not Article.objects.exists() and not ImportRun.objects.exists()
    populate(n)
    client = Client()
    client.force_login(editor(username="bench-editor"))
    # The ceiling's user may delete import runs, so its rows have selection
    # checkboxes like the article list's (Django renders each as a widget).
    admin = Client()
    admin.force_login(
        get_user_model().objects.filter(is_superuser=True).first()
        or get_user_model().objects.create_superuser("bench-admin")
    )
    articles = reverse("admin:articles_article_changelist")
    pages = [
        ("ceiling: import run list", admin, reverse("admin:articles_importrun_changelist"), {}),
        ("article list", client, articles, {}),
        ("  French published", client, articles, {"language": "fr", "state": "published"}),
        ("  has findings", client, articles, {"findings": "yes"}),
        ("  search 'Geschichte 77'", client, articles, {"q": "Geschichte 77"}),
    ]
    results = []
    for label, user_client, url, params in pages:
        response = user_client.get(url, params)
        assert response.status_code == 200, (label, response.status_code)
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            user_client.get(url, params)
        results.append(
            (
                label,
                median_ms(lambda c=user_client, u=url, p=params: c.get(u, p), repeat),
                len(queries),
            )
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="admin-list-bench-"))
    os.environ["DJANGO_DEBUG"] = "1"
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log kept between requests
    settings.ALLOWED_HOSTS = ["testserver"]
    print(f"admin article list, SQLite, median of {args.repeat} requests (ms), queries per request")
    for n in (int(size) for size in args.sizes.split(",")):
        results = measure(n, args.repeat)
        ceiling = results[0][1]
        print(f"\n{n:,} articles ({3 * n:,} versions)")
        for label, ms, count in results:
            print(
                f"  {label:<28} {ms:8.1f} ms  {count:3d} queries  x{ms / ceiling:5.2f} of ceiling"
            )


if __name__ == "__main__":
    main()
