"""A paper's text as HTML, page by page, with one quoted span marked and its sentence shaded.

Every fact stores ``start``/``end`` offsets into ``papers.text`` and the ``pages`` table maps
offsets to pages, so the source page can show exactly where a fact stands: the quote in
``<mark id="fact">`` (the URL's ``#fact`` scrolls to it) inside a lightly shaded sentence.
"""
from __future__ import annotations

from html import escape
from typing import Optional, Sequence

import regex
from markupsafe import Markup

# A sentence ends at . ! ? followed by white space, or at a blank line (paragraph break); not
# after the abbreviations council papers use mid-sentence ("Vorlage Nr. 2021/1121", "ca. 30 T€",
# "gem. § 5") nor after a day or ordinal number ("am 1. Juli", "2. Förderbaustein").
ABBREVIATIONS = ("Nr", "Nrn", "vgl", "ca", "bzw", "Abs", "gem", "lt", "Ziff", "ggf", "inkl", "zzgl",
                 "Mio", "Mrd", "Tsd", "Dr", "St", "S", "Bd", "Az", "B", "a", "h", "Drs", "TOP", "lfd")
SENTENCE_END = regex.compile(
    r"(?<!\b(?:" + "|".join(ABBREVIATIONS) + r"|\d{1,2}))[.!?](?=\s)|\n[ \t]*\n")
MAX_SENTENCE = 600


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]`` (at most ``MAX_SENTENCE`` characters either side)."""
    left = max(0, start - MAX_SENTENCE)
    before = [m.end() for m in SENTENCE_END.finditer(text, left, start)]
    sentence_start = before[-1] if before else left
    while sentence_start < start and text[sentence_start].isspace():
        sentence_start += 1
    after = SENTENCE_END.search(text, max(end - 1, start), min(len(text), end + MAX_SENTENCE))
    sentence_end = after.end() if after else min(len(text), end + MAX_SENTENCE)
    if after and text[after.start()] == "\n":
        sentence_end = after.start()
    return sentence_start, max(sentence_end, end)


def page_of(pages: Sequence[dict], offset: int) -> Optional[int]:
    for page in pages:
        if page["start"] <= offset < page["end"]:
            return page["number"]
    return pages[-1]["number"] if pages and offset >= pages[-1]["start"] else None


def valid_span(text: str, start: Optional[int], end: Optional[int]) -> bool:
    return start is not None and end is not None and 0 <= start < end <= len(text)


def _segment(text: str, a: int, b: int, span, sentence, first_mark: list) -> str:
    """``text[a:b]`` cut at the span and sentence bounds, each piece wrapped as it needs."""
    cuts = sorted({a, b, *[c for c in (*(span or ()), *(sentence or ())) if a < c < b]})
    out = []
    for x, y in zip(cuts, cuts[1:]):
        piece = escape(text[x:y])
        if span and span[0] <= x and y <= span[1]:
            anchor = ' id="fact"' if not first_mark else ""
            first_mark.append(True)
            out.append(f"<mark{anchor}>{piece}</mark>")
        elif sentence and sentence[0] <= x and y <= sentence[1]:
            out.append(f'<span class="satz">{piece}</span>')
        else:
            out.append(piece)
    return "".join(out)


def render_pages(text: str, pages: Sequence[dict], start: Optional[int] = None,
                 end: Optional[int] = None) -> Markup:
    """The text as one ``<section>`` per page (or one section when pages are unknown)."""
    span = (start, end) if valid_span(text, start, end) else None
    sentence = sentence_bounds(text, start, end) if span else None
    ranges = [(p["number"], p["start"], p["end"]) for p in pages if p["end"] > p["start"]]
    if not ranges or ranges[-1][2] < len(text) or ranges[0][1] > 0:
        ranges = _cover(ranges, len(text))
    first_mark: list = []
    html = []
    for number, a, b in ranges:
        heading = f'<h3 class="seite-nr">Seite {number}</h3>' if number else ""
        body = _segment(text, a, b, span, sentence, first_mark)
        html.append(f'<section class="seite" id="seite-{number or 0}">{heading}'
                    f'<div class="volltext">{body}</div></section>')
    return Markup("\n".join(html))


def _cover(ranges, length):
    """Pages that leave text uncovered (or none at all): add the gaps so no text is lost."""
    covered, position = [], 0
    for number, a, b in ranges:
        if a > position:
            covered.append((None, position, a))
        covered.append((number, max(a, position), b))
        position = max(position, b)
    if position < length:
        covered.append((None, position, length))
    return [r for r in covered if r[2] > r[1]]


def snippet(text: str, start: int, end: int, limit: int = 320) -> Markup:
    """The sentence around ``text[start:end]`` with the quote marked, cut to about ``limit``
    characters around the quote (``…`` where cut)."""
    if not valid_span(text, start, end):
        return Markup("")
    a, b = sentence_bounds(text, start, end)
    room = max(0, limit - (end - start)) // 2
    cut_a, cut_b = max(a, start - room), min(b, end + room)
    before = ("…" if cut_a > a else "") + " ".join(text[cut_a:start].split())
    after = " ".join(text[end:cut_b].split()) + ("…" if cut_b < b else "")
    quote = " ".join(text[start:end].split())
    space_before = " " if text[cut_a:start][-1:].isspace() else ""
    space_after = " " if text[end:cut_b][:1].isspace() else ""
    return Markup(f"{escape(before)}{space_before}<mark>{escape(quote)}</mark>{space_after}{escape(after)}")
