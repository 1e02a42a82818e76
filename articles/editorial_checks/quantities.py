"""The quantities a passage states, read the way its language writes them.

A translation keeps an article's figures but writes them its own way: "1,127" in
English is "1.127" in Spanish and "1 127" in French; "2.5 %" is "2,5 %"; "$2.2
billion" is "2200 millones de dólares" or "2,2 Milliarden Dollar" (and a French
or German "billion" is a thousand times an English one); "a thousand" is "un
millier" or "seribu"; "12 miles" may become "20 km" and "90 °F" "32 °C". So a
figure is read as a *value*, not as characters:

* **Separators by language.** One separator followed by exactly three digits groups
  thousands in the language that groups with it ("," in English, "." elsewhere) and
  is a decimal point otherwise; repeated, or followed by the other separator, it
  groups thousands whatever the language; a space (or no-break space) between
  groups of three always does.
* **Scale words and suffixes** multiply: thousand/ribu/mille/mil/Tausend, million/
  juta/millones/Mio., billion (1e9 in English, 1e12 in French, Spanish and German),
  miliar/milliard/mil millones/Milliarde, "£11m", "5bn".
* **Number words** ("five", "un millier", "dua puluh") are *soft*: they may stand
  for a figure another version writes in digits, but a version is never asked to
  have them (most "one"s and "un"s are not figures).
* **Units a translator converts** (miles/km, feet/m, pounds/kg, °F/°C) give the
  quantity its converted value too, matched within `CONVERSION_TOLERANCE` (a
  translator rounds 12 miles = 19.3 km to "20 km").
* **Not figures:** times of day ("5:00", "17.30 Uhr", "8 a.m.", "pukul 8"; clocks and
  time zones differ between editions), references ("figure 1", "n° 3", "Abb. 2"),
  and numbers glued to a word or a name ("GPT-4.5", "Grok3", "o3"), which the
  names check reads. A numeric date keeps only its year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

#: A converted value matches a figure this close (relative): translators round.
CONVERSION_TOLERANCE = 0.1

_THOUSANDS = {"en": ","}  # every other site language groups with "."
_SPACE = "\u00a0\u202f\u2009 "

_NUMBER = re.compile(
    r"(?<![\w\-.,/:])"  # not glued to a word or a name ("GPT-4"), nor the end of a number
    r"(?:(?P<d1>\d{1,2})[./](?P<d2>\d{1,2})[./](?P<year>\d{4})"  # a numeric date
    r"|(?P<hour>\d{1,2})(?::|h|\.(?=\d{2}\s?(?:uhr|wib|wita|wit|h)\b))(?P<minute>\d{2})"  # a time
    rf"|(?P<number>\d{{1,3}}(?:[.,]\d{{3}}){{2,}}(?:[.,]\d+)?"  # 1.000.000 / 1,000,000.5
    rf"|\d{{1,3}}(?:[{_SPACE}]\d{{3}})+(?:[.,]\d+)?"  # 1 000 000,5
    r"|\d{1,3}[.,]\d{3}[.,]\d+"  # 1.000,5 / 1,000.5
    r"|\d+(?:[.,]\d+)?))"
    # a suffix written against it: an ordinal ending, a scale or a unit ("21st", "£11m", "5km")
    r"(?P<suffix>st|nd|rd|th|er|re|ème|e|s|º|ª|bn|mn|m|k|km|kg|mi|ft|lbs?|x"
    r"|million|billion|juta|miliar|ribu)?"
    r"(?![^\W\d_])",  # nor followed by letters ("4o")
    re.IGNORECASE,
)

#: Words after a figure that make it a time of day.
_CLOCK_AFTER = re.compile(
    r"\s?(?:[ap]\.?\s?m\b\.?|uhr\b|h\b|heures?\b|horas?\b|hrs?\b|o['\u2019]clock|wib\b|wita\b"
    r"|pagi\b|siang\b|sore\b|malam\b)",
    re.IGNORECASE,
)
#: Words before a figure that make it a time of day or a reference, not a quantity.
_BEFORE = re.compile(
    r"(?:\b(?:pukul|a las|figure|figures|fig|table|chart|gambar|tabel|grafik"
    r"|figura|tabla|abbildung|abb|tabelle|page|seite|halaman|página|no|nr|n°|nº|número|nomor"
    r"|article|artikel|artículo|pasal|chapter|kapitel|chapitre|capítulo|bab)\.?\s*|#\s?"
    r"|\d\s?h\s?)$",  # the minutes of "17 h 30"
    re.IGNORECASE,
)
_SCALE_SUFFIXES = ("million", "billion", "juta", "miliar", "ribu", "bn", "mn", "k")
_UNIT_SUFFIXES = ("km", "kg", "mi", "ft", "lb", "lbs", "m")

_SCALE_WORDS = {
    "thousand": 3, "thousands": None, "ribu": 3, "rb": 3, "mille": 3, "milliers": None,
    "millier": 3, "mil": 3, "tausend": 3, "k": 3,
    "million": 6, "millions": 6, "juta": 6, "jt": 6, "millón": 6, "millones": 6,
    "millionen": 6, "mio": 6, "m": 6, "mn": 6,
    "miliar": 9, "milyar": 9, "milliard": 9, "milliards": 9, "millardo": 9, "millardos": 9,
    "milliarde": 9, "milliarden": 9, "mrd": 9, "md": 9, "bn": 9,
    "triliun": 12, "trillion": 12, "trillions": 12, "billón": 12, "billones": 12,
    "billionen": 12,
}  # fmt: skip
#: "billion": 1e9 in English (and Indonesian borrows it so), 1e12 in French, Spanish, German.
_BILLION = {"en": 9, "id": 9}
_SCALE = re.compile(
    r"[\s\u00a0\u202f]?(mil millones|mil milliones|"
    + "|".join(
        sorted(
            (re.escape(w) for w in [*_SCALE_WORDS, "billion", "billions"]), key=len, reverse=True
        )
    )
    + r")\b\.?",
    re.IGNORECASE,
)

#: Unit words and the (factor, offset) converting to the other unit of the pair.
_UNITS = [
    (r"miles?|mi|meilen?|milles|mil", "length", 1.609344, 0.0),
    (r"km|kilomet(?:er|re)s?|kilomètres?|kilómetros?|kilometern?", "length", 1 / 1.609344, 0.0),
    (r"feet|foot|ft|pieds?|pies|fuß|fuss|kaki", "height", 0.3048, 0.0),
    (r"m|met(?:er|re)s?|mètres?|metros?|metern?", "height", 1 / 0.3048, 0.0),
    (r"pounds?|lbs?|livres?|libras?|pfund|pon", "weight", 0.45359237, 0.0),
    (r"kg|kilo(?:gram(?:me)?s?|gramos?|gramm)?", "weight", 1 / 0.45359237, 0.0),
    (r"°\s?f|degrees? fahrenheit|grad fahrenheit|fahrenheit", "temperature", 5 / 9, -32 * 5 / 9),
    (r"°\s?c|degrees? celsius|grad celsius|celsius|derajat celsius", "temperature", 1.8, 32.0),
]
_UNIT = re.compile(
    r"[\s\u00a0\u202f]?(?:"
    + "|".join(f"(?P<u{i}>{p})" for i, (p, *_r) in enumerate(_UNITS))
    + r")(?![^\W\d_])",
    re.IGNORECASE,
)

_WORDS = {
    "en": {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "decade": 10, "a": 1,
    },
    "id": {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100,
    "seribu": 1000, "sejuta": 1_000_000, "dekade": 10,
    },
    "fr": {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "soixante": 60, "cent": 100, "douzaine": 12, "décennie": 10,
    },
    "es": {
    "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13,
    "catorce": 14, "quince": 15, "veinte": 20, "treinta": 30, "cuarenta": 40,
    "cincuenta": 50, "cien": 100, "ciento": 100, "docena": 12, "década": 10,
    },
    "de": {
    "ein": 1, "eine": 1, "einen": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5,
    "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12,
    "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "hundert": 100,
    "dutzend": 12, "jahrzehnt": 10,
    },
}  # fmt: skip
_ALL_WORDS = {word: value for words in _WORDS.values() for word, value in words.items()}


def _alternatives(words: list[str]) -> str:
    """`words` as a pattern grouped by first letter ("d(?:ua|ix)|t(?:iga|wo)"): the regex
    engine tries one group per letter where a flat list tried every word."""
    by_first: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        by_first.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in by_first.items())


#: Per language, the words `_words` looks at (number and scale words), found in one search.
_WORD_SEARCH = {
    language: re.compile(
        r"(?<![^\W\d_])(?:"
        + _alternatives([*words, *(k for k in _SCALE_WORDS if len(k) >= 4)])
        + r")(?![^\W\d_])",
        re.IGNORECASE,
    )
    for language, words in [*_WORDS.items(), ("", _ALL_WORDS)]
}
_DIGIT = re.compile(r"\d")
#: One separator followed by three digits: thousands grouped, or a decimal point.
_GROUPED = re.compile(r"\d{1,3}[.,]\d{3}")
_SPACES = re.compile(f"[{_SPACE}]")
_SEPARATORS = re.compile(r"[.,]")
_CODE = re.compile(r"0\d{2}")
_DECADE = re.compile(r"1\d\d0")
_CURRENCY_BEFORE = re.compile(r"[$£€¥]\s?$|\b(?:usd|eur|gbp|rp)\s?$", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    """A value a passage states. `soft`: written in words, so it may match but is not required."""

    value: Decimal
    start: int
    end: int
    text: str
    soft: bool = False
    #: The value in the other unit of a pair a translator converts between (12 miles: 19.3).
    converted: float | None = None
    #: The other reading of a figure the language's convention leaves open: Indonesian
    #: texts often keep English separators, so "1,127" there may be 1127 or 1.127.
    also: Decimal | None = None

    def same(self, other: Quantity) -> bool:
        """The same value, under either reading of each."""
        mine = {self.value, self.also} - {None}
        return bool(mine & ({other.value, other.also} - {None}))

    def matches(self, other: Quantity) -> bool:
        """Whether `other` states this quantity (the same value, or its conversion)."""
        if self.same(other):
            return True
        for one, two in ((self, other), (other, self)):
            if (
                one.converted is not None
                and two.value
                and abs(float(two.value) - one.converted)
                <= CONVERSION_TOLERANCE * abs(one.converted)
            ):
                return True
        return False


def _other_reading(raw: str, language: str) -> Decimal | None:
    """For one separator followed by three digits, the reading the convention did not choose."""
    if not _GROUPED.fullmatch(raw):
        return None
    grouped = raw[-4] == _THOUSANDS.get(language, ".")
    return Decimal(raw.replace(raw[-4], ".")) if grouped else Decimal(raw.replace(raw[-4], ""))


def _read(raw: str, language: str) -> Decimal | None:
    """The value of digits with separators, read by `language`'s convention."""
    raw = _SPACES.sub("", raw)
    separators = _SEPARATORS.findall(raw)
    if not separators:
        digits = raw
    elif len(set(separators)) == 2:  # 1.000,5 / 1,000.5: the last one is the decimal point
        decimal = separators[-1]
        digits = raw.replace("," if decimal == "." else ".", "").replace(decimal, ".")
    elif len(separators) >= 2:  # 1.000.000: repeated, it groups thousands
        digits = raw.replace(separators[0], "")
    else:
        separator = separators[0]
        grouped = _GROUPED.fullmatch(raw) is not None
        if grouped and separator == _THOUSANDS.get(language, "."):
            digits = raw.replace(separator, "")
        else:
            digits = raw.replace(separator, ".")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def _scale(word: str, language: str) -> int | None:
    word = word.lower().rstrip(".")
    if word == "mil" and language != "es":
        return None  # Indonesian "mil" is a mile
    if word in ("mil millones", "mil milliones"):
        return 9
    if word in ("billion", "billions"):
        return _BILLION.get(language, 12)
    return _SCALE_WORDS.get(word)


def _convert(value: Decimal, text: str, at: int) -> tuple[float | None, int]:
    """The value converted if a unit follows at `at`, and where the unit ends."""
    match = _UNIT.match(text, at)
    if not match:
        return None, at
    index = int(match.lastgroup[1:])
    _pattern, _dimension, factor, offset = _UNITS[index]
    return float(value) * factor + offset, match.end()


def quantities(text: str, language: str) -> list[Quantity]:
    """The quantities `text` states, in order (see the module docstring)."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    # most passages have no digit: a plain search says so faster than the figures' pattern
    for match in _NUMBER.finditer(text) if _DIGIT.search(text) else ():
        start, end = match.span()
        if (
            match["hour"]
            or _CLOCK_AFTER.match(text, end)
            or _BEFORE.search(text[max(0, start - 14) : start])
        ):
            continue
        if match["year"]:
            found.append(Quantity(Decimal(match["year"]), match.start("year"), end, match["year"]))
            continue
        if _CODE.match(match["number"]):
            continue  # "0800 …", "007": a phone number or a code, not a quantity
        value = base = _read(match["number"], language)
        if value is None:
            continue
        also = _other_reading(match["number"], language)
        suffix = (match["suffix"] or "").lower()
        decade = suffix in ("s", "er") or text.startswith(("-an", "-er", "'s", "\u2019s"), end)
        if decade and _DECADE.fullmatch(match["number"]):
            also = Decimal(match["number"][2:])  # "the 1930s", "les années 30"
        converted = None
        if suffix in _SCALE_SUFFIXES or (suffix == "m" and _currency_before(text, start)):
            value *= Decimal(10) ** _scale(suffix, language)
        elif suffix in _UNIT_SUFFIXES:
            converted, _ = _convert(value, suffix, 0)
        elif not suffix:
            scale = _SCALE.match(text, end)
            if scale and (exponent := _scale(scale.group(1), language)) is not None:
                value *= Decimal(10) ** exponent
                end = scale.end()
            else:
                converted, end = _convert(value, text, end)
        if also is not None and base:
            also = (also * value / base).normalize()  # scaled as the first reading was
        found.append(
            Quantity(
                value.normalize(),
                start,
                end,
                text[start:end].strip(),
                converted=converted,
                also=also,
            )
        )
        taken.append((start, end))
    found.extend(_words(text, language, taken))
    return sorted(found, key=lambda q: q.start)


def _currency_before(text: str, start: int) -> bool:
    return bool(_CURRENCY_BEFORE.search(text[max(0, start - 5) : start]))


def _adjacent(text: str, end: int, following: re.Match) -> bool:
    """Whether `following` is the next word after `end` (only spaces between)."""
    return not text[end : following.start()].strip()


def _words(text: str, language: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    """Numbers written in words in `language` ("five", "un millier", "dua juta").

    "One" ("un", "ein", "a") is soft: it is mostly an article. From two up, a number
    word of the text's language states a figure as digits do ("zehn Jahre" = "10 ans").
    """
    known = _WORDS.get(language, _ALL_WORDS)
    found = []
    words = list(_WORD_SEARCH.get(language, _WORD_SEARCH[""]).finditer(text))
    skip = -1
    for i, match in enumerate(words):
        if i == skip or (taken and any(s <= match.start() < e for s, e in taken)):
            continue
        word = match.group().lower()
        value = known.get(word)
        # a scale word alone ("un millier", "sejuta") but not an abbreviation ("m", "k")
        scale = _SCALE_WORDS.get(word) if len(word) >= 4 else None
        if value is None and not scale:
            continue
        end, alone = match.end(), value is None  # "des millions": many, not a figure
        if value is not None and i + 1 < len(words) and _adjacent(text, end, words[i + 1]):
            following = _SCALE_WORDS.get(words[i + 1].group().lower())
            if following and len(words[i + 1].group()) >= 3:
                value, end, skip = value * 10**following, words[i + 1].end(), i + 1
        elif value is None:
            value = 10**scale
        found.append(
            Quantity(
                Decimal(value),
                match.start(),
                end,
                text[match.start() : end],
                soft=alone or value < 2,
            )
        )
    return found
