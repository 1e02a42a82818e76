"""Every finding the editorial checks make on a fixed set of texts, for comparing two commits.

    .venv/bin/python bench/checks_diff.py OUT.jsonl [--bundle /work/bundles/gen1000] [--stories 200]
    cmp before.jsonl after.jsonl     # a change meant to keep findings byte for byte

Writes one JSON line per finding, with everything a finding stores or carries (severity,
paragraph, message, suggestion, fingerprint, data, detail), from:
* `run_checks` on the seed story (five versions) and on each seed version alone;
* `run_checks` on `bench/checks_eval.py`'s texts: the clean real bundle, and each kind of
  injected defect with two seeds;
* an import (SQLite, checks inline as `import_seeds` runs them) of the seeds and of the first
  `--stories` stories of a generated bundle: the stored `Finding` rows, and `run_checks` of
  every imported story; then 40 of those articles edited (a paragraph dropped, replaced by
  another version's, a figure or a name changed) and recomputed: the rows again.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--bundle", type=Path, default=Path("/work/bundles/gen1000"))
    parser.add_argument("--stories", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="checks-diff-"))
    os.environ["DJANGO_DEBUG"] = "1"
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'diff.sqlite3'}"
    os.environ.pop("CACHE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from articles.editorial_checks import recompute_findings_for, run_checks
    from articles.editorial_checks.engine import make_story, story_from_article
    from articles.importing.pipeline import ImportOptions, import_bundle
    from articles.models import Article, Finding, localized
    from bench import checks_eval
    from bench.generate_bundle import ENGLISH, SEED_FILES, SEEDS

    out = args.out.open("w", encoding="utf-8")

    def line(*values) -> None:
        out.write(json.dumps(values, ensure_ascii=False, sort_keys=True, default=str) + "\n")

    def emit(tag: str, findings) -> None:
        for f in findings:
            line(tag, f.language, f.kind, f.severity, f.paragraph, f.message, f.suggestion)
            line(tag, f.fingerprint, f.data, f.detail)

    def rows(tag: str) -> None:
        for f in Finding.objects.select_related("version").order_by(
            "version__article_id", "version__language", "fingerprint"
        ):
            v = f.version
            line(tag, v.article_id, v.language, f.kind, f.fingerprint, f.severity, f.paragraph)
            line(tag, f.message, f.suggestion, f.detail, f.dismissed_at is not None)

    texts = {code: (SEEDS / name).read_text() for code, name in SEED_FILES.items()}
    texts["en"] = ENGLISH
    versions = [checks_eval.version_of(code, text)[1] for code, text in sorted(texts.items())]
    emit("seed story", run_checks(make_story(versions)))
    for version in versions:
        emit(f"seed {version.language}", run_checks(make_story([version])))

    stories, headlines = checks_eval.load(checks_eval.DEV_BUNDLE)
    usable = {k: v for k, v in sorted(stories.items()) if len(v) >= 2}
    clean = {
        k: [checks_eval.version_of(lang, text)[1] for lang, _n, text, _o in files]
        for k, files in usable.items()
    }
    for key, story_versions in clean.items():
        emit(f"clean {key}", run_checks(make_story(story_versions)))
    for seed in (2026, 7):
        rng = random.Random(seed)
        for kind in checks_eval.KINDS:
            for key, files in usable.items():
                targets = [f for f in files if not f[3]]
                rng.shuffle(targets)
                for target in targets:
                    others = [f for f in files if f is not target]
                    made = checks_eval.inject(kind, rng, target, others, headlines)
                    if made is not None:
                        break
                else:
                    continue
                _parsed, version = checks_eval.version_of(target[0], made[0])
                changed = [version if v.language == target[0] else v for v in clean[key]]
                emit(f"{kind} {seed} {key}", run_checks(make_story(changed)))

    call_command("migrate", verbosity=0)
    import_bundle(ImportOptions(paths=[SEEDS]))
    truth_file = args.bundle.with_name(args.bundle.name + ".truth.json")
    if truth_file.exists():
        part = work / "bundle"
        part.mkdir()
        for name, story in json.loads(truth_file.read_text()).items():
            if story < args.stories:
                shutil.copy(args.bundle / name, part / name)
        import_bundle(ImportOptions(paths=[part]))
    rows("imported")
    articles = list(Article.objects.order_by("pk").prefetch_related("versions"))
    for article in articles:
        emit(f"article {article.pk}", run_checks(story_from_article(article)))

    rng = random.Random(5)
    edited = []
    for article in rng.sample([a for a in articles if len(a.versions.all()) >= 2], 40):
        one, other = rng.sample(list(article.versions.all()), 2)
        column = localized("body", one.language)
        blocks = getattr(article, column).split("\n\n")
        theirs = getattr(article, localized("body", other.language)).split("\n\n")
        how = rng.choice(("drop", "foreign", "figure", "name"))
        if how == "drop" and len(blocks) > 2:
            del blocks[1]
        elif how == "foreign" and len(theirs) > 1 and len(blocks) > 1:
            blocks[1] = theirs[1]
        elif how == "figure":
            blocks = [re.sub(r"\d", "7", b, count=1) for b in blocks]
        else:
            swap = r"\b([A-Z][a-z]{3})([a-z])([a-z])"
            blocks = [re.sub(swap, r"\1\3\2", b, count=1) for b in blocks]
        setattr(article, column, "\n\n".join(blocks))
        article.save(update_fields=[column])
        edited.append(article.pk)
    recompute_findings_for(edited)
    rows("edited")
    out.close()
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
