"""Read and write numbers the way German council papers print them.

Council papers write ``651.895,80 €`` (dot groups thousands, comma starts the cents), round sums
as ``456.000,-- €`` or, after a PDF text layer has split them, ``66.865, -- €``, and large sums
with a scale word: ``ca. 30 T€``, ``1,2 Mio. €``, ``25 Millionen``. This module is the one place
that turns such strings into :class:`~decimal.Decimal` values; the amounts extractor finds the
strings, this module reads them.

- :func:`parse_number`: ``"651.895,80"`` → ``Decimal("651895.80")``; ``None`` for anything that
  is not a well-formed German number (``1,234.56``, ``55.0000``, ``1e5``). Never raises.
- :data:`SCALE_WORDS` and :func:`scale_multiplier`: ``T€``/``TEUR``/``Tsd.`` → 1 000,
  ``Mio.``/``Millionen`` → 1 000 000, ``Mrd.``/``Milliarden`` → 1 000 000 000.
- :func:`parse_money`: a whole printed sum, scale word and currency included
  (``"1,2 Mio. €"`` → ``Decimal("1200000.0")``).
- :func:`format_german`: the inverse of :func:`parse_number`, used by the property tests.

babel does the actual parsing (``strict=True`` rejects ``1,234.56``, which the lenient mode
silently reads as 1.23456); a shape check in front of it keeps out what babel would accept but a
German paper never prints (exponents, non-ASCII digits).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Optional

import regex
from babel import Locale
from babel.numbers import NumberFormatError, parse_decimal

GERMAN = Locale.parse("de_DE")

# Well-formed German numbers only: "651.895,80", "1.026.000", "57000", "1,2", "-25.000".
# Dots must group exactly three digits, so "55.0000" (a misprint) and "12.34" do not pass.
NUMBER_SHAPE = regex.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?", regex.ASCII)

# Round sums with a dash for the cents: "456.000,--", "1.500,-", "66.865, --" (PDF text layer
# puts a space after the comma), "1.500,–" (word processors turn "-" into an en dash).
DASH_CENTS = regex.compile(r",[ ]?[-–—]{1,2}$")

# The currency printed before or after the number: "€ 1.500,00", "1.500,00 EUR", "7.300 Euro".
CURRENCY_WORD = r"(?:€|EUR(?:O)?|Euro)"
CURRENCY_AROUND = regex.compile(rf"^\s*{CURRENCY_WORD}\s*|\s*{CURRENCY_WORD}\s*$")

# Minus signs as they come out of word processors and PDFs: "-", "−" (U+2212), "–" (en dash).
MINUS_SIGNS = regex.compile(r"^[−–]")
SIGN_SPACE = regex.compile(r"^([+-])\s+")  # "- 25.000" as some tables print it

# Scale words and what they multiply by. Keys are the word lower-cased with dots, spaces and the
# currency removed, so "T€", "TEUR", "T EUR", "Tsd. €", "Tsd." all map through "t"/"tsd".
THOUSAND = Decimal(1000)
MILLION = Decimal(1000000)
BILLION = Decimal(1000000000)
SCALE_WORDS: dict[str, Decimal] = {
    "t": THOUSAND,  # "30 T€", "45 TEUR" (Kämmerei tables: "Angaben in T€")
    "k": THOUSAND,  # "45 k€", "45 KEUR" (rarer, engineering offices)
    "m": MILLION,  # "5 MEUR", "MEUR 5", "5 M€" (financial reports)
    "tsd": THOUSAND,  # "45 Tsd. €", "45 Tsd. Euro"
    "tausend": THOUSAND,  # "45 Tausend Euro"
    "mio": MILLION,  # "1,2 Mio. €", "EUR 1,2 Mio."
    "million": MILLION,  # "eine Million Euro" is words; "1 Million Euro"
    "millionen": MILLION,  # "25 Millionen", "130 Millionen Euro"
    "mrd": BILLION,  # "2 Mrd. Euro"
    "milliarde": BILLION,
    "milliarden": BILLION,  # "2 Milliarden Euro"
}

# The same words as a pattern, for extractors that find them in running text. A word boundary
# ends each so that "Mio" does not match inside "Mion" and "T€" does not eat a following letter.
SCALE_PATTERN = (
    r"(?:T[ ]?€|T[ ]?EUR(?!\w)|k€|KEUR(?!\w)|M€|MEUR(?!\w)|Tsd\.?|TSD\.?|Tausend(?!\w)"
    r"|Mio\.?|Million(?:en)?(?!\w)|Mrd\.?|Milliarden?(?!\w))"
)
SCALE_WORD_CURRENCY = regex.compile(r"€|eur(?:o)?", regex.IGNORECASE)

# A printed sum for parse_money: optional currency, number (with dash cents), scale, currency.
MONEY_SHAPE = regex.compile(
    rf"""^\s*(?:{CURRENCY_WORD}\s*)?
    (?P<number>[+\-−–]?\s?[\d.]+(?:,(?:\d+|[ ]?[-–—]{{1,2}}))?)
    \s*(?P<scale>{SCALE_PATTERN})?
    \s*(?:{CURRENCY_WORD})?\s*$""",
    regex.VERBOSE,
)


def parse_number(text: object) -> Optional[Decimal]:
    """The value of a German-formatted number, or ``None`` when it is not one.

    Accepts a currency sign around the number (``1.026.000,-- €``), dash cents (``456.000,--``,
    ``66.865, --``) and typographic minus signs. Never raises, whatever ``text`` is.
    """
    if not isinstance(text, str) or len(text) > 64:
        return None
    number = CURRENCY_AROUND.sub("", text.strip())
    number = MINUS_SIGNS.sub("-", number)
    number = SIGN_SPACE.sub(r"\1", number)
    number = DASH_CENTS.sub("", number)
    if not NUMBER_SHAPE.fullmatch(number):
        return None
    try:
        return parse_decimal(number, locale=GERMAN, strict=True)
    except (NumberFormatError, ValueError, ArithmeticError):
        return None


def scale_multiplier(word: object) -> Optional[Decimal]:
    """What a scale word multiplies by: ``"T€"`` → 1000, ``"Mio."`` → 1000000; else ``None``."""
    if not isinstance(word, str):
        return None
    key = SCALE_WORD_CURRENCY.sub("", word.lower())
    key = key.replace(".", "").replace(" ", "")
    return SCALE_WORDS.get(key)


def parse_money(text: object) -> Optional[Decimal]:
    """The euro value of a whole printed sum: ``"ca. 30 T€"`` is not one (strip the qualifier
    first), ``"30 T€"`` → 30000, ``"1,2 Mio. €"`` → 1200000, ``"EUR 45.000"`` → 45000."""
    if not isinstance(text, str) or len(text) > 80:
        return None
    match = MONEY_SHAPE.match(text)
    if not match:
        return None
    value = parse_number(match["number"])
    if value is None:
        return None
    if match["scale"]:
        multiplier = scale_multiplier(match["scale"])
        if multiplier is None:
            return None
        value *= multiplier
    return value


def format_german(value: Decimal) -> str:
    """Print ``value`` as a German paper would: ``Decimal("651895.80")`` → ``"651.895,80"``.

    Keeps every decimal place the Decimal has, so ``parse_number(format_german(d)) == d``.
    Non-finite values (NaN, Infinity) come back as ``str(value)``, which no parser accepts.
    """
    if not isinstance(value, Decimal):
        value = Decimal(value)
    if not value.is_finite():
        return str(value)
    sign, digits, exponent = value.as_tuple()
    text = "".join(map(str, digits))
    if exponent >= 0:
        whole, fraction = text + "0" * exponent, ""
    else:
        text = text.rjust(-exponent + 1, "0")
        whole, fraction = text[:exponent], text[exponent:]
    whole = whole.lstrip("0") or "0"
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    printed = ".".join(groups) + ("," + fraction if fraction else "")
    return ("-" if sign else "") + printed
