"""Law references: statute sections cited in a paper, normalised as ``§ N ABBREV`` / ``Art. N ABBREV``.

Papers cite law two ways. Abbreviated citations (``§§ 3, 4 Abs. 2 GemO``, ``Art. 28 Abs. 2 GG``)
come from ``refex`` (legal-reference-extraction). Law *names* ("des Teilhabe- und
Integrationsgesetzes") are mapped to abbreviations through ``data/laws.yml``, which refex does not
know. A section whose law cannot be named (``§ 5 (7)`` of a contract, ``§§ 25 a und b``) is not
returned. :func:`extractors.references.extract` includes these references with the others.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Optional, Sequence

import regex
import yaml

from extractors.facts import Reference, Section
from extractors.reference_relations import Clauses, Cues


def extract(text: str, sections: Sequence[Section] = (), *,
            cues: Optional[Cues] = None) -> list[Reference]:
    """Every law section cited in ``text``, one per mention, sorted by start. Never raises.

    ``cues`` are the relation cues of ``text`` when the caller has found them already
    (:func:`extractors.references.extract` does); ``sections`` are accepted for the common
    extractor signature."""
    if not isinstance(text, str) or not text.strip():
        return []
    try:
        if cues is None:
            cues = Cues(text, Clauses(text))
        found = [Reference(start=s, end=e, text=text[s:e], target_kind="law", target=t,
                           relation=cues.relation(s, e)) for s, e, t in _citations(text)]
    except Exception:  # noqa: BLE001 - an extractor must never fail a paper
        return []
    return sorted(found, key=lambda r: (r.start, r.end))


def _citations(text: str) -> list[tuple[int, int, str]]:
    """(start, end, target) of every citation, from the table and from refex; a citation both
    passes read counts once."""
    found: list[tuple[int, int, str]] = []
    table = _table_laws(text)
    table_spans = [(s, e) for s, e, _ in table]
    table += [c for c in _laws_named_in_full(text)
              if not any(s < c[1] and c[0] < e for s, e in table_spans)]
    try:
        refex = _refex_laws(text)
    except Exception:  # noqa: BLE001 - refex on hostile input: keep what our own table found
        refex = []
    table_starts = {start for start, _, _ in table}
    for start, end, target in table + [c for c in refex if c[0] not in table_starts]:
        section = " ".join(target.split()[:2])  # "§ 24" of "§ 24 GemO"
        if any(t.startswith(section + " ") and s < end and start < e for s, e, t in found):
            continue  # both passes saw the same citation: the table's reading of the law wins
        found.append((start, end, target))
    return found


def _law_target(sign: str, number: str, law: str) -> str:
    """The target as references are normalised: "§ 9 TIntG", "Art. 28 GG"."""
    return f"{sign} {number} {law}"


# ---------------------------------------------------------------------------------------------
# Laws the table names: data/laws.yml
# ---------------------------------------------------------------------------------------------

STATES = (
    r"Nordrhein-Westfalen|NRW|NW|Rheinland-Pfalz|RLP|Baden-Württemberg|Bayern|Hessen|Niedersachsen"
    r"|Sachsen-Anhalt|Sachsen|Thüringen|Brandenburg|Mecklenburg-Vorpommern|Schleswig-Holstein"
    r"|Saarland|Berlin|Hamburg|Bremen"
)
STATE_SUFFIX = rf"(?:[ \t\n]+(?:(?:in|für)[ \t\n]+(?:das[ \t\n]+Land[ \t\n]+)?)?(?:{STATES})\b)?"


def _name_pattern(name: str) -> str:
    """A law name as a pattern: nouns take genitive endings, words may wrap onto a new line."""
    words = []
    for word in name.split():
        pattern = regex.escape(word)
        if word[0].isupper() and word.endswith("tes"):  # an ordinal: "Zweites" / "Zweiten Buches"
            pattern = regex.escape(word[:-2]) + r"(?:es|en|er|em|e)"
        elif word[0].isupper() and word.endswith(("ische", "isches")):  # "der Hessischen Gemeindeordnung"
            pattern = regex.escape(word[:word.rindex("isch") + 4]) + r"(?:es|en|er|em|e)"
        elif word[0].isupper() and word[-1].isalpha():
            pattern += r"(?:es|s)?"
        words.append(pattern)
    return r"[ \t]*\n?[ \t]*".join(words)


@lru_cache(maxsize=1)
def law_table() -> dict[str, list[str]]:
    """``data/laws.yml``: abbreviation → names as printed."""
    raw = yaml.safe_load(resources.files("extractors").joinpath("data/laws.yml").read_text("utf-8"))
    return {str(abbr): [str(n) for n in (names or [])] for abbr, names in (raw or {}).items()}


@lru_cache(maxsize=1)
def _law_patterns() -> tuple[regex.Pattern, list[str]]:
    """One alternation over every name and abbreviation; group ``law_i`` → abbreviation ``i``."""
    entries: list[tuple[str, str]] = []  # (pattern, abbreviation)
    for abbr, names in law_table().items():
        entries.append((rf"(?<![\w-]){regex.escape(abbr)}(?![\w-])", abbr))
        for name in names:
            entries.append((rf"(?<![\w-]){_name_pattern(name)}{STATE_SUFFIX}(?![\w-])", abbr))
    entries.sort(key=lambda e: len(e[0]), reverse=True)
    abbrs = [abbr for _, abbr in entries]
    alternation = "|".join(f"(?P<law_{i}>{pattern})" for i, (pattern, _) in enumerate(entries))
    return regex.compile(alternation), abbrs


def _law_of(m: regex.Match, abbrs: list[str]) -> Optional[str]:
    for name, value in m.groupdict().items():
        if name.startswith("law_") and value is not None:
            return abbrs[int(name[4:])]
    return None


# ---------------------------------------------------------------------------------------------
# Sections tied to a law of the table: "§ 9 des Teilhabe- und Integrationsgesetzes"
# ---------------------------------------------------------------------------------------------

# "§ 9", "§§ 3, 4 Abs. 2", "§ 1 Abs. 6 Nr. 7 Buchstabe b", "§ 5 (7)", "Art. 28 Abs. 2", "§§ 25 a und b".
SECTION_NUMBER = r"\d{1,4}(?:[ ]?[a-z](?![\p{L}]))?"
SECTION_DETAIL = (
    r"(?:[ \t]*,?[ \t]*\n?[ \t]*(?:Abs\.|Absatz|S\.|Satz|Nr\.|Ziff\.|Ziffer|lit\.|Buchst\.|Buchstabe|Alt\.|Alternative"
    r"|Halbsatz|Hs\.|UAbs\.|Unterabsatz)[ \t]*(?:\d{1,3}[a-z]?|[a-z](?![\p{L}]))"
    r"(?:[ \t]*(?:,|und|bis)[ \t]*\d{1,3}[a-z]?(?![\p{L}])){0,6}|[ \t]*\(\d{1,2}\)){0,8}"
)
SECTION = (
    rf"(?P<sign>§§?|Art\.|Artikel)[ \t]*(?P<numbers>{SECTION_NUMBER}"
    rf"(?:[ \t]*(?:,|und|sowie|bis|u\.|-|–)[ \t]*(?:{SECTION_NUMBER}|[a-z](?![\p{{L}}]))){{0,12}}){SECTION_DETAIL}"
)
SECTION_RE = regex.compile(SECTION)
# Sections sharing one law: "§ 3 Abs. 2 und § 4 Abs. 2 BauGB", "§ 2 Abs. 1 i.V.m. den §§ 13a sowie 10 BauGB".
SECTION_LINK = (
    r"[ \t\n]*(?:,|und|sowie|bzw\.|oder|i\.[ ]?V\.[ ]?m\.|in[ \t\n]+Verbindung[ \t\n]+mit)"
    r"(?:[ \t\n]+(?:den|dem|der))?[ \t\n]*"
)
LAW_ARTICLE = r"(?:[ \t\n]+(?:des|der|dem|im|aus[ \t\n]+dem))?[ \t\n]+"


@lru_cache(maxsize=1)
def _chain_patterns() -> tuple[regex.Pattern, regex.Pattern]:
    laws, _ = _law_patterns()
    # Atomic and bounded: a run of sections with no law after it fails fast ("§§ 1, §§ 1, ...").
    chain = rf"(?P<chain>(?>{SECTION}(?:{SECTION_LINK}{SECTION}){{0,6}}))"
    # "§ 9 des Teilhabe- und Integrationsgesetzes", "§ 1 Abs. 6 Nr. 7 Buchstabe b BauGB".
    after = regex.compile(rf"{chain}{LAW_ARTICLE}(?:{laws.pattern})")
    # "Gesetzes zur Förderung der gesellschaftlichen Teilhabe und Integration NRW (§ 7)".
    before = regex.compile(rf"(?:{laws.pattern})[ \t]*(?:\(|,|–|-)[ \t]*{chain}[ \t]*\)?")
    return after, before


# One item of a list of section numbers: "3", "25 a", a bare letter "b", or a range word.
_NUMBER_TOKEN = regex.compile(r"(?P<num>\d{1,4})(?:[ ]?(?P<letter>[a-z])(?![\p{L}]))?|(?P<bare>\b[a-z]\b)"
                             r"|(?P<range>bis|-|–)")


def _expand_numbers(numbers: str) -> list[str]:
    """``"3, 4"`` → [3, 4]; ``"25 a und b"`` → [25a, 25b]; ``"12 bis 14"`` → [12, 13, 14]."""
    out: list[str] = []
    previous_number = None
    range_pending = False
    for token in _NUMBER_TOKEN.finditer(numbers):
        if token.group("range"):
            range_pending = True
            continue
        if token.group("bare"):
            if previous_number is not None:
                out.append(f"{previous_number}{token.group('bare')}")
            continue
        num = int(token.group("num"))
        letter = token.group("letter") or ""
        if range_pending and previous_number is not None and not letter and 0 < num - previous_number <= 20:
            out.extend(str(n) for n in range(previous_number + 1, num + 1))
        else:
            out.append(f"{num}{letter}")
        previous_number, range_pending = num, False
    return out


def _sections_of(chain: str) -> list[tuple[str, str]]:
    """(sign, number) for every section of a chain: ``"§ 2 i.V.m. §§ 13a, 10"`` → §2, §13a, §10."""
    out = []
    for m in SECTION_RE.finditer(chain):
        sign = "Art." if m.group("sign").startswith("Art") else "§"
        out.extend((sign, number) for number in _expand_numbers(m.group("numbers")))
    return out


# Where a law named before its sections can end: "... Integration NRW (§ 7)", "BauGB, § 34".
SECTION_AFTER_LAW = regex.compile(r"[(,–-][ \t]*(?:§|Art\.|Artikel)")
LONGEST_LAW_NAME = 400  # characters: a law's full name before "(§ 7)" never runs longer


def _table_laws(text: str) -> list[tuple[int, int, str]]:
    """(start, end, target) of sections tied to a law named or abbreviated as in laws.yml."""
    after, _ = _chain_patterns()
    _, abbrs = _law_patterns()
    out = []
    before = _laws_before_sections(text)
    for m in (*after.finditer(text, overlapped=False), *before):
        law = _law_of(m, abbrs)
        if law is None:
            continue
        if m in before and OWN_LAW_AFTER.match(text, m.end()):
            continue  # "SächsGemO, § 7 Abs. 2 SächsKAG": the section names its own law after it
        law, end = _with_printed_state(text, m.end(), law)
        for sign, number in _sections_of(m.group("chain")):
            out.append((m.start(), end, _law_target(sign, number, law)))
    return out


# Sections of a law the table does not know, named in full with its abbreviation in brackets:
# "§ 4 Abs. 2 Nr. 1 des Wärmeplanungsgesetzes (WPG)", "§ 8 Abs. 1 des Sächsischen Gesetzes zur
# Förderung von Kindern in Tageseinrichtungen (SächsKitaG)", "… Brandschutz- und
# Hilfeleistungsgesetzes M-V (BrSchG)". The name must hold a word for a statute.
NAMED_IN_FULL = regex.compile(
    rf"(?P<chain>(?>{SECTION}))[ \t\n]+(?:des|der)[ \t\n]+"
    r"(?P<name>(?:[\p{L}\d.,-]+[ \t\n]+){0,14}?[\p{L}\d.,-]+)[ \t\n]*"
    r"\((?P<abbr>(?=[^)]*\p{Lu}[^)]*\p{Lu})[\p{Lu}][\p{L}\d-]{1,14}(?:[ ](?:LSA|NRW|BW|M-V|SH|RP|SL))?)\)"
)
STATUTE_WORD = regex.compile(r"(?i)gesetz|ordnung|satzung")  # not a contract's sections


def _laws_named_in_full(text: str) -> list[tuple[int, int, str]]:
    """(start, end, target) of sections of a law named in full, its abbreviation in brackets."""
    if "§" not in text and "Art" not in text:
        return []
    out = []
    for m in NAMED_IN_FULL.finditer(text):
        if STATUTE_WORD.search(m.group("name")):
            for sign, number in _sections_of(m.group("chain")):
                out.append((m.start(), m.end(), _law_target(sign, number, m.group("abbr"))))
    return out


def _laws_before_sections(text: str) -> list[regex.Match]:
    """Matches of the law-then-sections pattern, searched only near "(§", ", §", "– Art.": trying
    the long alternation of law names at every position of every text was the extractor's cost."""
    _, before = _chain_patterns()
    found: list[regex.Match] = []
    for cue in SECTION_AFTER_LAW.finditer(text):
        if found and cue.start() < found[-1].end():
            continue
        window = max(0, cue.start() - LONGEST_LAW_NAME)
        if found:
            window = max(window, found[-1].end())
        for m in before.finditer(text, window, min(len(text), cue.end() + LONGEST_LAW_NAME)):
            if m.end() > cue.start() and (not found or m.start() >= found[-1].end()):
                found.append(m)
                break
    return found


# ---------------------------------------------------------------------------------------------
# Abbreviated citations that refex finds: "§§ 3, 4 Abs. 2 GemO"
# ---------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _refex_extractor():
    from refex.engines.regex import RegexLawExtractor

    return RegexLawExtractor()


@lru_cache(maxsize=1)
def _refex_codes() -> frozenset[str]:
    codes = resources.files("refex").joinpath("data/law_book_codes.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in codes.splitlines() if line.strip())


# The state after a state law's abbreviation belongs to its name: "KAG NRW", "GemO BW", "KVG LSA"
# (each state has its own Kommunalabgabengesetz).
STATE_AFTER = regex.compile(r"[ \t]+(?P<state>NRW|NW|BW|LSA|RLP|RP|M-V|MV|SH|BY|BayRS|Bbg|Bln|HE|HB|HH|SL|Thür|SN|Nds)(?![\w-])")


def _with_printed_state(text: str, end: int, law: str) -> tuple[str, int]:
    """``law`` and where its citation ends, with the state printed right after the abbreviation:
    "§§ 7, 8 KAG NRW" → ("KAG NRW", after "NRW"). A law that names its state ("GO NRW" from the
    table) keeps it."""
    state = STATE_AFTER.match(text, end) if " " not in law else None
    return (f"{law} {state['state']}", state.end()) if state else (law, end)


# A law's abbreviation right after a section read as the law named before it: the section is that law's.
OWN_LAW_AFTER = regex.compile(r"[ \t]*\p{Lu}[\p{L}-]*\p{Lu}[\p{L}]*(?![\p{L}])")
ABBREVIATION_SHAPE = regex.compile(r"\p{Lu}[\p{L}-]*\p{Lu}[\p{L}]*(?:[ ](?:NRW|NW|[IVX]{1,4}))?")


def _canonical_book(printed: str) -> Optional[str]:
    """A law as printed by refex's match → its abbreviation, or None when it is not a law."""
    printed = " ".join(printed.split())
    for abbr in law_table():
        if printed.lower() == abbr.lower():
            return abbr
    laws, abbrs = _law_patterns()
    m = laws.fullmatch(printed)
    if m:
        return _law_of(m, abbrs)
    if printed.lower() in _refex_codes() or ABBREVIATION_SHAPE.fullmatch(printed):
        return printed
    return None


GLUED_UND = regex.compile(r"(\d+)u")


def _refex_laws(text: str) -> list[tuple[int, int, str]]:
    """(start, end, target) of the abbreviated citations refex finds."""
    out = []
    citations, _ = _refex_extractor().extract(text)
    for c in citations:
        if getattr(c, "book", None) is None or not getattr(c, "number", None):
            continue
        # refex lower-cases the book; take it as printed from the citation's own text.
        flat, book = " ".join(c.span.text.split()), " ".join(c.book.split())
        at = flat.lower().rfind(book.lower())
        law = _canonical_book(flat[at:at + len(book)] if at >= 0 else book)
        if law is None:
            continue
        sign = "Art." if c.unit == "article" else "§"
        number = c.number.replace(" ", "")
        glued = GLUED_UND.fullmatch(number)
        if glued and regex.search(rf"(?<!\d){glued[1]}[ \t]+und\b", flat):
            number = glued[1]  # refex reads "Art. 2, 3 und 5" as 2, "3u" and 5
        law, end = _with_printed_state(text, c.span.end, law)
        out.append((c.span.start, end, _law_target(sign, number, law)))
    return out
