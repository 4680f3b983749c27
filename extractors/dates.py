"""Calendar dates as German council papers print them, and the one parser everyone shares.

Public API (other extractors import these; keep them stable):

- ``MONTHS``: month names and abbreviations (lower case) → month number.
- ``DATE``: compiled pattern for one date written out to the day, optionally with a weekday
  prefix and a day range: ``13.12.2021``, ``13.12.21``, ``4.4.22``, ``1. Juli 2024``,
  ``01. Juli 2024``, ``Dienstag, den 21.04.2026``, ``Mo., 3.11.2025``, ``3./4.12.2025``
  (``extract`` also finds ISO dates, ``2024-03-12``, with a pattern of their own).
  Named groups: ``first_day`` (range start, optional), ``day``, ``month`` (digits) or
  ``month_name``, ``year``.  The whole match includes the weekday prefix; ``m.start("day")``
  (or ``m.start("first_day")``) is where the date proper begins.
- ``parse_date(day, month, year) -> date | None``: numbers (or digit strings) to a date; two-digit
  years are pivoted (00–69 → 20xx); impossible dates (31.02.) give None.
- ``parse_date_text(s) -> date | None``: a whole string holding one date (German forms above, or
  ISO ``2021-12-13``) → date; anything else → None.
- ``extract(text, sections=()) -> list[DateMention]``: every date in a text. A day range is one
  mention with ``end_date`` plus a mention of its closing day (``4.12.2025`` of ``3./4.12.2025``);
  month mentions (``im Dezember 2020``) have precision "month". ``day_set(mentions)`` gives the
  ISO days of a text, which is what the gold "dates" field holds.

Why regex and not dateparser: dateparser misses ``vom 4.4.22`` and invents dates from words; the
candidates here are found by pattern and validated by ``datetime.date``.
"""
from __future__ import annotations

import bisect
from datetime import date
from typing import Iterable, Iterator, Optional, Sequence

import regex

from extractors.facts import DateMention, Section

MONTHS: dict[str, int] = {
    "januar": 1, "jänner": 1, "jan": 1,
    "februar": 2, "feb": 2, "febr": 2,
    "märz": 3, "maerz": 3, "mär": 3, "mrz": 3,
    "april": 4, "apr": 4,
    "mai": 5,
    "juni": 6, "jun": 6,
    "juli": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10,
    "november": 11, "nov": 11,
    "dezember": 12, "dez": 12,
}

# Full names must be followed by a word boundary, abbreviations by their dot ("12. Dez. 2023").
_ABBREV_MONTHS = ["jan", "feb", "febr", "mär", "mrz", "apr", "jun", "jul", "aug", "sep", "sept",
                   "okt", "nov", "dez"]
_FULL_MONTHS = [name for name in MONTHS if name not in _ABBREV_MONTHS]
MONTH_NAME = (
    "(?:" + "|".join(sorted(_FULL_MONTHS, key=len, reverse=True)) + r")\b"
    "|(?:" + "|".join(sorted(_ABBREV_MONTHS, key=len, reverse=True)) + r")\."
)

# Session calendars and invitations: "Dienstag, den 21.04.2026", "Mo., 3.11.2025", "Do 12.05.2022",
# minutes' "am Montag, dem 11. November 2024".
WEEKDAY_NAMES = r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag|Mo|Di|Mi|Do|Fr|Sa|So)"
WEEKDAY = rf"{WEEKDAY_NAMES}\.?,?[ \t]+(?:de[nm][ \t]+)?"

# Day ranges of multi-day events: "3./4.12.2025", "3.-4.12.2025", "03. und 04. Dezember 2025",
# "vom 3. bis 5. Juli 2024", "vom 2. bis\n6. Mai 2022" (PDF line break).  The first day must carry
# its dot so "Anlage 3 - 4.12.2025" is no range.
RANGE_START = r"(?P<first_day>\d{1,2})\.[ \t]*\n?[ \t]*(?:/|-|–|bis|und|u\.)[ \t]*\n?[ \t]*"

DATE = regex.compile(
    rf"""
    (?:(?P<weekday>\b(?-i:{WEEKDAY})))?  # case-sensitive: "so 3.4.2022" is no Sonntag
    (?<![\w.,/-])                      # not inside a longer number: "1.31.11.01", "1.026.000", "v1.2.10"
    (?:{RANGE_START})?
    (?P<day>\d{{1,2}})\.
    (?:
        # Numeric: "13.12.2021", "13. 12. 2021", "4.4.22"; a two-digit year must follow its dot
        # directly, so "am 3.4. 22 Personen" is no date.
        [ ]?(?P<month>\d{{1,2}})\.(?:[ ]?(?P<year>(?:19|20)\d{{2}})|(?P<year>\d{{2}}))
        (?![\d]|[.,]\d)                # "3.4.15.00" or "1.2.100" is something else
      |
        # Written month: "1. Juli 2024", "01. Juli 2024", "13. Dezember\n2021", "12. Dez. 2023".
        [ \t]*\n?[ \t]*(?P<month_name>{MONTH_NAME})[ \t]*\n?[ \t]*(?P<year>(?:19|20)\d{{2}})(?!\d)
    )
    """,
    regex.VERBOSE | regex.IGNORECASE,
)

# Month-precision mentions: "im Dezember 2020", "Stand: Juli 2024" (never preceded by a day).
MONTH_YEAR = regex.compile(
    # The cheap test first: a word starting with a month's letter; the look-behind only there.
    rf"\b(?=[jfmasond])(?<!\d\.[ \t]*\n?[ \t]*)(?P<month_name>{MONTH_NAME})[ \t]*\n?[ \t]*(?P<year>(?:19|20)\d{{2}})(?!\d)",
    regex.IGNORECASE,
)
# Where MONTH_YEAR can end: a year. Few texts name a month with its year, and trying the month
# names at every word was the extractor's largest cost; a year is found fast.
YEAR = regex.compile(r"(?:19|20)\d{2}(?!\d)")
LONGEST_MONTH_NAME = max(map(len, MONTHS)) + 1  # "september", "sept."


def _month_years(text: str) -> Iterator[regex.Match]:
    """MONTH_YEAR.finditer(text), searched only just before each year: the month name ends where
    the blanks before the year begin."""
    for year in YEAR.finditer(text):
        end = year.start()
        while end and text[end - 1] in " \t":
            end -= 1
        if end and text[end - 1] == "\n":
            end -= 1
            while end and text[end - 1] in " \t":
                end -= 1
        for m in MONTH_YEAR.finditer(text, max(0, end - LONGEST_MONTH_NAME), year.end()):
            if m.end() == year.end():
                yield m

# Outline and catalogue numbers that look like "d.m.yy": "Ziffer 3.2.12", "Produkt 1.1.20",
# ALLRIS agendas "Punkt\n2.1.17:".
NUMBERING_BEFORE = regex.compile(
    r"(?:Ziffer|Ziff\.|Nr\.|Nummer|Punkt|Kapitel|Abschnitt|TOP|Produkt|Produktgruppe|Version|Release|Tz\.)[ \t]*:?\s*$",
    regex.IGNORECASE,
)  # also a budget's product: "Produkt: 02.03.01", "Betroffene Produktgruppe⏎11.08.01 Sportförderung"
NUMBERING_LOOKBACK = 20

ISO_DATE = regex.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
# ISO dates in running text, as exports and some systems' footers print them: "erstellt am
# 2024-03-12"; not inside a longer number or code ("DE-2024-03-12-7", "2024-03-1234").
ISO_IN_TEXT = regex.compile(r"(?<![\w./-])(?P<year>(?:19|20)\d{2})-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\w/-]|[.,]\d)")


def _as_int(value: int | str | None) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    value = value.strip()
    return int(value) if value.isdigit() else None


def parse_date(day: int | str, month: int | str, year: int | str) -> Optional[date]:
    """The date for day/month/year (ints or digit strings); None if impossible.

    Two-digit years are pivoted: 00–69 → 2000–2069, 70–99 → 1970–1999."""
    d, m, y = _as_int(day), _as_int(month), _as_int(year)
    if d is None or m is None or y is None:
        return None
    if y < 100:
        y += 2000 if y < 70 else 1900
    if not 1900 <= y <= 2099:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def month_number(name: str) -> Optional[int]:
    """``"Juli"`` → 7, ``"Dez."`` → 12; None for anything else."""
    return MONTHS.get(name.strip().rstrip(".").lower())


def _month_of(m: regex.Match) -> Optional[int]:
    if m.group("month_name"):
        return month_number(m.group("month_name"))
    return _as_int(m.group("month"))


def _match_dates(m: regex.Match) -> tuple[Optional[date], Optional[date]]:
    """(date, end_date) of a DATE match; for a range, date is the first day."""
    month = _month_of(m)
    last = parse_date(m.group("day"), month or 0, m.group("year"))
    if last is None:
        return None, None
    if m.group("first_day"):
        first = parse_date(m.group("first_day"), month or 0, m.group("year"))
        if first is not None and first < last:
            return first, last
    return last, None


# A word before a date that is not part of it: "am 13.12.2021", "vom 1. Januar".
_LEADING_WORD = regex.compile(r"^(?:am|vom|den|ab|bis|zum)\s+", regex.IGNORECASE)


def parse_date_text(s: str) -> Optional[date]:
    """One date written as the whole string (surrounding blanks, "am"/"vom" allowed) → date.

    For a range the first day is returned. ``None`` when ``s`` holds no single valid date."""
    if not isinstance(s, str):
        return None
    s = s.strip().rstrip(",;")
    s = _LEADING_WORD.sub("", s)
    iso = ISO_DATE.fullmatch(s)
    if iso:
        return parse_date(iso["day"], iso["month"], iso["year"])
    m = DATE.fullmatch(s)
    if not m:
        return None
    return _match_dates(m)[0]


ACCOUNT_AFTER = regex.compile(r"[ \t]+\d{5,8}(?![\d.,])")
# The start of a range across months, its year printed only with the end: "vom 1. Juni bis zum 31.
# August 2024", "vom 01.06. bis 31.08.2024". The start is a day of its own.
OPEN_RANGE_START = regex.compile(
    rf"(?i:\bvom)[ \t]+(?P<day>\d{{1,2}})\.[ \t]*(?:(?P<month>\d{{1,2}})\.|(?P<month_name>(?i:{MONTH_NAME}))[ \t]*)"
    rf"[ \t]*\n?[ \t]*(?:bis|–|-)[ \t]+(?:zum[ \t]+)?(?=\d)"
)


def _day_mentions(text: str) -> list[DateMention]:
    found: list[DateMention] = []
    for m in DATE.finditer(text):
        first, last = _match_dates(m)
        if first is None:
            continue
        # "5./3.12.2025" is no range (the days run backwards): only the second date stands.
        start = m.start("day") if m.group("first_day") and last is None else m.start()
        if not m.group("month_name") and (
                NUMBERING_BEFORE.search(text, max(0, start - NUMBERING_LOOKBACK), start)
                or (len(m.group("year")) == 2 and (text.startswith(":", m.end())
                                                   or ACCOUNT_AFTER.match(text, m.end())))):
            # an outline number, an agenda item "2.1.17: Einrichtung eines Shuttle-Verkehrs", or
            # a product number beside its account: "12.02.01   785100   Sanierung K 8"
            continue
        found.append(DateMention(start=start, end=m.end(), text=text[start:m.end()],
                                 date=first, precision="day", end_date=last))
        if last is not None:
            # The closing day of "3./4.12.2025" is a full date as printed: its own mention too, so a
            # reader of ``.date`` alone sees both days.
            day_start = m.start("day")
            found.append(DateMention(start=day_start, end=m.end(), text=text[day_start:m.end()],
                                     date=last, precision="day"))
    if "vom" in text or "Vom" in text:
        found.extend(_open_range_starts(text))
    for m in ISO_IN_TEXT.finditer(text):
        day = parse_date(m["day"], m["month"], m["year"])
        if day is not None:
            found.append(DateMention(start=m.start(), end=m.end(), text=m.group(0), date=day, precision="day"))
    return found


def _open_range_starts(text: str) -> list[DateMention]:
    """The first day of "vom 1. Juni bis zum 31. August 2024", in the year of the range's end."""
    found = []
    for m in OPEN_RANGE_START.finditer(text):
        end = DATE.match(text, m.end())
        last = parse_date_text(end.group(0)) if end else None
        if last is None:
            continue
        month = int(m["month"]) if m["month"] else MONTHS.get(m["month_name"].lower().rstrip("."))
        first = parse_date(m["day"], month, last.year) if month else None
        if first is not None and first < last:
            start = m.start("day")
            end_of_start = m.end("month_name") if m["month_name"] else m.end("month") + 1
            found.append(DateMention(start=start, end=end_of_start, text=text[start:end_of_start], date=first,
                                     precision="day"))
    return found


def _month_mentions(text: str, taken: Sequence[DateMention]) -> list[DateMention]:
    found: list[DateMention] = []
    starts = [d.start for d in taken]
    for m in _month_years(text):
        i = bisect.bisect_right(starts, m.start())
        if any(d.start <= m.start() < d.end for d in taken[max(0, i - 2):i]):
            continue  # the month of a day date ("3./4. Dezember 2025")
        first = parse_date(1, month_number(m.group("month_name")) or 0, m.group("year"))
        if first is not None:
            found.append(DateMention(start=m.start(), end=m.end(), text=m.group(0),
                                     date=first, precision="month"))
    return found


def extract(text: str, sections: Sequence[Section] = ()) -> list[DateMention]:
    """Every date in ``text``: day precision (``13.12.2021``) and month precision
    (``im Dezember 2020``, date = first of the month), sorted by start offset. Never raises."""
    if not isinstance(text, str) or not text:
        return []
    try:
        days = _day_mentions(text)
        months = _month_mentions(text, days)
    except Exception:  # noqa: BLE001 - an extractor must never fail a paper
        return []
    return sorted(days + months, key=lambda d: (d.start, d.end))


def day_set(mentions: Iterable[DateMention]) -> set[str]:
    """ISO days of the day-precision mentions, both ends of a range: the gold "dates" set."""
    days: set[str] = set()
    for mention in mentions:
        if mention.precision != "day" or mention.date is None:
            continue
        days.add(mention.date.isoformat())
        if mention.end_date is not None:
            days.add(mention.end_date.isoformat())
    return days
