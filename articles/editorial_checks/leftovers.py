"""Leftovers: what copy-paste and machine translation leave in a body.

"Read also" inserts, attribution lines, site boilerplate, stray markup or
escaped HTML, and an unfinished last sentence. The phrase lists cover the
site languages and are deliberately anchored (a block *starting* with "Baca
juga", a short block saying the story "originally appeared"), so ordinary
prose that merely mentions a newsletter is not flagged. Markup blocks
publishing — readers would see it as literal text; the rest is advisory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from django.utils.translation import gettext_noop

from articles.editorial_checks.base import (
    ADVISORY,
    BLOCKING,
    THE_KEY_POINTS,
    THE_LEDE,
    THE_SOURCE_ATTRIBUTION,
    THE_TITLE,
    FindingData,
    Msg,
    Story,
    VersionText,
    finding,
    is_subheading,
    paragraph_place,
)

READ_ALSO = "leftover_read_also"
ATTRIBUTION = "leftover_attribution"
BOILERPLATE = "leftover_boilerplate"
MARKUP = "leftover_markup"
UNFINISHED = "leftover_unfinished"

#: An insert, an attribution or boilerplate is a short block; longer ones are prose.
MAX_INSERT_WORDS = 30

_READ_ALSO = re.compile(
    r"^\W*(read (also|more)|also read|see also|related( stories| articles)?\s*:|"
    r"baca (juga|pula)|membaca\b|lihat juga|simak juga|"
    r"(à )?lire aussi|voir aussi|sur le même sujet|"
    r"lee (también|más)|leer (también|más)|ver también|te puede interesar|"
    r"lesen sie (auch|mehr)|auch interessant|mehr zum thema|siehe auch)",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(
    r"(originally (appeared|published|featured|ran)|first (appeared|published)|"
    r"this (story|article) (was|first)|"
    r"(cerita|artikel|berita) ini (awalnya|pertama kali|telah)|awalnya (ditampilkan|diterbitkan|dimuat|terbit)|"
    r"(initialement|d'abord|à l'origine) (publié|paru)|(publié|paru) (initialement|à l'origine)|"
    r"cet article a (d'abord|initialement) été|"
    r"publicad[oa] originalmente|(apareció|se publicó) (originalmente|por primera vez)|"
    r"ursprünglich (erschienen|veröffentlicht)|zuerst erschienen|erschien zuerst|"
    r"^\W*(source|sumber|quelle|fuente|via|photo|foto)\s*:|^\W*(©|\(c\)))",
    re.IGNORECASE,
)
#: "first"/"originally" within a few words of "published"/"appeared", either order, in
#: every site language ("Der Text wurde zuerst von Reuters veröffentlicht").
_FIRST = (
    r"(?:originally|first|initially|zuerst|urspr[üu]nglich|d['\u2019]abord|initialement"
    r"|[àa] l['\u2019]origine|originalmente|por primera vez|awalnya|semula|pertama kali)"
)
_PUBLISHED = (
    r"(?:appeared|published|ran|featured|posted|publi[ée]e?s?|parue?s?|publicad[oa]s?"
    r"|public[óo]|apareci[óo]|erschien(?:en)?|ver[öo]ffentlicht|ditampilkan|diterbitkan"
    r"|dimuat|terbit|tayang|muncul)"
)
_FIRST_PUBLISHED = re.compile(
    rf"\b{_FIRST}\W+(?:\w+\W+){{0,3}}?{_PUBLISHED}\b|\b{_PUBLISHED}\W+(?:\w+\W+){{0,3}}?{_FIRST}\b",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"(subscribe to|sign up for our|click here|all rights reserved|follow us on|share this (article|story)|"
    r"^\W*advertisement\W*$|"
    r"berlangganan|klik di sini|ikuti kami|hak cipta dilindungi|^\W*iklan\W*$|"
    r"abonnez-vous|cliquez ici|tous droits réservés|suivez-nous|^\W*publicité\W*$|"
    r"suscríbete|haga clic|haz clic|todos los derechos reservados|síguenos|^\W*publicidad\W*$|"
    r"abonnieren sie|hier klicken|alle rechte vorbehalten|folgen sie uns|^\W*anzeige\W*$|"
    r"^\W*(key points|poin[\s-]+poin kunci|points clés|puntos clave|wichtigste punkte)\W*$)",
    re.IGNORECASE,
)
_MARKUP = re.compile(
    # An HTML tag; "/" separates a name from its attributes as a space does (`<svg/onload=…>`).
    r"</?[a-zA-Z][a-zA-Z0-9]*(?:[\s/][^<>]*)?>"
    r"|&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});"  # an HTML entity, e.g. &amp; &#39;
    r"|\[[^\]\n]+\]\((?:https?://|/)[^)\s]*\)"  # a Markdown link
    r"|\*\*[^*\n]+\*\*|__[^_\n]+__"  # Markdown emphasis
)
_FINISHED = re.compile(r"[.!?…:;)\]\"”»’'“„]\s*$")  # noqa: RUF001
_WORD = re.compile(r"[^\W_]+")
_HEADING = re.compile(r"#{1,6}\s")
_SUBHEADING = re.compile(r"## [^#]")
_TRAILING_TAGS = re.compile(r"(?:\s*</?[a-zA-Z][^<>]*>)+\s*$")


def _is_markup_heading(block: str) -> bool:
    """A Markdown heading other than our subheading marker ("# Title", "### Part")."""
    return bool(_HEADING.match(block)) and not _SUBHEADING.match(block)


def _markup(text: str) -> str | None:
    match = _MARKUP.search(text)
    return match.group(0) if match else None


def _short(block: str) -> bool:
    # counting stops past the limit: most blocks are prose, far longer
    return next(islice(_WORD.finditer(block), MAX_INSERT_WORDS, None), None) is None


def _classify(block: str) -> str | None:
    if not _short(block):
        return None
    if _READ_ALSO.search(block):
        return READ_ALSO
    if _ATTRIBUTION.search(block) or _FIRST_PUBLISHED.search(block):
        return ATTRIBUTION
    if _BOILERPLATE.search(block):
        return BOILERPLATE
    return None


def _markup_findings(version: VersionText) -> Iterator[FindingData]:
    fields = [(None, THE_TITLE, version.title), (None, THE_LEDE, version.lede)]
    fields += [(i, None, b) for i, b in enumerate(version.blocks)]  # placed if found
    fields.append((None, THE_KEY_POINTS, version.key_points))
    fields.append((None, THE_SOURCE_ATTRIBUTION, version.source_attribution))
    for paragraph, where, text in fields:
        sample = "#" if _is_markup_heading(text) else _markup(text)
        if sample is None:
            continue
        where = where or paragraph_place(paragraph)
        if sample == "#":
            message = Msg(
                gettext_noop(
                    "%(where)s contains markup, a “#” heading marker; readers would see it as text."
                ),
                {"where": where},
            )
        else:
            message = Msg(
                gettext_noop(
                    "%(where)s contains markup, “%(sample)s”; readers would see it as text."
                ),
                {"where": where, "sample": sample[:40]},
            )
        yield finding(
            version,
            MARKUP,
            BLOCKING,
            paragraph,
            message,
            concerns=[text],
            suggestion=Msg(
                gettext_noop(
                    "Remove the markup and keep the words (a subheading starts with “## ”)."
                )
            ),
            words=[sample] if sample != "#" else [],
        )


def check(story: Story) -> Iterator[FindingData]:
    for version in story.versions:
        yield from _markup_findings(version)
        last_prose = None
        for index, block in enumerate(version.blocks):
            kind = _classify(block)
            if kind == READ_ALSO:
                yield finding(
                    version,
                    READ_ALSO,
                    ADVISORY,
                    index,
                    Msg(
                        gettext_noop(
                            "Paragraph %(number)d is a “read also” insert from another page: “%(text)s”."
                        ),
                        {"number": index + 1, "text": block[:80]},
                    ),
                    concerns=[block],
                    suggestion=Msg(gettext_noop("Remove it.")),
                )
            elif kind == ATTRIBUTION:
                if version.source_attribution:
                    message = gettext_noop(
                        "Paragraph %(number)d is an attribution line (“%(text)s”); it is already "
                        "in the source attribution field, not the body."
                    )
                    suggestion = gettext_noop("Remove it from the body.")
                else:
                    message = gettext_noop(
                        "Paragraph %(number)d is an attribution line (“%(text)s”); it belongs "
                        "in the source attribution field, not the body."
                    )
                    suggestion = gettext_noop(
                        "Remove it from the body and fill in the source attribution."
                    )
                yield finding(
                    version,
                    ATTRIBUTION,
                    ADVISORY,
                    index,
                    Msg(message, {"number": index + 1, "text": block[:80]}),
                    concerns=[block],
                    suggestion=Msg(suggestion),
                )
            elif kind == BOILERPLATE:
                yield finding(
                    version,
                    BOILERPLATE,
                    ADVISORY,
                    index,
                    Msg(
                        gettext_noop(
                            "Paragraph %(number)d is boilerplate, not part of the story: “%(text)s”."
                        ),
                        {"number": index + 1, "text": block[:80]},
                    ),
                    concerns=[block],
                    suggestion=Msg(gettext_noop("Remove it.")),
                )
            elif not is_subheading(block):
                last_prose = (index, block)
        if last_prose and _unfinished(last_prose[1]):
            index, block = last_prose
            yield finding(
                version,
                UNFINISHED,
                ADVISORY,
                index,
                Msg(
                    gettext_noop("The last paragraph stops mid-sentence: “…%(text)s”."),
                    {"text": block[-60:]},
                ),
                concerns=[block],
                suggestion=Msg(gettext_noop("Finish the sentence from the source, or cut it.")),
            )


def _unfinished(block: str) -> bool:
    """No closing punctuation once trailing tags are set aside (markup is its own finding).

    A very short closing line (a sign-off, a name) is not an unfinished sentence.
    """
    text = _TRAILING_TAGS.sub("", block) if "<" in block else block
    return not _FINISHED.search(text) and len(_WORD.findall(text)) >= 4
