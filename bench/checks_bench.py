"""Benchmark: the editorial checks for one article, per article, against lingua alone.

    .venv/bin/python bench/checks_bench.py [--repeat 30] [--cpu]
        [--bundle /work/bundles/gen200] [--real /work/shared/dev_bundle] [--runs 5]

Prints, for one run in one process (medians over --repeat runs, milliseconds):
* the ceiling: lingua detecting, whole and one by one, the passages the
  untranslated check judges (title, lede, paragraphs, key points of every
  version), nothing else — the check itself sends lingua only the judgeable
  ones, long paragraphs as a sample, what is not cached in one parallel call;
* `run_checks` with an empty detection cache (every paragraph new: a first
  import), after editing one paragraph (the save case: one paragraph new),
  and with nothing changed;
* `recompute_findings` (the checks plus storing the findings) on SQLite,
  with one paragraph edited before each run.
Articles: the seed story in five languages (the four seed files and the
English version kept in bench/generate_bundle.py), and seed 003 alone.
Lingua's models are loaded before any timing. `--cpu` times CPU (process_time,
every thread) instead of the wall clock: steadier on a shared machine.

Then whole runs, CPU seconds (min of --runs): `run_checks` over every story of a
generated bundle, imported first into the same SQLite database (the checks an
import runs, lingua's scores known), and over every story of a bundle of real
translations parsed as `bench/checks_eval.py` does (lingua's cache warm: the save
path). A bundle that is not there is left out.
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


CLOCK = time.perf_counter


def median_ms(fn, repeat: int, before=None) -> float:
    times = []
    for i in range(repeat):
        if before:
            before(i)
        start = CLOCK()
        fn()
        times.append((CLOCK() - start) * 1000)
    return statistics.median(times)


def whole_runs(bundle: Path | None, real: Path | None, runs: int) -> None:
    """CPU seconds of `run_checks` over every story of each bundle (min of `runs`)."""
    from articles.editorial_checks import run_checks, untranslated
    from articles.editorial_checks.engine import make_story, story_from_article
    from articles.importing.pipeline import ImportOptions, import_bundle
    from articles.models import Article
    from bench.checks_eval import load, version_of

    sets = {}
    if bundle and bundle.is_dir():
        before = list(Article.objects.values_list("pk", flat=True))
        import_bundle(ImportOptions(paths=[bundle]))
        articles = (
            Article.objects.exclude(pk__in=before).order_by("pk").prefetch_related("versions")
        )
        sets[f"{bundle.name} (imported)"] = [
            story_from_article(a, list(a.versions.all())) for a in articles
        ]
    if real and real.is_dir():
        stories, _headlines = load(real)
        sets[f"{real.name} (parsed)"] = [
            make_story([version_of(lang, text)[1] for lang, _n, text, _o in files])
            for _key, files in sorted(stories.items())
            if len(files) >= 2
        ]
    if not sets:
        return
    print(f"\nrun_checks over whole bundles, CPU seconds, min of {runs} runs (lingua's cache warm)")
    print(f"{'stories':<28} {'count':>6} {'versions':>8} {'CPU s':>8} {'ms/story':>9}")
    for label, stories in sets.items():
        untranslated.prepare(stories)
        best = float("inf")
        for _ in range(runs):
            start = time.process_time()
            for story in stories:
                run_checks(story)
            best = min(best, time.process_time() - start)
        versions = sum(len(s.versions) for s in stories)
        print(
            f"{label:<28} {len(stories):>6} {versions:>8} {best:>8.3f} "
            f"{1000 * best / len(stories):>9.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--cpu", action="store_true", help="CPU time, not wall time")
    parser.add_argument("--bundle", type=Path, default=Path("/work/bundles/gen200"))
    parser.add_argument("--real", type=Path, default=Path("/work/shared/dev_bundle"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    global CLOCK
    if args.cpu:
        CLOCK = time.process_time

    work = Path(tempfile.mkdtemp(prefix="checks-bench-"))
    os.environ["DJANGO_DEBUG"] = "1"
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from dataclasses import replace

    from django.core.management import call_command

    from articles.editorial_checks import (
        Story,
        VersionText,
        recompute_findings,
        run_checks,
        untranslated,
    )
    from articles.importing.parsing import parse_document
    from articles.language import detector
    from articles.models import Article, LanguageVersion, localized
    from bench.generate_bundle import ENGLISH, SEED_FILES, SEEDS

    def version(language: str, text: str) -> VersionText:
        parsed = parse_document(text)
        return VersionText(
            language=language,
            title=parsed.title,
            slug=f"slug-{language}",
            lede=parsed.lede,
            body=parsed.body,
            key_points="\n".join(parsed.key_points),
            source_attribution=parsed.attribution,
            title_derived=parsed.title_derived,
        )

    texts = {code: (SEEDS / name).read_text() for code, name in SEED_FILES.items()}
    texts["en"] = ENGLISH
    stories = {
        "seed story, 5 versions": Story(
            versions=tuple(version(code, text) for code, text in sorted(texts.items()))
        ),
        "seed 003, 1 version": Story(
            versions=(version("id", (SEEDS / "003_e299acefb63e0f6e.txt").read_text()),)
        ),
    }

    def passages(story: Story) -> list[str]:
        return [text for v in story.versions for _i, _w, text in untranslated._passages(v)]

    call_command("migrate", verbosity=0)
    for story in stories.values():  # load lingua's models for every language involved
        for text in passages(story):
            detector().compute_language_confidence_values(text)

    clock = "CPU" if args.cpu else "wall"
    print(f"editorial checks, median of {args.repeat} runs, {clock} ms per article")
    header = (
        f"{'article':<24} {'passages':>8} {'lingua':>8} {'cold':>8} {'1 edit':>8} "
        f"{'warm':>8} {'stored':>8} {'cold/lingua':>11}"
    )
    print(header)
    for label, story in stories.items():
        texts_ = passages(story)

        def ceiling(texts_=texts_):
            for text in texts_:
                detector().compute_language_confidence_values(text)

        def cold(story=story):
            untranslated.clear_cache()
            run_checks(story)

        def edited_story(i: int, story=story) -> Story:
            first = story.versions[0]
            blocks = list(first.blocks)
            blocks[-1] = f"{blocks[-1]} ({i})"
            return replace(
                story, versions=(replace(first, body="\n\n".join(blocks)), *story.versions[1:])
            )

        edits = [edited_story(i) for i in range(args.repeat)]
        current: dict[str, Story] = {}

        def prepare_edit(i: int, edits=edits, current=current):
            current["story"] = edits[i]

        run_checks(story)  # fill the cache with the unedited text
        t_ceiling = median_ms(ceiling, args.repeat)
        t_cold = median_ms(cold, args.repeat)
        run_checks(story)
        t_edit = median_ms(
            lambda current=current: run_checks(current["story"]), args.repeat, prepare_edit
        )
        t_warm = median_ms(lambda story=story: run_checks(story), args.repeat)

        article = Article()
        for v in story.versions:
            for field in ("title", "lede", "body", "key_points", "source_attribution"):
                setattr(article, localized(field, v.language), getattr(v, field))
            setattr(article, localized("slug", v.language), f"bench-{len(label)}-{v.language}")
        article.save()
        LanguageVersion.objects.bulk_create(
            LanguageVersion(article=article, language=v.language, title_derived=v.title_derived)
            for v in story.versions
        )
        column = localized("body", story.versions[0].language)

        def edit_article(i: int, article=article, column=column, edits=edits):
            setattr(article, column, edits[i].versions[0].body)

        t_stored = median_ms(
            lambda article=article: recompute_findings(article), args.repeat, edit_article
        )
        print(
            f"{label:<24} {len(texts_):>8} {t_ceiling:>8.2f} {t_cold:>8.2f} {t_edit:>8.2f} "
            f"{t_warm:>8.2f} {t_stored:>8.2f} {t_cold / t_ceiling:>10.2f}x"
        )
    print(
        "lingua = detecting the same passages alone; cold = run_checks, empty cache; "
        "1 edit = one paragraph changed; warm = unchanged; stored = recompute_findings (SQLite)"
    )
    whole_runs(args.bundle, args.real, args.runs)


if __name__ == "__main__":
    main()
