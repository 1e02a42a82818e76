"""Benchmark: does the review page pair a translation's paragraphs with the source's?

Over `../shared/dev_bundle/` (real, professionally translated news: see its README), each
story's English version is compared with each other site-language version, as the review
page shows them side by side (`articles.admin.review.align` over the parsed bodies). Where
both have the same number of paragraphs, a correct alignment pairs them one to one (¶1 with
¶1 … ¶n with ¶n): the bundle's translations are sentence-aligned, so paragraph n translates
paragraph n. Prints how many such pairs of versions align one to one, and how many paragraph
rows were left unpaired overall.

    python bench/review_alignment.py [../shared/dev_bundle]
"""

from __future__ import annotations

import json
import os
import sys
from collections import defaultdict
from pathlib import Path


def main(bundle: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's code
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from articles.admin.review import align, repeats
    from articles.importing.parsing import parse_document

    truth = json.loads((bundle / "truth.json").read_text())["files"]
    stories: dict[str, dict[str, list[str]]] = defaultdict(dict)
    heads: dict[tuple[str, str], tuple[str, str]] = {}
    for name, facts in truth.items():
        if facts["lang"] not in ("en", "id", "fr", "es", "de"):
            continue
        parsed = parse_document((bundle / "files" / name).read_text(encoding="utf-8"))
        stories[facts["story"]][facts["lang"]] = [b.text for b in parsed.blocks]
        heads[facts["story"], facts["lang"]] = (parsed.title, parsed.lede)
    same = one_to_one = pairs = unpaired = 0
    for story, versions in sorted(stories.items()):
        source = versions.get("en")
        if source is None:
            continue
        for language, blocks in sorted(versions.items()):
            if language == "en":
                continue
            pairs += 1
            aligned = align(
                source,
                blocks,
                repeats(source, *heads[story, "en"]),
                repeats(blocks, *heads[story, language]),
            )
            unpaired += sum(1 for a, b in aligned if a is None or b is None)
            if len(source) == len(blocks):
                same += 1
                one_to_one += aligned == [(i, i) for i in range(len(source))]
    print(f"versions compared with their English source: {pairs}")
    print(
        f"same paragraph count: {same}; aligned one to one: {one_to_one} ({one_to_one / max(same, 1):.0%})"
    )
    print(f"paragraph rows left unpaired (all pairs): {unpaired}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/dev_bundle"))
