"""Generate a large multilingual bundle with known truth, for the import benchmark.

Each story is the seed story (fixtures/seeds 000 id, 001 fr, 002 es, 004 de,
plus an English version kept here) with its own names and numbers: company,
chief executive, critic, model and product names, the poll's hours. Companies
come from a smaller pool, so several stories share a company and its chief
executive — the hard case where linking must rely on the rare anchors. Half of
the stories get a title line. File names are random, as in real bundles; the
truth (file → story) is written next to the bundle, not inside it.

    .venv/bin/python bench/generate_bundle.py OUT_DIR --stories 2000
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
SEED_FILES = {
    "id": "000_0a53b2d7a05409b2.txt",
    "fr": "001_6a2df4c3be0b61b2.txt",
    "es": "002_7e97815549ed4887.txt",
    "de": "004_f2d807b5f0c19eb6.txt",
}
ENGLISH = """\
OpenAI CEO Sam Altman recently launched a poll on the social media platform X asking users about the direction of the company's next open source project. The move has drawn wide attention, especially as competition in artificial intelligence grows fiercer. Altman's question reflects OpenAI's focus on what users need, and hints at a possible shift in the company's open source strategy.
The background is a major transformation at OpenAI, which is turning its for-profit division into a public benefit corporation. Since the investment from Microsoft, OpenAI's relationship with open source has changed markedly. Especially after the release of GPT-4, OpenAI gradually reduced its open source contributions and focused on smaller projects such as Whisper. Altman cited safety when he paused open source work, but he recently admitted that the strategy may have been wrong, as competitors like Deepseek released their V3 and R1 models.

In the poll, Altman asked: "For our next open source project, would it be more useful to release a smaller O3-Mini model or to build the best model that can run on a phone?" So far the O3-Mini model leads the vote, and the poll has 12 hours to go. The question shows OpenAI's attention to users and its flexibility on open source.

Although ChatGPT and the OpenAI API services still lead the industry, open source competitors are rising, with companies such as Meta, Deepseek, Alibaba and Mistral all releasing open models that can compete with OpenAI's products. This competition forces OpenAI to revisit its open source strategy to stay competitive.
XAI plans to release Grok2 as open source after launching Grok3. An open source O3-Mini would give users a strong alternative without competing directly with OpenAI's high-end products, especially as GPT-4.5 is being tested and GPT-5 is about to be released. The strategy helps OpenAI win back trust in the open source community and opens more market opportunities.
The move does not mean that OpenAI is returning to its original open source principles, but it shows that a fully closed strategy is no longer sustainable in a fast-changing market. Jan Leike, who worked at OpenAI, recently voiced concern about the restructuring, criticising OpenAI for reducing its mission to "ensure AGI benefits all of humanity" to smaller philanthropic initiatives in health care, education and science.
He believes the non-profit should support broader AI development initiatives, including AI governance, safety research and adaptability, and research on the labour market impact. Releasing open source code could be a compromise that lets safety researchers better understand how inference models work. An open strategy helps promote the safe development of AI technology and wins OpenAI more support in a highly competitive market.
Key points: OpenAI CEO Sam Altman asked users on X about future open source projects, hinting at a return to open source. With competitors rising, OpenAI realises that a fully closed development strategy cannot last. Open source projects could promote safety research and AI governance and a broader development of technology.
"""
TITLES = {
    "en": "{company} asks users whether to open-source {model}",
    "id": "{company} bertanya kepada pengguna apakah {model} akan dibuka",
    "fr": "{company} demande aux utilisateurs s'il faut ouvrir {model}",
    "es": "{company} pregunta a los usuarios si debe liberar {model}",
    "de": "{company} fragt Nutzer, ob {model} offen werden soll",
}
_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "ve",
    "tu",
    "sen",
    "dar",
    "fi",
    "no",
    "bel",
    "gra",
    "qui",
    "zor",
    "pe",
    "lan",
    "tis",
    "mo",
    "rex",
    "ul",
    "vin",
    "cha",
    "dre",
]
# Longest first: GPT-4.5 before GPT-4.
_REPLACEMENTS = [
    ("company", r"open\s?ai|operai|openia"),
    ("ceo", r"Sam Altman"),
    ("ceo_last", r"Altman"),
    ("critic", r"Jan Leike"),
    ("critic_last", r"Leike"),
    ("model", r"o3-mini"),
    ("m45", r"GPT-4\.5"),
    ("m5", r"GPT-5"),
    ("m4", r"GPT-4"),
    ("m2", r"Grok2"),
    ("m3", r"Grok3"),
    ("product", r"Whisper"),
    ("chat", r"Chatgpt"),
    ("hours", r"\b12\b"),
]


def _name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def _story_values(rng: random.Random, company: tuple[str, str], taken: set[str]) -> dict[str, str]:
    def fresh(make, wider=None):
        tries = 0
        while (value := make()) in taken:
            tries += 1
            if wider is not None and tries > 1000:  # the pool is used up (a large bundle)
                make = wider
        taken.add(value)
        return value

    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    first = _name(rng)
    last = fresh(lambda: _name(rng, 3), wider=lambda: _name(rng, 4))
    return {
        "company": company[0],
        "ceo": company[1],
        "ceo_last": company[1].split()[-1],
        "critic": f"{first} {last}",
        "critic_last": last,
        "model": fresh(lambda: f"{rng.choice(letters)}{rng.randint(2, 99)}-{_name(rng)}"),
        "m45": fresh(
            lambda: f"{rng.choice(letters)}{rng.choice(letters)}X-{rng.randint(10, 999)}.5"
        ),
        "m5": fresh(lambda: f"{rng.choice(letters)}{rng.choice(letters)}Q-{rng.randint(10, 999)}"),
        "m4": fresh(lambda: f"{rng.choice(letters)}{rng.choice(letters)}Z-{rng.randint(10, 999)}"),
        "m2": fresh(lambda: f"{_name(rng)}{rng.randint(2, 99)}"),
        "m3": fresh(lambda: f"{_name(rng)}{rng.randint(100, 999)}"),
        "product": fresh(lambda: _name(rng, 3), wider=lambda: _name(rng, 4)),
        "chat": fresh(lambda: f"{_name(rng, 3)}Chat", wider=lambda: f"{_name(rng, 4)}Chat"),
        "hours": fresh(
            lambda: str(rng.randint(13, 9999)), wider=lambda: str(rng.randint(10000, 999999))
        ),
    }


def _fill(text: str, values: dict[str, str]) -> str:
    for key, pattern in _REPLACEMENTS:
        text = re.sub(pattern, values[key].replace("\\", ""), text, flags=re.IGNORECASE)
    return text


def generate(out: Path, stories: int, seed: int = 1) -> dict[str, int]:
    """Write the bundle into `out`; return the truth {file name: story number}."""
    rng = random.Random(seed)
    templates = {
        code: (SEEDS / name).read_text(encoding="utf-8") for code, name in SEED_FILES.items()
    }
    templates["en"] = ENGLISH
    taken: set[str] = set()
    companies = [
        (fresh_company, f"{_name(rng)} {_name(rng, 3)}")
        for fresh_company in {
            f"{_name(rng, 2)}{rng.choice(['AI', 'Labs', 'Tech'])}"
            for _ in range(max(10, stories // 8))
        }
    ]
    out.mkdir(parents=True, exist_ok=True)
    truth: dict[str, int] = {}
    for story in range(stories):
        values = _story_values(rng, rng.choice(companies), taken)
        with_title = rng.random() < 0.5
        for code, template in templates.items():
            text = _fill(template, values)
            if with_title:
                text = (
                    TITLES[code].format(company=values["company"], model=values["model"])
                    + "\n\n"
                    + text
                )
            name = f"{rng.getrandbits(64):016x}.txt"
            (out / name).write_text(text, encoding="utf-8")
            truth[name] = story
    return truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    truth = generate(args.out, args.stories, args.seed)
    truth_path = args.out.with_name(args.out.name + ".truth.json")
    truth_path.write_text(json.dumps(truth))
    print(f"{len(truth)} files of {args.stories} stories in {args.out}; truth in {truth_path}")


if __name__ == "__main__":
    main()
