"""German numbers: parse what council papers print, reject what they never print, round-trip."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.numbers import format_german, parse_money, parse_number, scale_multiplier

PARSED = [
    ("651.895,80", "651895.80"),  # Leverkusen form field
    ("456.000,--", "456000"),  # Siegburg: dash cents
    ("66.865, --", "66865"),  # Siegburg: the PDF text layer put a space after the comma
    ("1.026.000,-- €", "1026000"),
    ("1.500,- €", "1500"),
    ("1.500,–", "1500"),  # a word processor turned the dash into an en dash
    ("57000", "57000"),
    ("57.000", "57000"),
    ("1,2", "1.2"),
    ("0,75", "0.75"),
    ("-25.000", "-25000"),  # budget motions
    ("– 25.000", "-25000"),
    ("−25.000", "-25000"),  # U+2212 minus
    ("€ 1.500,00", "1500.00"),
    ("1.500,00 EUR", "1500.00"),
    ("EUR 45.000", "45000"),
    ("7.300 Euro", "7300"),
    ("  78.100,00 ", "78100.00"),
]

REJECTED = [
    "1,234.56",  # English grouping: babel's lenient mode would read 1.23456
    "55.0000",  # Leverkusen misprint: not a German number
    "12.34",
    "1.5",
    "1e5",
    "١٢",  # Arabic-Indic digits: babel accepts them, no German paper prints them
    "",
    "€",
    "abc",
    "13.12.2021",
    "100 %",
    "Sachkonto 549900",
    "1.026.000,",
    None,
    12,
    "9" * 100,
]


@pytest.mark.parametrize("printed, value", PARSED)
def test_parse_number(printed, value):
    assert parse_number(printed) == Decimal(value)


@pytest.mark.parametrize("printed", REJECTED)
def test_parse_number_rejects(printed):
    assert parse_number(printed) is None


@pytest.mark.parametrize("word, multiplier", [
    ("T€", 1000), ("TEUR", 1000), ("T EUR", 1000), ("k€", 1000), ("Tsd.", 1000), ("Tsd. €", 1000),
    ("Tsd. Euro", 1000), ("Tausend", 1000), ("Mio.", 1000000), ("Mio. €", 1000000),
    ("Millionen", 1000000), ("Million", 1000000), ("Mrd.", 1000000000), ("Milliarden", 1000000000),
    ("Prozent", None), ("", None), (None, None),
])
def test_scale_multiplier(word, multiplier):
    assert scale_multiplier(word) == (Decimal(multiplier) if multiplier else None)


@pytest.mark.parametrize("printed, value", [
    ("45 T€", "45000"), ("30 T€", "30000"), ("45 TEUR", "45000"), ("45 Tsd. €", "45000"),
    ("1,2 Mio. €", "1200000"), ("1,2 Millionen Euro", "1200000"), ("2 Mrd. Euro", "2000000000"),
    ("EUR 1,2 Mio.", "1200000"), ("25 Millionen", "25000000"), ("-25.000 €", "-25000"),
    ("456.000,-- €", "456000"), ("ca. 30 T€", None), ("30 Prozent", None), ("T€", None),
])
def test_parse_money(printed, value):
    assert parse_money(printed) == (Decimal(value) if value else None)


@pytest.mark.parametrize("value, printed", [
    ("651895.80", "651.895,80"), ("1026000", "1.026.000"), ("-1234", "-1.234"), ("0.5", "0,5"),
    ("999", "999"), ("1E+5", "100.000"), ("0", "0"),
])
def test_format_german(value, printed):
    assert format_german(Decimal(value)) == printed


# Papers print at most a few decimal places (cents, "1,173 VZÄ"); six is plenty.
printed_decimals = st.integers(min_value=0, max_value=6).flatmap(
    lambda places: st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"),
                               allow_nan=False, allow_infinity=False, places=places))


@settings(max_examples=300)
@given(printed_decimals)
def test_format_then_parse_round_trips(value):
    assert parse_number(format_german(value)) == value


@settings(max_examples=150)
@given(st.decimals(min_value=0, max_value=Decimal("1e12"), places=2), st.sampled_from(["€", "EUR", "Euro"]))
def test_money_round_trips_with_currency(value, currency):
    assert parse_number(f"{format_german(value)} {currency}") == value


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_parsers_never_raise(junk):
    parse_number(junk)
    parse_money(junk)
    scale_multiplier(junk)


@settings(max_examples=200)
@given(st.text(alphabet="0123456789.,- €EURTsdMio", max_size=25))
def test_parse_number_on_number_like_junk(junk):
    value = parse_number(junk)
    assert value is None or isinstance(value, Decimal)
