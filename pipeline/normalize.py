"""Clean a page's raw text for storage while keeping a map back to the raw offsets.

Normalisation is a list of small steps. Each step only *proposes edits* (replace ``raw[a:b]`` by
a string); :func:`apply_edits` carries them out and keeps, for every character of the new text,
the offset it came from. So a fact found in the cleaned text can always be traced to the page and
the raw characters it was printed as.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

import regex

Edit = tuple[int, int, str]  # replace text[start:end] with the string


@dataclass
class Cleaned:
    """Normalised text with ``origin[i]`` = offset in the raw text of character ``i``."""

    text: str
    origin: list[int]


def apply_edits(text: str, origin: list[int], edits: Iterable[Edit]) -> tuple[str, list[int]]:
    """Apply non-overlapping edits (sorted by start); inserted characters inherit the origin of
    the first character they replace."""
    out: list[str] = []
    new_origin: list[int] = []
    pos = 0
    for start, end, replacement in edits:
        if start < pos:  # overlapping proposal: skip rather than corrupt the map
            continue
        out.append(text[pos:start])
        new_origin.extend(origin[pos:start])
        if replacement:
            anchor = origin[start] if start < len(origin) else (origin[-1] + 1 if origin else 0)
            out.append(replacement)
            new_origin.extend([anchor] * len(replacement))
        pos = end
    out.append(text[pos:])
    new_origin.extend(origin[pos:])
    return "".join(out), new_origin


def _sub(pattern: str, replacement: str | Callable[[regex.Match], str], flags: int = 0,
         needs: Callable[[str], bool] | None = None):
    """A step that replaces every match of ``pattern`` (a string or a function of the match).

    ``needs``: a quick test that is false only for texts the pattern cannot match (a character it
    requires is missing); most steps find nothing in most pages, and ``in`` is much faster than a
    regular-expression scan."""
    compiled = regex.compile(pattern, flags)
    literal = None if callable(replacement) or "\\" in replacement else replacement

    def step(text: str) -> Iterator[Edit]:
        if needs is not None and not needs(text):
            return
        for m in compiled.finditer(text):
            if literal is not None:
                new = literal
            else:
                new = replacement(m) if callable(replacement) else m.expand(replacement)
            if new != m.group(0):
                yield m.start(), m.end(), new

    step.__name__ = f"sub({pattern!r})"
    return step


def _unwrap(pattern: str, needs: Callable[[str], bool]):
    """A step that deletes the delimiters around group ``body`` of ``pattern``, keeping the body's
    characters (and their origin) untouched: ``**Betreff:**`` → ``Betreff:``."""
    compiled = regex.compile(pattern)

    def step(text: str) -> Iterator[Edit]:
        if not needs(text):
            return
        for m in compiled.finditer(text):
            yield m.start(), m.start("body"), ""
            yield m.end("body"), m.end(), ""

    step.__name__ = f"unwrap({pattern!r})"
    return step


LOWER = "a-zäöüß"
# Words that follow a hyphen that must be kept: "Sach- und Gemeinkosten", "Straßen- bzw. Wegebau".
KEEP_HYPHEN_BEFORE = r"(?:und|oder|bzw\.|sowie|als auch|wie|noch)\b"

CHECKBOX_INPUT = regex.compile(r"<input\b[^>]*>", regex.I)


def _has(*parts: str) -> Callable[[str], bool]:
    """``needs`` of a step: the text holds at least one of ``parts``."""
    return lambda text: any(part in text for part in parts)


# The standard library's scanner finds a character class about twice as fast as regex's.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HYPHEN_AT_END = re.compile("-[ \t]*\n")
# A letter-spaced word has a vowel between spaces ("B e s c h l u s s", "A N T R A G"): a test with
# ``in`` is cheaper than any pattern over the whole page.
LETTER_SPACED_VOWELS = (" e ", " a ", " i ", " o ", " u ", " E ", " A ", " I ", " O ", " U ")


def _checkbox(m: regex.Match) -> str:
    return "☒" if "checked" in m.group(0).lower() else "☐"


def _between_digits(match) -> bool:
    """The matched run of blanks stands between two digits."""
    text, start, end = match.string, match.start(), match.end()
    return start > 0 and end < len(text) and text[start - 1].isdigit() and text[end].isdigit()


STEPS: list[Callable[[str], Iterator[Edit]]] = [
    # Line ends and odd spaces from PDF text layers and Word exports.
    _sub(r"\r\n?", "\n", needs=_has("\r")),
    _sub(r"[\u00a0\u2007\u202f\u2009]", " ", needs=_has("\u00a0", "\u2007", "\u202f", "\u2009")),
    _sub(r"[\u00ad\u200b\u200c\u200d\ufeff]", "",  # soft hyphen, zero-width characters
         needs=_has("\u00ad", "\u200b", "\u200c", "\u200d", "\ufeff")),
    # Ligatures of PDF fonts: "öﬀentlich" → "öffentlich", "Liegeﬂäche" → "Liegefläche".
    _sub(r"[\ufb00-\ufb06]", lambda m: unicodedata.normalize("NFKC", m.group(0)),
         needs=_has("\ufb00", "\ufb01", "\ufb02", "\ufb03", "\ufb04", "\ufb05", "\ufb06")),
    _sub(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", "", needs=_CONTROL.search),  # control characters (\f and \t are kept apart)
    _sub(r"\f", "\n\n", needs=_has("\f")),
    # pypdfium2 marks a hyphen where a word was broken at a line end with U+FFFE and no newline:
    # "zu\ufffekünftige" → "zukünftige", but "Elektro\ufffeund Sanitärtechnik" → "Elektro- und".
    _sub(rf"\ufffe[ \t]*\n?[ \t]*(?={KEEP_HYPHEN_BEFORE})", "- ", needs=_has("\ufffe")),
    _sub(rf"(?<=[\p{{L}}])\ufffe[ \t]*\n?[ \t]*(?=[{LOWER}])", "", needs=_has("\ufffe")),
    _sub(r"\ufffe", "-", needs=_has("\ufffe")),
    # HTML remnants of exports: checkboxes become ☐/☒, other tags vanish, entities are decoded.
    _sub(CHECKBOX_INPUT.pattern, _checkbox, regex.I, needs=_has("<")),
    _sub(r"<br\s*/?>", "\n", regex.I, needs=_has("<")),
    _sub(r"</?(?:u|b|i|em|strong|span|font|p|div|sup|sub|small)\b[^>]*>", "", regex.I, needs=_has("<")),
    _sub(r"&(?:#\d{1,6}|#x[0-9a-f]{1,6}|[a-z]{2,8});", lambda m: html.unescape(m.group(0)), regex.I,
         needs=_has("&")),
    # Markdown remnants: headings, bold, italics, links, escapes.
    _sub(r"(?m)^[ \t]*#{1,6}[ \t]+", "", needs=_has("#")),
    _unwrap(r"\*\*(?P<body>[^*\n](?:[^\n]*?[^*\s])?)\*\*", needs=_has("**")),
    _unwrap(r"__(?P<body>[^_\n](?:[^\n]*?[^_\s])?)__", needs=_has("__")),
    _unwrap(r"(?<![\\*\w])\*(?P<body>[^\s*][^*\n]*?[^\s*\\]|[^\s*])\*(?![*\w])", needs=_has("*")),
    _unwrap(r"\[(?P<body>[^\]\n]+)\]\([^)\n]*\)", needs=_has("](")),
    _sub(r"\\([\\`*_{}\[\]()#+\-.!|<>])", r"\1", needs=_has("\\")),
    # Hyphenation at line ends: "Integrati-\n\nonsmanagement" → "Integrationsmanagement", but
    # "Sach- und Gemeinkosten" keeps its hyphen. PDF letter spacing splits a word before the
    # hyphen ("berei t-\nzustellen"): the lone letter joins too.
    _sub(rf"(?<=[{LOWER}]) (?=[{LOWER}]-[ \t]*\n(?:[ \t]*\n)*[ \t]*[{LOWER}])(?<=\w{{2}} )", "",
         needs=_HYPHEN_AT_END.search),
    _sub(rf"(?<=[\p{{L}}])-[ \t]*\n(?:[ \t]*\n)*[ \t]*(?=[{LOWER}])(?!{KEEP_HYPHEN_BEFORE})", "",
         needs=_HYPHEN_AT_END.search),
    # Whitespace: trailing and leading blanks, runs of spaces, tab columns, blank-line runs.
    _sub(r"[ \t]+(?=\n|$)", "", needs=lambda t: "\t\n" in t or " \n" in t or t.endswith((" ", "\t"))),
    _sub(r"(?m)^[ \t]+", "", needs=lambda t: t.startswith((" ", "\t")) or "\n " in t or "\n\t" in t),
    # Letter-spaced headings: "B e s c h l u s s v o r l a g e" → "Beschlussvorlage" (five letters or
    # more, one space apart; words stay apart where two spaces or more stood).
    _sub(r"(?<![\p{L}\d])\p{L}(?: \p{L}){4,}(?![\p{L}\d])", lambda m: m.group(0).replace(" ", ""),
         needs=_has(*LETTER_SPACED_VOWELS)),
    _sub(r"[ ]*\t[ ]*", "\t", needs=_has("\t")),  # keep runs of tabs: empty table cells (an ö/nö column) count
    # A run of spaces becomes one, but two between digits: a table's column gap ("Stufe 3      110,00 €")
    # must not read as a thousands space ("3 110,00 €").
    _sub(r" {2,}", lambda m: "  " if _between_digits(m) else " ", needs=_has("  ")),
    _sub(r"\n{3,}", "\n\n", needs=_has("\n\n\n")),
]


def normalize(raw: str) -> Cleaned:
    """Run every step over ``raw``; return the cleaned text and its map to raw offsets."""
    text = unicodedata.normalize("NFC", raw)
    # NFC can change lengths; map NFC offsets to the raw by re-normalising prefixes only when needed.
    origin = list(range(len(text))) if len(text) == len(raw) else _nfc_origin(raw)
    for step in STEPS:
        edits = list(step(text))
        if edits:
            text, origin = apply_edits(text, origin, edits)
    # Leading/trailing blank lines carry nothing.
    lead = len(text) - len(text.lstrip())
    trail = len(text.rstrip())
    return Cleaned(text[lead:trail], origin[lead:trail])


def _nfc_origin(raw: str) -> list[int]:
    """Origin map for NFC text when composition changed lengths (rare: decomposed umlauts)."""
    origin: list[int] = []
    i = 0
    while i < len(raw):
        j = i + 1
        while j < len(raw) and unicodedata.combining(raw[j]):
            j += 1
        origin.extend([i] * len(unicodedata.normalize("NFC", raw[i:j])))
        i = j
    return origin


_HYPHEN_AT_LINE_END = regex.compile(rf"(?<=[\p{{L}}])-\s*\n\s*(?=[{LOWER}])(?!{KEEP_HYPHEN_BEFORE})")
# A compound's hyphen at a line end before a capital stays, without the break: "Eltern-Kind-⏎Zentrum".
_HYPHEN_BEFORE_CAPITAL = regex.compile(r"(?<=[\p{L}\d])-[ \t]*\n\s*(?=\p{Lu})")
_SPACES = regex.compile(r"\s+")


def fold_lines(text: str) -> str:
    """Join a multi-line span into one line: repair hyphenation left inside, collapse whitespace.

    Used for values such as a subject or a decision item that wrap over several printed lines."""
    text = _HYPHEN_AT_LINE_END.sub("", text)
    if "-\n" in text or "- \n" in text:
        text = _HYPHEN_BEFORE_CAPITAL.sub("-", text)
    return _SPACES.sub(" ", text).strip()
