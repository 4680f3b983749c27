"""German wording for the codes the database stores, and German number and date formats.

The database speaks in codes (``rescinds``, ``own_share``, ``2024-12-16``) so that SQL stays
simple; readers of the pages see ``hebt auf``, ``Eigenanteil``, ``16.12.2024``. Unknown codes are
shown as they are rather than hidden.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Optional

from babel.numbers import format_currency, format_decimal

# Relation of a reference, read from the citing paper ("cites") or from the cited one ("cited_by").
RELATIONS = {
    ("cites", "rescinds"): "hebt auf",
    ("cites", "amends"): "ändert",
    ("cites", "based_on"): "beruht auf",
    ("cites", "mentions"): "erwähnt",
    ("cited_by", "rescinds"): "aufgehoben durch",
    ("cited_by", "amends"): "geändert durch",
    ("cited_by", "based_on"): "Grundlage für",
    ("cited_by", "mentions"): "erwähnt in",
}
DIRECTIONS = {"cites": "verweist auf", "cited_by": "wird zitiert von"}

ROLES = {
    "cost": "Kosten",
    "funding": "Förderung",
    "own_share": "Eigenanteil",
    "savings": "Einsparung",
    "refund": "Rückzahlung",
    "revenue": "Einnahme",
    "other": "sonstiger Betrag",
}
QUALIFIERS = {"approx": "ca.", "max": "bis zu", "min": "mindestens"}
PERIODS = {"year": "jährlich"}

STATUS = {
    "proposed": "vorgeschlagen",
    "decided": "beschlossen",
    "amended": "geändert",
    "rescinded": "aufgehoben",
    "withdrawn": "zurückgezogen",
}
ACTIONS = {"commit": "Zusage", "withdraw": "Rücknahme"}
COMMITMENT_STATUS = {"active": "gilt", "rescinded": "aufgehoben", "amended": "geändert"}
COMMITMENT_ENDED = {"rescinded": "aufgehoben durch", "amended": "geändert durch"}
PERMANENT = {1: "unbefristet", 0: "befristet"}
KINDS = {
    "cover_extra_cost": "Mehrkosten tragen",
    "cover_total_cost": "Gesamtkosten tragen",
    "create_posts": "Stellen schaffen",
    "rescind": "Beschluss aufheben",
}
PUBLIC = {1: "öffentlich", 0: "nichtöffentlich"}
PLACEHOLDER = "nur durch Verweis bekannt"


def relation(direction: str, code: Optional[str]) -> str:
    return RELATIONS.get((direction, code or "mentions"), code or "")


def label(table: dict, code) -> str:
    """The German word for a code, or the code itself when there is none."""
    if code is None or code == "":
        return ""
    return table.get(code, str(code))


def date_de(iso: Optional[str]) -> str:
    """``2024-12-16`` → ``16.12.2024``; ``2024-12`` → ``12.2024``; anything else unchanged."""
    if not iso:
        return ""
    parts = iso[:10].split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[2]}.{parts[1]}.{parts[0]}"
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return f"{parts[1]}.{parts[0]}"
    return iso


def euro(value=None, cents: Optional[int] = None) -> str:
    """A sum in German notation: ``651.895,80 €``. Takes a decimal string or cents."""
    if cents is not None:
        amount = Decimal(cents) / 100
    elif value not in (None, ""):
        amount = Decimal(str(value))
    else:
        return ""
    return format_currency(amount, "EUR", locale="de_DE")


def euro_short(cents: float) -> str:
    """Axis labels: ``300.000 €``, ``1,2 Mio. €``."""
    amount = Decimal(cents) / 100
    if abs(amount) >= 1_000_000:
        return f"{format_decimal(amount / 1_000_000, format='#,##0.#', locale='de_DE')} Mio. €"
    return f"{format_decimal(amount, format='#,##0', locale='de_DE')} €"
