"""Find every sum of money in a council paper and say what it is: cost, funding, own share, ...

A journalist asks "what does it cost, and who pays?", so every printed sum becomes an
:class:`~extractors.facts.Amount` with its value in euros, its role in the measure and how exact
it is. The work runs in four steps:

1. **Candidates.** One compiled pattern (:data:`CANDIDATE`) finds every number with what may
   surround it: a currency before or after (``€ 1.500,00``, ``45.000 EUR``, ``78.100⏎Euro``), a
   scale word (``45 T€``, ``1,2 Mio. €``), dash cents (``456.000,--``), a minus (``-25.000 €``).
2. **Which numbers are money.** A number with a currency is money. A bare number is money only
   where the paper makes it so: next to a sum in a money field (``Förderhöhe: 625.600,00 € (SK
   414100 78.100,00)``), in a calculation (``6x 57.000 = 342.000 €``), after a money label
   (``Fördersumme: 45.000,00``), or in a table whose header gives the unit (``Kosten in T€``, see
   :mod:`extractors.money_tables`). ``25 Millionen`` counts when its sentence is about money.
   Account numbers, percentages, counts, years and empty form fields (``in Höhe von €``) never
   count.
3. **Role**, read the way a person reads the sum's surroundings: a table's column header; a cut
   ("Kürzung ... um 25.000 €"); a decisive cue in the same clause (``Eigenanteil``, ``zu Lasten des
   städtischen Haushaltes``, ``erstattet``); the heading of a form block (``Einsparungen ab
   Haushaltsjahr:``); the nearest cue before the sum in its clause, then after it, then the same
   in the sentence; last the block or section heading. The cues are one lexicon, in
   :mod:`extractors.amount_roles`.
4. **Details.** Qualifier (``ca.`` → approx, ``bis zu`` → max, ``mindestens`` → min), period
   (``p.a.``, ``pro Jahr``, ``jährlich``), unit (``pro Stelle``), range end (``10.000 bis 15.000 €``).

Public API: ``extract(text, sections=()) -> list[Amount]``, sorted by start; never raises. This
module does steps 1, 2 and 4 and builds the facts; :mod:`extractors.amount_text` holds the
:class:`Sum` and :class:`Paper` the steps share.
"""
from __future__ import annotations

import bisect
from itertools import islice
from decimal import Decimal, InvalidOperation
from typing import Iterator, Optional, Sequence

import regex

from extractors.amount_roles import role_of
from extractors.amount_text import CURRENCY, NUMBER, SPACED_NUMBER, Paper, Sum
from extractors.facts import Amount, Section
from extractors.lines import Span, line_at, lines_above
from extractors.money_tables import UNIT_HEADER, roles_from_header_rows, unit_table_sums
from extractors.numbers import SCALE_PATTERN, parse_number, scale_multiplier

CENT = Decimal("0.01")

# --------------------------------------------------------------------------------------------
# Candidates, and which of them are money
# --------------------------------------------------------------------------------------------

LINE_GAP = r"[ \t]*(?:\n[ \t]*){0,2}"  # a sum split by a line break: "78.100⏎Euro" (PDF text)

CANDIDATE = regex.compile(
    rf"""
    (?P<pre_currency>{CURRENCY}[ \t]?(?=[-−–]?\d))?     # "€ 1.500,00", "EUR 45.000"
    (?P<sign>(?<![\w.,)\]/–−-])[-−–](?=\d))?             # budget cuts: "-25.000 €"
    (?<![\w.,/])(?P<number>{NUMBER})
    (?P<dash_cents>,[ ]?[-–—]{{1,2}}(?![-–—]))?         # "456.000,--", "66.865, --", "1.500,- €"
    (?![\d]|[.,]\d)
    (?P<scale>[ \t]*(?:\n[ \t]*)?{SCALE_PATTERN})?      # "30 T€", "1,2 Mio.", "25 Millionen"
    (?P<currency>{LINE_GAP}{CURRENCY})?                 # "45.000 EUR", "7.300 Euro"
    """,
    regex.VERBOSE,
)

# A scale word glued or close before a leading currency, as budget tables print them: "TEUR 120",
# "T€ 900", "Mio. EUR 1,2", "KEUR 12". Looked for only where a candidate starts with its currency.
PRE_SCALE = regex.compile(r"(?<![\w.])(?:T|K|M|Tsd\.?|TSD\.?|Mio\.?|Mrd\.?)[ ]?$")
PRE_SCALE_REACH = 6  # "Mio. " / "Tsd. "

# Scale words that carry the currency themselves ("T€", "TEUR", "k€").
SCALE_WITH_CURRENCY = regex.compile(r"€|EUR", regex.IGNORECASE)
# Printed like money even without a sign: thousands grouped or cents given ("78.100,00", "57.000").
MONEY_FORMAT = regex.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d{2})?|\d+,\d{2}")
# What may follow "25 Millionen" when it means euros: a lower-case word, punctuation or the end
# (Siegburg: "förderte im Jahr 2020 mit 25 Millionen eine ..."), not a noun ("2 Millionen Menschen").
SCALE_THEN_NO_NOUN = regex.compile(r"\s*(?:\p{Ll}|[.,;:)!?]|$)")

# Between a bare number and a neighbouring sum in the same money field only brackets, operators,
# small counts and account numbers may stand: Leverkusen "625.600,00 € (SK 414100 78.100,00)
# (SK 414101⏎⏎547.500,00)", "6x 57.000 = 342.000 €". A line break only after an account number
# (a column of counts under a sum is no money); no tab (table cells have their own rule).
BARE_GAP = regex.compile(
    r"""(?:[ ]|[()=+×*:/]|x\b|\d+(?:,\d+)?[ ]?x?
    |(?:SK|Sachkonto|Konto|Kostenstelle|KSt|Produkt|PSP(?:-Element)?|Finanzstelle|Finanzposition)
     \.?:?[ ]?(?:[A-Z]{1,3}[ ]?)?[\d./-]+[ \n]*)*""",
    regex.VERBOSE,
)
BARE_GAP_MAX = 60

# A form field's label at the start of its line: "Beantragte Förderhöhe: ", "- Gesamtkosten: ".
FIELD_LABEL = regex.compile(r"[ \t]*(?:[-•*–][ \t]+)?(?P<label>[^\n:]{2,60}):[ \t]*")
FIELD_VALUE_END = regex.compile(r"[ \t]*(?:$|\n|[;,.(])")  # the number fills the field: no "Teilnehmer" after

# Ranges: "10.000 bis 15.000 €", "zwischen 62.000 und 68.000 Euro", "10.000 – 15.000 €".
RANGE_JOIN = regex.compile(r"[ \t]*(?:bis[ \t]*\n?|-|–|—)[ \t]*")  # "bis" may end a printed line
RANGE_AND = regex.compile(r"[ \t]*und[ \t]*\n?[ \t]*")
RANGE_BETWEEN = regex.compile(r"zwischen[ \t]+$")
PLAIN_RANGE_START = regex.compile(
    rf"""(?<![\w.,/])(?P<number>{SPACED_NUMBER}|{NUMBER})(?:,[ ]?[-–—]{{1,2}})?(?P<currency>[ \t]*{CURRENCY})?
    [ \t]*(?:(?:bis|-|–|—)|(?<=zwischen[ \t]+\S+(?:[ ]\d{{3}})*[ \t]*)und)[ \t]*\n?[ \t]*$""",
    regex.VERBOSE,
)  # the start of "10 000 bis 15 000 €" is grouped by spaces though no currency stands beside it
RANGE_LOOKBACK = 40
RANGE_RATIO_MAX = 20  # "1 bis 2 Mio. €" is a range; "Anlage 3 - 45.000 €" is not
YEAR = regex.compile(r"(?:19|20)\d\d")

# --------------------------------------------------------------------------------------------
# Extraction
# --------------------------------------------------------------------------------------------


def extract(text: str, sections: Sequence[Section] = ()) -> list[Amount]:
    """Every sum of money in ``text`` (a normalised paper text), in reading order."""
    if not isinstance(text, str) or not text:
        return []
    try:
        return _extract(Paper(text, tuple(sections or ())))
    except (RecursionError, MemoryError, ArithmeticError, ValueError, TypeError, IndexError):
        return []  # a pure function over hostile input: better no sums than a crashed ingest


def _extract(paper: Paper) -> list[Amount]:
    text = paper.text
    table_sums, claimed = unit_table_sums(paper)
    sums = [s for s in _candidates(text) if not any(a < s.end and s.start < b for a, b in claimed)]
    sums = _accept(paper, _join_ranges(text, sums)) + table_sums
    sums.sort(key=lambda s: s.start)
    paper.sum_starts = [s.start for s in sums]
    paper.sum_ends = [s.end for s in sums]
    roles_from_header_rows(paper, sums)
    return [_to_amount(paper, s) for s in sums]


def _candidates(text: str) -> Iterator[Sum]:
    """Every number that might be money: with a currency, bare but money-formatted, or scaled."""
    for m in CANDIDATE.finditer(text):
        scale = m["scale"].strip() if m["scale"] else None
        start = m.start()
        if m["pre_currency"] and not scale:
            before = PRE_SCALE.search(text, max(0, start - PRE_SCALE_REACH), start)
            if before:  # "TEUR 120": the scale word before the currency
                start, scale = before.start(), before.group(0) + m["pre_currency"].strip()
        has_currency = bool(m["pre_currency"] or m["currency"])
        if scale:
            multiplier = scale_multiplier(scale)
            if multiplier is None or _year_column_title(text, m):
                continue
            has_currency = has_currency or bool(SCALE_WITH_CURRENCY.search(scale))
            if not has_currency and (multiplier < 1000000 or not SCALE_THEN_NO_NOUN.match(text, m.end())):
                continue  # "3 Tsd. Einwohner", "2 Millionen Menschen"
            kind = "money" if has_currency else "scaled"
        elif has_currency:
            kind, multiplier = "money", Decimal(1)
        elif m["dash_cents"] or MONEY_FORMAT.fullmatch(m["number"]):
            kind, multiplier = "bare", Decimal(1)
        else:
            continue  # a count, a year, an account number
        value = _number_value(m["number"])
        if value is None:
            continue
        value *= multiplier
        negative = bool(m["sign"])
        yield Sum(start, m.end(), -value if negative else value, kind, negative)


YEAR_NUMBER = regex.compile(r"(?:19|20)\d\d")
YEAR_UNIT_PAIR = regex.compile(r"(?<!\d)(?:19|20)\d\d[ \t]*(?:T€|TEUR|Tsd\.?|T[ ]€)")


def _year_column_title(text: str, m: regex.Match) -> bool:
    """"Haushaltsjahr   2025 T€   2026 T€": a year over a column in thousands, not a sum."""
    if not YEAR_NUMBER.fullmatch(m["number"]):
        return False
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    line = text[start:len(text) if end < 0 else end]
    return "jahr" in line.lower() or len(YEAR_UNIT_PAIR.findall(line)) >= 2


def _number_value(printed: str) -> Optional[Decimal]:
    """The value of a number as the candidate patterns find it; spaces group thousands there
    ("45 000 €"), which :func:`parse_number` (strict, shared) does not read."""
    return parse_number(printed.replace(" ", ""))


def _join_ranges(text: str, sums: list[Sum]) -> list[Sum]:
    """"10.000 bis 15.000 €" is one sum from 10.000 to 15.000. A start printed without its unit
    takes the end's scale: "1 bis 2 Mio. €" runs from 1 to 2 million."""
    out: list[Sum] = []
    for s in sums:
        if s.kind != "money":
            out.append(s)
            continue
        previous = out[-1] if out else None
        if previous is not None and previous.range_end is None and _range_gap(text, previous, s):
            start_value = previous.value if previous.kind != "bare" else _in_scale_of(text, s, previous.value)
            if start_value is not None and start_value <= s.value:
                out[-1] = Sum(previous.start, s.end, start_value, "money", previous.negative, range_end=s.value)
                continue
        m = PLAIN_RANGE_START.search(text, max(0, s.start - RANGE_LOOKBACK), s.start)
        if m and not YEAR.fullmatch(m["number"]):  # "1 bis 2 Mio. €", not "2025 - 30.000 €"
            start_value = _number_value(m["number"])
            if start_value is not None and not m["currency"]:
                start_value = _in_scale_of(text, s, start_value)
            if start_value is not None and start_value <= s.value <= start_value * RANGE_RATIO_MAX:
                out.append(Sum(m.start(), s.end, start_value, "money", range_end=s.value))
                continue
        out.append(s)
    return out


def _range_gap(text: str, first: Sum, second: Sum) -> bool:
    """Only a range word stands between two sums: "bis", a dash, or "und" after "zwischen"."""
    if RANGE_JOIN.fullmatch(text, first.end, second.start):
        return True
    return bool(RANGE_AND.fullmatch(text, first.end, second.start)
                and RANGE_BETWEEN.search(text, max(0, first.start - 12), first.start))


def _in_scale_of(text: str, end: Sum, value: Decimal) -> Optional[Decimal]:
    """``value`` read in the scale word of the range's end, if it has one."""
    m = CANDIDATE.match(text, end.start)
    if not m or not m["scale"]:
        return value
    multiplier = scale_multiplier(m["scale"].strip())
    return value * multiplier if multiplier else None


def _accept(paper: Paper, sums: list[Sum]) -> list[Sum]:
    """Keep money; keep bare numbers the paper makes money; keep "25 Millionen" about money."""
    text = paper.text
    accepted = [s.kind == "money" for s in sums]
    for _ in range(3):  # bare numbers chain: "(SK 414100 78.100,00) (SK 414101 547.500,00)"
        changed = False
        for i, s in enumerate(sums):
            if not accepted[i] and s.kind == "bare" and (
                    _next_to_money(text, sums, accepted, i) or _after_money_label(paper, s)
                    or _under_currency_header(text, s)):
                accepted[i] = changed = True
        if not changed:
            break
    for i, s in enumerate(sums):
        if s.kind == "scaled" and paper.roles(*paper.sentence(s.start, s.end)):
            accepted[i] = True
    kept = [s for s, ok in zip(sums, accepted) if ok and not _year_before_currency_and_sum(text, s)]
    for s in kept:
        s.kind = "money"
    return kept


# "Ansatz 2024   EUR   650.000,00": the currency stands before the sum, the year is the column's title.
CURRENCY_THEN_NUMBER = regex.compile(rf"[ \t]*{CURRENCY}[ \t]*[-−]?\d")


def _year_before_currency_and_sum(text: str, s: Sum) -> bool:
    words = text[s.start:s.end].split()
    digits = words[0] if words else ""
    return bool(YEAR.fullmatch(digits)) and CURRENCY_THEN_NUMBER.match(text, s.start + len(digits)) is not None


UNDER_HEADER_LINES = 6  # rows of a table between its unit line and a sum


def _under_currency_header(text: str, s: Sum) -> bool:
    """A money-formatted number in a table whose header says its currency, its columns lost to a PDF's
    single spaces: "Beträge in EUR⏎Produkt Sachkonto … Ansatz 2024⏎12.02.01 785100 … 1.850.000,00"."""
    for start, end in islice(lines_above(text, line_at(text, s.start)[0]), UNDER_HEADER_LINES):
        line = text[start:end]
        if not line.strip():
            return False  # the table's block ends at a blank line
        unit = UNIT_HEADER.search(line)
        if unit:
            return regex.fullmatch(CURRENCY, unit["unit"]) is not None  # "in €", not "in T€"
    return False


def _next_to_money(text: str, sums: list[Sum], accepted: list[bool], i: int) -> bool:
    """A neighbouring sum is money and only a money field's filler stands between (:data:`BARE_GAP`)."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(sums) and accepted[j]:
            left, right = (sums[j], sums[i]) if j < i else (sums[i], sums[j])
            if right.start - left.end <= BARE_GAP_MAX and BARE_GAP.fullmatch(text, left.end, right.start):
                return True
    return False


def _after_money_label(paper: Paper, s: Sum) -> bool:
    """"Fördersumme: 45.000,00": a bare number that fills a field whose label names money."""
    line_start = paper.text.rfind("\n", 0, s.start) + 1
    m = FIELD_LABEL.fullmatch(paper.text, line_start, s.start)
    return bool(m and FIELD_VALUE_END.match(paper.text, s.end) and paper.roles(m.start("label"), m.end("label")))


# --------------------------------------------------------------------------------------------
# Details: qualifiers, periods, units; and the fact itself
# --------------------------------------------------------------------------------------------

# Read backwards from the sum, one word at a time: the nearest qualifier wins ("bis zu ca. 30 T€"
# is approx), fillers are skipped ("bis zu insgesamt 160.000 Euro" is max).
QUALIFIER_BEFORE = regex.compile(
    r"""(?:
      (?P<approx>\bca\.|\brd\.|\bcirca|\bzirka|\betwa|\brund|\bungefähr|\bannähernd|\bknapp|\bgeschätzte?[nr]?)
    | (?P<max>\bbis\s+zu|\bmaximal|\bmax\.|\bhöchstens)
    | (?P<min>\bmindestens|\bmind\.|\bwenigstens|\bmehr\s+als)   # not "über": "Angebot über 18.400 €"
    | (?P<filler>\binsgesamt|\bzusammen|\bderzeit|\baktuell|\bz\.\s?Zt\.|\bjeweils|\bjedoch|\baber|\bnur
                 |\bvon|\bmit|\bauf|\bum|\bje|\bHöhe|\beiner|€|EUR)   # "bis zu einer Höhe von"
    )\s*$""",
    regex.VERBOSE | regex.IGNORECASE,
)
QUALIFIER_STEPS = 5
QUALIFIER_LOOKBACK = 30

# After the sum: "57.000 € p.a.", "€/Jahr", "pro Monat", "einmalig", "55.000,00 Euro pro Stelle".
PERIOD_AFTER = regex.compile(
    r"""[ \t]*(?:/[ \t]*)?(?:
      (?P<year>p\.[ ]?a\.|pro\s+Jahr|per\s+annum|jährlich|im\s+Jahr\b(?!\s*\d)|(?<=/[ \t]*)Jahr\b)
    | (?P<month>pro\s+Monat|monatlich|im\s+Monat\b|(?<=/[ \t]*)Monat\b)
    | (?P<once>einmalig)
    | (?:pro|je|à)\s+(?P<unit>[\p{L}-]+)
    )""",
    regex.VERBOSE | regex.IGNORECASE,
)
# Before it, in the clause: "Das Land fördert jährlich mit ...", "einmalige Sachkosten von ...".
PERIOD_BEFORE = regex.compile(
    r"(?P<year>jährlich\w*|pro\s+Jahr|p\.\s?a\.)|(?P<month>monatlich\w*|pro\s+Monat)|(?P<once>einmalig\w*)",
    regex.IGNORECASE,
)
# "Die Förderung beträgt pro Stelle 57.000 €", Siegburg "18 VZÄ a´57.000,-- €".
UNIT_BEFORE = regex.compile(
    r"(?:(?:pro|je)\s+(?P<unit>[\p{L}-]+)|(?P<unit2>[\p{L}-]+)\s+(?:à|á|a´|a`))[ \t]*$", regex.IGNORECASE
)
PERIOD_WORDS = {"jahr": "year", "monat": "month"}
PERIOD_LOOKBACK = 80
UNIT_LOOKBACK = 40
GLUED_PERIOD = regex.compile(r"/(?:Jahr|Monat)\b")  # quoted with the sum: "rund 30.000 €/Jahr"


def _qualifier(text: str, s: Sum) -> tuple[Optional[str], int]:
    """The qualifier nearest before the sum and where the quote starts (the qualifier is quoted
    when it stands on the sum's line: "ca. 30 T€")."""
    pos = s.start
    line_start = text.rfind("\n", 0, s.start) + 1
    for _ in range(QUALIFIER_STEPS):
        m = QUALIFIER_BEFORE.search(text, max(0, pos - QUALIFIER_LOOKBACK), pos)
        if not m:
            break
        for name in ("approx", "max", "min"):
            if m[name]:
                return name, (m.start(name) if m.start(name) >= line_start else s.start)
        pos = m.start()
    return None, s.start


def _period_and_unit(paper: Paper, s: Sum, clause: Span) -> tuple[Optional[str], Optional[str], int]:
    """Period (year, month, once), unit ("Stelle" for "pro Stelle") and where the quote ends (a
    glued "/Jahr" belongs to it). Words before the sum count up to the previous sum."""
    text = paper.text
    period = unit = None
    end = pos = s.end
    for _ in range(2):  # "57.000 € pro Stelle pro Jahr"
        m = PERIOD_AFTER.match(text, pos, clause[1])
        if not m:
            break
        if m["unit"]:
            word = m["unit"].lower()
            if word in PERIOD_WORDS:
                period = period or PERIOD_WORDS[word]
            else:
                unit = unit or m["unit"]
        else:
            period = period or next(name for name in ("year", "month", "once") if m[name])
        if GLUED_PERIOD.match(text, pos):
            end = m.end()
        pos = m.end()
    previous = bisect.bisect_left(paper.sum_starts, s.start) - 1
    left = max(clause[0], s.start - PERIOD_LOOKBACK, paper.sum_ends[previous] if previous >= 0 else 0)
    if period is None:
        for m in PERIOD_BEFORE.finditer(text, left, s.start):
            period = next(name for name in ("year", "month", "once") if m[name])
    if unit is None:
        m = UNIT_BEFORE.search(text, max(left, s.start - UNIT_LOOKBACK), s.start)
        if m:
            word = m["unit"] or m["unit2"]
            if word.lower() not in PERIOD_WORDS:
                unit = word
            elif period is None:
                period = PERIOD_WORDS[word.lower()]
    return period, unit, end


def _to_amount(paper: Paper, s: Sum) -> Amount:
    """The fact for a sum: its quote, value to the cent, role, qualifier, period and unit."""
    text = paper.text
    sentence = paper.sentence(s.start, s.end)
    clause = paper.clause(sentence, s.start, s.end)
    qualifier, start = _qualifier(text, s)
    period, unit, end = _period_and_unit(paper, s, clause)
    try:
        value = s.value.quantize(CENT)
        range_end = s.range_end.quantize(CENT) if s.range_end is not None else None
    except InvalidOperation:  # more digits than a Decimal context holds: keep them as printed
        value, range_end = s.value, s.range_end
    return Amount(start=start, end=end, text=text[start:end], value=value, currency="EUR",
                  role=role_of(paper, s, sentence, clause), qualifier=qualifier, period=period,
                  per_unit=unit, range_end=range_end)
