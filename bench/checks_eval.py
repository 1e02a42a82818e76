"""Benchmark: do the editorial checks catch defects injected into real translations, and keep
quiet on clean ones?

    .venv/bin/python bench/checks_eval.py [BUNDLE] [--seed 2026] [--show]

BUNDLE is a bundle of real news in the layout of `../shared/dev_bundle` (a `files/`
directory and a `truth.json` giving each file's `lang` and `story`; default
/work/shared/dev_bundle). Every story with two site-language versions or more takes
part. For each kind of defect, one version per story that is not the original (the
English source when the story has it) gets one defect, made by a seeded generator:

* untranslated: one of its paragraphs replaced by the same paragraph of another version;
* read_also: a "read also" line (phrasings of its language, another story's headline)
  put between two paragraphs;
* attribution: an "originally appeared on …" line, at the end or before the last paragraph;
* figure: one figure that another version also writes changed (a digit replaced, two
  digits swapped, or the value moved by a few);
* name: one occurrence of a capitalised word of five letters or more that another version
  writes the same way misspelt (two letters swapped, one doubled or undoubled, one
  replaced by a neighbour on the keyboard; two of these in a long name).

Each text goes through the importer's parser (`parse_document`) and every check
(`run_checks`), without a database. Per kind it prints: caught (a new finding of the
kind on that version, or the importer took the insert out), placed on the right
paragraph, and blocking. Then the findings the clean bundle raises, per kind.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEV_BUNDLE = Path("/work/shared/dev_bundle")
SITE_LANGUAGES = ("en", "id", "fr", "es", "de")
KINDS = ("untranslated", "read_also", "attribution", "figure", "name")
#: The finding kinds that catch each defect.
CATCHES = {
    "untranslated": {"untranslated"},
    "read_also": {"leftover_read_also"},
    "attribution": {"leftover_attribution"},
    "figure": {"figure_mismatch"},
    "name": {"name_spelling"},
}

READ_ALSO = {
    "en": ["Read also: {t}", "READ MORE: {t}", "See also - {t}", "Related: {t}", "ALSO READ {t}"],
    "id": [
        "Baca juga: {t}",
        "BACA JUGA: {t}",
        "Simak juga: {t}",
        "Lihat juga - {t}",
        "MEMBACA {t}",
    ],
    "fr": ["Lire aussi : {t}", "À lire aussi : {t}", "Voir aussi : {t}", "LIRE AUSSI {t}"],
    "es": ["Lea también: {t}", "Te puede interesar: {t}", "Ver también: {t}", "LEA TAMBIÉN {t}"],
    "de": [
        "Lesen Sie auch: {t}",
        "Mehr zum Thema: {t}",
        "Auch interessant: {t}",
        "Siehe auch: {t}",
    ],
}
ATTRIBUTION = {
    "en": [
        "This article originally appeared on {s}.",
        "Originally published by {s}.",
        "This story first appeared in {s}.",
        "Source: {s}",
    ],
    "id": [
        "Artikel ini awalnya ditampilkan di {s}.",
        "Cerita ini pertama kali diterbitkan oleh {s}.",
        "Sumber: {s}",
        "Tulisan ini semula dimuat di {s}.",
    ],
    "fr": [
        "Cet article a été publié initialement sur {s}.",
        "Article paru à l'origine dans {s}.",
        "Source : {s}",
        "Ce texte a d'abord été publié par {s}.",
    ],
    "es": [
        "Este artículo apareció originalmente en {s}.",
        "Publicado originalmente en {s}.",
        "Fuente: {s}",
        "Esta historia fue publicada originalmente por {s}.",
    ],
    "de": [
        "Dieser Artikel erschien zuerst bei {s}.",
        "Ursprünglich veröffentlicht auf {s}.",
        "Quelle: {s}",
        "Der Text wurde zuerst von {s} veröffentlicht.",
    ],
}
SITES = ["Fortune.com", "The Conversation", "Reuters", "BBC News", "Kompas.com", "Le Monde"]
#: Letters next to each other on a keyboard: the substitutions a typing slip makes.
NEIGHBOURS = {
    "a": "sq", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj",
    "i": "uo", "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o",
    "q": "w", "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc",
    "y": "tu", "z": "x",
}  # fmt: skip
_NUMBER = re.compile(
    r"(?<![\w.,:/-])(?<!pukul )(?<!jam )(?<!\d[\s\u00a0\u202f])\d+(?:[.,]\d{3})*(?:[.,]\d+)?"
    r"(?![\w:/-]|[.,]\d|[\s\u00a0\u202f]\d{3}\b|\s?(?:[ap]\.?m\b|uhr|h\b|heures?|horas?|pagi|sore|malam))"
)  # a figure, not a time of day ("pukul 8", "5 p.m.", "17 Uhr")
_NAME = re.compile(r"(?<=[^\W\d_] )[A-Z][a-zäöüéèáíóúñç]{4,}\b")


def load(bundle: Path) -> tuple[dict, dict]:
    """(story -> [(language, file name, text)], language -> headlines) of site languages."""
    import json

    from articles.importing.reading import normalize

    truth = json.loads((bundle / "truth.json").read_text())["files"]
    stories: dict[str, list] = defaultdict(list)
    headlines: dict[str, list[str]] = defaultdict(list)
    for name in sorted(truth):
        entry = truth[name]
        if entry["lang"] not in SITE_LANGUAGES:
            continue
        text = normalize((bundle / "files" / name).read_text(encoding="utf-8"))
        original = "original English" in entry.get("source", "")
        stories[entry["story"]].append((entry["lang"], name, text, original))
        if entry.get("title"):
            headlines[entry["lang"]].append(entry["title"])
    return stories, headlines


def version_of(language: str, text: str):
    from articles.editorial_checks import VersionText
    from articles.importing.parsing import parse_document

    parsed = parse_document(text)
    fields = parsed.article_fields(slug=f"story-{language}")
    return parsed, VersionText(language=language, title_derived=parsed.title_derived, **fields)


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _paragraph_lines(text: str) -> list[int]:
    """Indexes of the lines that are paragraphs (not the headline, not blank)."""
    lines = _lines(text)
    first = 1 if lines and lines[0] and len(lines[0]) < 200 else 0
    return [i for i, line in enumerate(lines) if i >= first and len(line.split()) >= 8]


def inject(kind: str, rng: random.Random, target, others, headlines) -> tuple | None:
    """(the target's text with one defect, a piece of text that locates it, what changed)
    or None."""
    language, _name, text, _original = target
    lines = _lines(text)
    paragraphs = _paragraph_lines(text)
    if len(paragraphs) < 2:
        return None
    if kind == "untranslated":
        donor = rng.choice(others)
        donor_paragraphs = _paragraph_lines(donor[2])
        at = rng.choice(paragraphs[1:])
        rank = paragraphs.index(at)
        source = _lines(donor[2])[donor_paragraphs[min(rank, len(donor_paragraphs) - 1)]]
        lines[at] = source
        return "\n".join(lines), source, ""
    if kind == "read_also":
        title = rng.choice([h for h in headlines[language] if h not in text] or ["Ibid"])
        insert = rng.choice(READ_ALSO[language]).format(t=title)
        at = rng.choice(paragraphs[1:])
        return "\n".join([*lines[:at], insert, *lines[at:]]), insert, ""
    if kind == "attribution":
        insert = rng.choice(ATTRIBUTION[language]).format(s=rng.choice(SITES))
        if rng.random() < 0.7:
            return text.rstrip("\n") + "\n" + insert, insert, ""
        at = paragraphs[-1]
        return "\n".join([*lines[:at], insert, *lines[at:]]), insert, ""
    other_text = " ".join(o[2] for o in others)
    if kind == "figure":
        spots = [
            (i, m)
            for i in paragraphs
            for m in _NUMBER.finditer(lines[i])
            if re.sub(r"\D", "", m.group()) in re.sub(r"(?<=\d)[.,\s](?=\d)", "", other_text)
        ]
        if not spots:
            return None
        i, match = rng.choice(spots)
        changed = _change_figure(rng, match.group())
        line = lines[i][: match.start()] + changed + lines[i][match.end() :]
        lines[i] = line
        return "\n".join(lines), line, f"{match.group()} -> {changed}"
    if kind == "name":
        spots = [
            (i, m)
            for i in paragraphs
            for m in _NAME.finditer(lines[i])
            if re.search(rf"\b{m.group()}\b", other_text)
        ]
        if not spots:
            return None
        i, match = rng.choice(spots)
        wrong = _misspell(rng, match.group())
        line = lines[i][: match.start()] + wrong + lines[i][match.end() :]
        lines[i] = line
        return "\n".join(lines), line, f"{match.group()} -> {wrong}"
    raise ValueError(kind)


def _change_figure(rng: random.Random, figure: str) -> str:
    digits = [i for i, ch in enumerate(figure) if ch.isdigit()]
    for _ in range(50):
        how = rng.choice(("digit", "swap", "shift"))
        chars = list(figure)
        if how == "digit":
            i = rng.choice(digits)
            chars[i] = rng.choice([d for d in "0123456789" if d != chars[i]])
            if i == digits[0] and chars[i] == "0":
                continue
        elif how == "swap" and len(digits) >= 2:
            k = rng.randrange(len(digits) - 1)
            a, b = digits[k], digits[k + 1]
            chars[a], chars[b] = chars[b], chars[a]
            if chars[digits[0]] == "0":
                continue
        elif how == "shift" and figure.isdigit():
            value = int(figure)
            delta = rng.randint(1, max(2, value // 3))
            chars = list(str(max(0, value + rng.choice((-1, 1)) * delta)))
        result = "".join(chars)
        if result != figure:
            return result
    return str(int(re.sub(r"\D", "", figure)) + 1)


def _misspell(rng: random.Random, name: str) -> str:
    edits = 2 if len(name) >= 9 and rng.random() < 0.3 else 1
    word = name
    for _ in range(edits):
        for _attempt in range(50):
            how = rng.choice(("swap", "double", "neighbour"))
            i = rng.randrange(1, len(word) - 1)  # never the capital, never the last letter
            if how == "swap" and word[i] != word[i + 1] and i + 1 < len(word) - 1:
                candidate = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            elif how == "double":
                if word[i] == word[i + 1]:
                    candidate = word[:i] + word[i + 1 :]
                else:
                    candidate = word[:i] + word[i] + word[i:]
            elif how == "neighbour" and word[i] in NEIGHBOURS:
                candidate = word[:i] + rng.choice(NEIGHBOURS[word[i]]) + word[i + 1 :]
            else:
                continue
            if candidate != word:
                word = candidate
                break
    return word


def place_of(version, piece: str) -> int | str | None:
    """The body block holding `piece` (None: the lede or title; "gone": not in the text)."""
    for index, block in enumerate(version.blocks):
        if piece[:60] in block:
            return index
    if piece[:60] in version.lede or piece[:60] in version.title:
        return None
    return "gone"


def evaluate(bundle: Path, seed: int, show: bool) -> None:
    from articles.editorial_checks import run_checks
    from articles.editorial_checks.base import BLOCKING
    from articles.editorial_checks.engine import make_story

    stories, headlines = load(bundle)
    usable = {k: v for k, v in sorted(stories.items()) if len(v) >= 2}
    clean_versions = {
        k: [version_of(lang, text)[1] for lang, _n, text, _o in v] for k, v in usable.items()
    }
    clean_findings = {k: run_checks(make_story(vs)) for k, vs in clean_versions.items()}

    rng = random.Random(seed)
    print(f"== {bundle}: {len(usable)} stories with two versions or more, seed {seed}")
    print(
        f"{'kind':<13} {'injected':>8} {'caught':>8} {'placed':>8} {'blocking':>8} {'taken out':>9}"
    )
    totals = Counter()
    for kind in KINDS:
        counts = Counter()
        for key, files in usable.items():
            targets = [f for f in files if not f[3]]
            rng.shuffle(targets)
            for target in targets:
                others = [f for f in files if f is not target]
                made = inject(kind, rng, target, others, headlines)
                if made is not None:
                    break
            else:
                continue
            text, piece, note = made
            parsed, version = version_of(target[0], text)
            versions = [version if v.language == target[0] else v for v in clean_versions[key]]
            before = {(f.language, f.fingerprint) for f in clean_findings[key]}
            new = [
                f
                for f in run_checks(make_story(versions))
                if f.language == target[0]
                and f.kind in CATCHES[kind]
                and (f.language, f.fingerprint) not in before
            ]
            counts["injected"] += 1
            taken = any(piece[:40] in r for r in parsed.removed) or (
                kind == "attribution" and piece[:40] in parsed.attribution
            )
            expected = place_of(version, piece)
            if taken:
                counts["caught"] += 1
                counts["placed"] += 1
                counts["taken out"] += 1
            elif new:
                counts["caught"] += 1
                counts["placed"] += any(f.paragraph == expected for f in new)
                counts["blocking"] += any(f.severity == BLOCKING for f in new)
            elif show:
                print(f"  missed {kind} in {key} ({target[0]}) {note}: {piece[:100]!r}")
        n = counts["injected"] or 1
        print(
            f"{kind:<13} {counts['injected']:>8} {counts['caught'] / n:>8.2f} "
            f"{counts['placed'] / n:>8.2f} {counts['blocking'] / n:>8.2f} "
            f"{counts['taken out'] / n:>9.2f}"
        )
        totals.update(counts)
    n = totals["injected"] or 1
    print(
        f"{'overall':<13} {totals['injected']:>8} {totals['caught'] / n:>8.2f} "
        f"{totals['placed'] / n:>8.2f} {totals['blocking'] / n:>8.2f} "
        f"{totals['taken out'] / n:>9.2f}"
    )

    version_count = sum(len(v) for v in clean_versions.values())
    by_kind = Counter(f.kind for fs in clean_findings.values() for f in fs)
    blocking = [f for fs in clean_findings.values() for f in fs if f.severity == BLOCKING]
    figure_or_name = by_kind["figure_mismatch"] + by_kind["name_spelling"]
    print(f"== clean bundle: {version_count} versions, {sum(by_kind.values())} findings")
    for kind, count in sorted(by_kind.items()):
        print(f"  {kind:<32} {count:>4}")
    print(
        f"blocking findings: {len(blocking)}; figure or name findings per 20 versions: "
        f"{20 * figure_or_name / max(1, version_count):.2f}"
    )
    if show:
        for key, fs in clean_findings.items():
            for f in fs:
                if f.kind in ("figure_mismatch", "name_spelling") or f.severity == BLOCKING:
                    print(
                        f"  clean {key} {f.language} {f.kind} {f.severity} ¶{f.paragraph}: {f.message[:160]}"
                    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=DEV_BUNDLE)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--show", action="store_true", help="list misses and clean findings")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    evaluate(args.bundle, args.seed, args.show)


if __name__ == "__main__":
    main()
