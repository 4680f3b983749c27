"""Dates: annotated shapes (``<0>...</0>`` marks the expected span), things that are not dates,
the parser, the seeds and shape papers against their gold, and hypothesis properties."""
from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import dates
from pipeline.normalize import normalize
from tests.extractors.annotate import parse_annotated

ROOT = Path(__file__).resolve().parents[2]

# (annotated text, [(ISO date, precision, ISO end date or None) per marked span, in tag order]).
CASES = [
    ("Ratsbeschluss vom <0>13.12.2021</0> zur Vorlage", [("2021-12-13", "day", None)]),
    ("Schreiben vom <0>13.12.21</0>", [("2021-12-13", "day", None)]),
    ("Ratsbeschluss vom <0>4.4.2022</0>", [("2022-04-04", "day", None)]),
    ("am <0>4.4.22</0> beschlossen", [("2022-04-04", "day", None)]),
    ("ab dem <0>1. Juli 2024</0>", [("2024-07-01", "day", None)]),
    ("zum <0>01. Juli 2024</0>", [("2024-07-01", "day", None)]),
    ("Schreiben vom <0>12. Dez. 2023</0>", [("2023-12-12", "day", None)]),
    ("am <0>13. Dezember\n2021</0> (PDF-Umbruch)", [("2021-12-13", "day", None)]),
    ("am <0>13. 12. 2021</0>", [("2021-12-13", "day", None)]),
    # Weekday prefixes belong to the mention.
    ("Sitzung am\n<0>Dienstag, den 21.04.2026</0>, 15:00 Uhr", [("2026-04-21", "day", None)]),
    ("Kulturausschuss\t<0>Mo., 3.11.2025</0>\töffentlich", [("2025-11-03", "day", None)]),
    ("Eröffnung am <0>Fr., 13.03.2026</0>", [("2026-03-13", "day", None)]),
    # Day ranges: one mention with an end date, plus the closing day as printed.
    ("Klausur am <0>3./<1>4.12.2025</1></0>", [("2025-12-03", "day", "2025-12-04"), ("2025-12-04", "day", None)]),
    ("am <0>03. und <1>04. Dezember 2025</1></0>", [("2025-12-03", "day", "2025-12-04"),
                                                    ("2025-12-04", "day", None)]),
    ("vom <0>2. bis\n<1>6. Mai 2022</1></0>", [("2022-05-02", "day", "2022-05-06"), ("2022-05-06", "day", None)]),
    # A range across months prints the year once: its first day takes the end's year.
    ("läuft vom <0>1. Juni</0> bis zum <1>31. August 2024</1>.", [("2024-06-01", "day", None), ("2024-08-31", "day", None)]),
    ("Sperrung vom <0>01.06.</0> bis <1>31.08.2024</1>", [("2024-06-01", "day", None), ("2024-08-31", "day", None)]),
    ("Sitzung am\n<0>Montag, dem 11. November 2024</0>", [("2024-11-11", "day", None)]),
    # Month precision: kept, but not a day.
    ("im <0>Dezember 2020</0> gegründet", [("2020-12-01", "month", None)]),
    ("(Stand: <0>Juli 2024</0>)", [("2024-07-01", "month", None)]),
    # ISO dates, as exports print them.
    ("erstellt am <0>2024-03-12</0>, geändert <1>12.04.2024</1>", [("2024-03-12", "day", None),
                                                                 ("2024-04-12", "day", None)]),
]


@pytest.mark.parametrize("annotated, expected", CASES)
def test_annotated_shapes(annotated, expected):
    text, spans = parse_annotated(annotated)
    found = dates.extract(text)
    assert [(m.start, m.end) for m in found] == spans
    assert [(m.date.isoformat(), m.precision, m.end_date and m.end_date.isoformat()) for m in found] == expected
    assert all(m.text == text[m.start:m.end] for m in found)


# Text that holds no date at all.
NOT_DATES = [
    "Ein Termin am 31.02.2021 ist unmöglich.",
    "Produkt 1.31.11.01 Sachkonto 549900",
    "Aufwendungen: 1.026.000 €",
    "Beginn 15:00 Uhr, Ende 17.30 Uhr",
    "Software Version 4.2.11 und v1.2.10",
    "am 3.4. 22 Personen",
    "Gliederung: Ziffer 3.2.12 des Berichts",
    "Haushaltsjahr 2025, Schuljahr 2027/28",
    "Tel. 0261 129 3003, 56068 Koblenz",
    "Ratsbeschluss vom zur Vorlage Nr.",
    "Tagesordnung\nPunkt\n2.1.17:\nEinrichtung eines Shuttle-Verkehrs",
    "Produkt Sachkonto Bezeichnung\n12.02.01 785100 Sanierung K 8",  # a product number beside its account
    "Agenda 2.1.18: Wohnraumversorgungskonzept",
    "Haushaltsstelle/Produkt: 05.02.04, Produkt: 02.03.01",  # a budget's products
    "Betroffene Produktgruppe\n11.08.01 Sportförderung, Sportstätten",
    "Vorlage: BV/0401/2025/1, Drucksache 20-26 / V 01234",
    "Aktenzeichen DE-2024-03-12-7, Nummer 2024-03-1234, 2024-13-01 und 2024-02-30",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text):
    assert [m for m in dates.extract(text) if m.precision == "day"] == []


@pytest.mark.parametrize("text, expected", [
    ("13.12.2021", date(2021, 12, 13)),
    ("  vom 4.4.22 ", date(2022, 4, 4)),
    ("1. Juli 2024", date(2024, 7, 1)),
    ("Dienstag, den 21.04.2026", date(2026, 4, 21)),
    ("Mo., 3.11.2025", date(2025, 11, 3)),
    ("3./4.12.2025", date(2025, 12, 3)),
    ("2021-12-13", date(2021, 12, 13)),
    ("31.02.2021", None),
    ("13.12.2021 und mehr", None),
    ("1.026.000", None),
    ("", None),
])
def test_parse_date_text(text, expected):
    assert dates.parse_date_text(text) == expected


def test_parse_date_pivots_two_digit_years():
    assert dates.parse_date(13, 12, 21) == date(2021, 12, 13)
    assert dates.parse_date("1", "2", "98") == date(1998, 2, 1)
    assert dates.parse_date(29, 2, 2023) is None
    assert dates.month_number("Dez.") == 12 and dates.month_number("März") == 3


def _manifest() -> list[dict]:
    with (ROOT / "tests/gold/MANIFEST.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# A date the gold leaves out although it is written to the day: "(nach dem 01.01.2014)" in a table
# heading of seed 004 (the gold keeps "Stichtag 21.10.2020" of the same heading). Reported, not fixed.
KNOWN_GOLD_GAPS = {"004_4bbb2b323adbcb84.json": {"2014-01-01"}}


@pytest.mark.parametrize("row", _manifest(), ids=lambda row: row["gold"])
def test_seeds_against_gold(row):
    gold = json.loads((ROOT / "tests/gold" / row["gold"]).read_text(encoding="utf-8"))
    text = normalize((ROOT / row["corpus_path"]).read_text(encoding="utf-8")).text
    found = dates.day_set(dates.extract(text))
    expected = set(gold["dates"])
    assert expected - found == set(), "missed dates"
    assert found - expected <= KNOWN_GOLD_GAPS.get(row["gold"], set()), "extra dates"


SHAPES = sorted((ROOT / "tests/shapes").glob("dates-*.json"))


@pytest.mark.parametrize("gold_path", SHAPES, ids=lambda p: p.stem)
def test_shape_papers(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = normalize(gold_path.with_suffix(".txt").read_text(encoding="utf-8")).text
    assert dates.day_set(dates.extract(text)) == set(gold["dates"])


def test_shape_papers_exist():
    assert len(SHAPES) >= 3


# --- properties ----------------------------------------------------------------------------

MONTH_NAMES = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
               "Oktober", "November", "Dezember"]
STYLES = [
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    lambda d: f"{d.day}.{d.month}.{d.year}",
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}",
    lambda d: f"{d.day}.{d.month}.{d.year % 100:02d}",
    lambda d: f"{d.day}. {MONTH_NAMES[d.month - 1]} {d.year}",
    lambda d: f"{d.day:02d}. {MONTH_NAMES[d.month - 1]} {d.year}",
    lambda d: f"Dienstag, den {d.day:02d}.{d.month:02d}.{d.year}",
    lambda d: f"Mo., {d.day}.{d.month}.{d.year}",
]


@settings(max_examples=150, deadline=None)
@given(day=st.dates(min_value=date(1970, 1, 1), max_value=date(2069, 12, 31)),
       style=st.sampled_from(STYLES))
def test_round_trip_german_styles(day, style):
    printed = style(day)
    assert dates.parse_date_text(printed) == day
    found = dates.extract(f"Der Rat hat am {printed} beschlossen.")
    assert [m.date for m in found] == [day]


_SEED_TEXT = normalize((ROOT / "corpus/leverkusen/2024-3092.txt").read_text(encoding="utf-8")).text


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789./- \n\t:,;Juli Dezember Mo., den§€")), max_size=300))
def test_never_raises_on_date_like_noise(noise):
    for mention in dates.extract(noise):
        assert mention.text == noise[mention.start:mention.end]
        assert mention.date is not None
    dates.parse_date_text(noise)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, len(_SEED_TEXT)), st.integers(0, 400), st.text(max_size=40))
def test_never_raises_on_mutated_seed(at, length, insert):
    mutated = _SEED_TEXT[:at] + insert + _SEED_TEXT[at + length:]
    found = dates.extract(mutated)
    assert [m.start for m in found] == sorted(m.start for m in found)


_MONTH_YEAR_PIECES = ["Mai", "mai", "Sept.", "September", "Dez.", "dez", "Jänner", "Juli", "Xmai", "2020",
                      "1999", "20201", "19", " ", "  ", "\t", "\n", "\n\n", "3.", "12.", "Stand: ", ".", "0"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_MONTH_YEAR_PIECES), max_size=14).map("".join))
def test_month_years_searched_near_years_are_all_month_years(text):
    """Searching month names only before a year finds exactly what a scan of the whole text finds."""
    def spans(matches):
        return [(m.start(), m.end(), m.group("month_name"), m.group("year")) for m in matches]

    assert spans(dates._month_years(text)) == spans(dates.MONTH_YEAR.finditer(text))


def test_bad_input_is_no_date():
    assert dates.extract("") == [] and dates.extract(None) == []  # type: ignore[arg-type]
    assert dates.parse_date_text(None) is None  # type: ignore[arg-type]
