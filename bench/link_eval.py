"""Benchmark: how well the importer links translations, on real text and on a generated bundle.

    .venv/bin/python bench/link_eval.py [--bundle DIR] [--halves] [--small K] [--stories 400]
                                        [--generated DIR] [--batch N]

`--bundle` is a bundle of real news in the layout of `../shared/dev_bundle` (a
`files/` directory and a `truth.json` giving each file's `lang` and `story`); the
default is that bundle next to the repository. The generated bundle is made by
`bench/generate_bundle.py` (`--stories`, or an existing one with `--generated`,
its truth beside it as `DIR.truth.json`). Each bundle is imported end to end
(`import_bundle`) into an empty SQLite database, then this prints, over pairs of
files of site languages:

* precision, recall and F1 of the automatic links (two files linked = one article);
* language accuracy (the detected language against the truth, every file);
* the suggestions the import report lists, how many join two files of one story,
  and the recall once every suggestion is counted as a link ("linked or suggested");
* files of other languages (Italian, Portuguese): how many were matched to their story.

`--small K` imports the real bundle again, K stories at a time, each group into an
emptied database, as an editor uploads one story's translations in the admin, and
prints the links over all groups (a story's anchors then weigh what they weigh among
thousands only if document frequencies count stories, see `linking`).

`--halves` imports the real bundle again, into an emptied database, in two runs (every
other file, then the rest), as a newsroom receives a story's versions on different days,
and prints the links and suggestions that join true pairs across both runs.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEV_BUNDLE = Path("/work/shared/dev_bundle")
SITE_LANGUAGES = {"en", "id", "fr", "es", "de"}


def pairs(groups) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for g in groups for p in itertools.combinations(sorted(g), 2)}


class Groups:
    """Union-find over file names: the stories the links (and suggestions) make."""

    def __init__(self, names):
        self.parent = {name: name for name in names}

    def find(self, name: str) -> str:
        while self.parent[name] != name:
            self.parent[name] = self.parent[self.parent[name]]
            name = self.parent[name]
        return name

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)

    def groups(self) -> list[set[str]]:
        out = defaultdict(set)
        for name in self.parent:
            out[self.find(name)].add(name)
        return list(out.values())


def evaluate(label: str, bundle: Path, truth: dict[str, dict]) -> dict:
    """Import `bundle` into the (empty) database; `truth` maps file → {lang, story}."""
    from articles.importing.pipeline import ImportOptions, import_bundle

    started = time.perf_counter()
    report = import_bundle(ImportOptions(paths=[bundle]))
    elapsed = time.perf_counter() - started
    data = report.as_dict()
    documents = {d["file"]: d for d in data["documents"]}
    site = [n for n, t in truth.items() if t["lang"] in SITE_LANGUAGES]
    by_article = defaultdict(set)
    for name in site:
        article = documents.get(name, {}).get("article")
        by_article[article if article is not None else ("alone", name)].add(name)
    stories = defaultdict(set)
    for name in site:
        stories[truth[name]["story"]].add(name)
    true_pairs, found = pairs(stories.values()), pairs(by_article.values())
    hits = len(true_pairs & found)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    languages = [t["lang"] for t in truth.values() if t["lang"]]
    right = sum(
        1
        for n, t in truth.items()
        if t["lang"] and documents.get(n, {}).get("language") == t["lang"]
    )

    suggestions = data.get("suggestions", [])
    true_suggestions = 0
    groups = Groups(site)
    for name in site:  # the links
        article = documents.get(name, {}).get("article")
        if article is not None:
            groups.union(name, by_article[article].__iter__().__next__())
    for s in suggestions:
        a, b = s["files"]
        if a in truth and b in truth and truth[a]["story"] == truth[b]["story"]:
            true_suggestions += 1
        if a in groups.parent and b in groups.parent:
            groups.union(a, b)
    covered = len(true_pairs & pairs(groups.groups()))

    others = [n for n, t in truth.items() if t["lang"] and t["lang"] not in SITE_LANGUAGES]
    story_article = defaultdict(set)
    for name in site:
        article = documents.get(name, {}).get("article")
        if article is not None:
            story_article[truth[name]["story"]].add(article)
    # Files of other languages: matched when the report names their story's article.
    matched = sum(
        1
        for n in others
        if documents.get(n, {}).get("related_article") in story_article[truth[n]["story"]]
    )

    story_count = len({t["story"] for t in truth.values()})
    print(f"== {label}: {len(truth)} files, {story_count} stories ({bundle})")
    print(f"import: {elapsed:.1f} s = {len(truth) / elapsed:.0f} files/s")
    print(
        f"automatic links over {len(site)} site-language files: precision {precision:.4f}, "
        f"recall {recall:.4f}, F1 {f1:.4f} ({hits} of {len(true_pairs)} true pairs, "
        f"{len(found) - hits} wrong)"
    )
    print(f"language accuracy: {right}/{len(languages)} = {right / max(1, len(languages)):.4f}")
    print(
        f"suggestions: {len(suggestions)}, of which true {true_suggestions}, wrong "
        f"{len(suggestions) - true_suggestions}; linked or suggested: {covered}/{len(true_pairs)}"
        f" = {covered / max(1, len(true_pairs)):.4f}; wrong suggestions per 10 stories: "
        f"{10 * (len(suggestions) - true_suggestions) / max(1, story_count):.2f}"
    )
    if others:
        print(f"other-language files matched to their story: {matched}/{len(others)}")
    return {"precision": precision, "recall": recall, "f1": f1}


def evaluate_halves(bundle: Path, truth: dict[str, dict], work: Path) -> None:
    """Import every other file, then the rest in a second run; read links and suggestions
    from the database (the second run's report does not list the first run's files)."""
    from articles.importing.pipeline import ImportOptions, import_bundle
    from articles.models import LinkSuggestion, SourceDocument

    names = sorted(truth)
    for half, chosen in enumerate((names[0::2], names[1::2])):
        folder = work / f"half{half}"
        folder.mkdir()
        for name in chosen:
            (folder / name).write_bytes((bundle / name).read_bytes())
        import_bundle(ImportOptions(paths=[folder]))
    site = [n for n, t in truth.items() if t["lang"] in SITE_LANGUAGES]
    article = dict(SourceDocument.objects.values_list("name", "article_id"))
    groups = Groups(site)
    by_article: dict = defaultdict(list)
    for name in site:
        if article.get(name) is not None:
            by_article[article[name]].append(name)
    for members in by_article.values():
        for other in members[1:]:
            groups.union(members[0], other)
    linked = pairs(groups.groups())
    stories = defaultdict(set)
    for name in site:
        stories[truth[name]["story"]].add(name)
    true_pairs = pairs(stories.values())
    suggestions = LinkSuggestion.objects.values_list("document__name", "other_document__name")
    true_suggestions = 0
    for a, b in suggestions:
        true_suggestions += truth[a]["story"] == truth[b]["story"]
        groups.union(a, b)
    covered = len(true_pairs & pairs(groups.groups()))
    hits = len(true_pairs & linked)
    print(f"== real bundle in two runs of {len(names[0::2])} and {len(names[1::2])} files")
    print(
        f"automatic links: recall {hits / len(true_pairs):.4f} ({hits} of {len(true_pairs)}), "
        f"wrong {len(linked - true_pairs)}; suggestions {len(suggestions)} (true "
        f"{true_suggestions}); linked or suggested: {covered}/{len(true_pairs)} = "
        f"{covered / len(true_pairs):.4f}"
    )


def evaluate_small(bundle: Path, truth: dict[str, dict], work: Path, k: int) -> None:
    """Import the site-language files of K stories at a time, each group alone in an
    emptied database; print the automatic links over every group."""
    from django.core.management import call_command

    from articles.importing.pipeline import ImportOptions, import_bundle
    from articles.models import SourceDocument

    stories: dict[str, list[str]] = defaultdict(list)
    for name, t in sorted(truth.items()):
        if t["lang"] in SITE_LANGUAGES:
            stories[t["story"]].append(name)
    order = sorted(stories)
    hits = found = wanted = 0
    for first in range(0, len(order), k):
        call_command("flush", interactive=False, verbosity=0)
        chosen = order[first : first + k]
        folder = work / f"small{first}"
        folder.mkdir()
        for story in chosen:
            for name in stories[story]:
                (folder / name).write_bytes((bundle / name).read_bytes())
        import_bundle(ImportOptions(paths=[folder]))
        by_article: dict = defaultdict(set)
        for name, article in SourceDocument.objects.values_list("name", "article_id"):
            by_article[article].add(name)
        linked, true_pairs = pairs(by_article.values()), pairs(stories[s] for s in chosen)
        hits, found, wanted = (
            hits + len(linked & true_pairs),
            found + len(linked),
            wanted + len(true_pairs),
        )
    print(f"== real bundle, {k} stories at a time into an empty database ({len(order)} stories)")
    print(
        f"automatic links: precision {hits / max(1, found):.4f}, recall {hits / wanted:.4f} "
        f"({hits} of {wanted} true pairs, {found - hits} wrong)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=DEV_BUNDLE, help="a real bundle")
    parser.add_argument("--stories", type=int, default=400, help="stories to generate")
    parser.add_argument("--generated", type=Path, help="an existing generated bundle")
    parser.add_argument("--skip-generated", action="store_true")
    parser.add_argument(
        "--batch",
        type=int,
        help="files per batch (NEWSROOM_IMPORT_BATCH): 72 imports the real bundle in two batches",
    )
    parser.add_argument(
        "--small",
        type=int,
        metavar="K",
        help="also import the real bundle K stories at a time, each into an empty database",
    )
    parser.add_argument(
        "--halves",
        action="store_true",
        help="also import the real bundle in two runs (files alternately), as two deliveries",
    )
    parser.add_argument(
        "--only",
        help="languages of the real bundle to import (e.g. fr,de: two languages that "
        "translate names, as the German/French bundle of issue 28), the others left out",
    )
    args = parser.parse_args()
    if args.batch:
        os.environ["NEWSROOM_IMPORT_BATCH"] = str(args.batch)

    work = Path(tempfile.mkdtemp(prefix="link-eval-"))
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.generate_bundle import SEED_FILES, generate

    call_command("migrate", verbosity=0)
    truth = json.loads((args.bundle / "truth.json").read_text())["files"]
    files = args.bundle / "files"
    if args.only:
        keep = set(args.only.split(","))
        truth = {n: t for n, t in truth.items() if t["lang"] in keep}
        files = work / "only"
        files.mkdir()
        for name in truth:
            (files / name).write_bytes((args.bundle / "files" / name).read_bytes())
    evaluate("real bundle", files, truth)
    if args.halves:
        call_command("flush", interactive=False, verbosity=0)
        evaluate_halves(files, truth, work)
    if args.small:
        evaluate_small(files, truth, work, args.small)
    if args.skip_generated:
        return
    call_command("flush", interactive=False, verbosity=0)
    if args.generated:
        bundle = args.generated
        stories = json.loads(bundle.with_name(bundle.name + ".truth.json").read_text())
    else:
        bundle = work / "generated"
        stories = generate(bundle, args.stories)
    # The generator writes each story's files in the order of its templates' languages.
    order = [*SEED_FILES, "en"]
    seen: dict[int, int] = defaultdict(int)
    truth = {}
    for name, story in stories.items():
        truth[name] = {"lang": order[seen[story] % len(order)], "story": story}
        seen[story] += 1
    evaluate("generated bundle", bundle, truth)


if __name__ == "__main__":
    main()
