"""The typed facts every extractor returns: one frozen dataclass per kind, all with a span.

``start``/``end`` are character offsets into the paper's stored (normalised) text and
``text`` is ``stored_text[start:end]``: the quote a journalist can cite. The page is not known
here; the pipeline derives it from ``start``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date as Date
from decimal import Decimal
from typing import ClassVar, Optional


@dataclass(frozen=True)
class Fact:
    """Base of every fact: where it stands in the text and what it quotes."""

    kind: ClassVar[str] = "fact"
    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        """Plain JSON-ready dict (Decimal and date become strings)."""
        out = {"kind": self.kind}
        for key, value in asdict(self).items():
            if isinstance(value, Decimal):
                value = f"{value:.2f}"
            elif isinstance(value, Date):
                value = value.isoformat()
            out[key] = value
        return out


@dataclass(frozen=True)
class Section(Fact):
    """A titled part of a paper (Betreff, Beschlussentwurf, Begründung, ...).

    ``name`` is the canonical key (``subject``, ``resolution``, ``reasoning``, ``finance``,
    ``facts``, ``consultation``, ``signature``, ...); ``heading`` the heading as printed. The span
    (``start``/``end``/``text``) is the heading; ``body_start``/``body_end`` the section's body
    (``body_end`` 0 means "up to ``end``", for sections found before this field existed).
    """

    kind: ClassVar[str] = "section"
    name: str = ""
    heading: str = ""
    body_start: int = 0
    body_end: int = 0


@dataclass(frozen=True)
class HeaderField(Fact):
    """One field of the paper's own header: body, reference, type, date, subject or parent.

    ``value`` is the cleaned value (ISO string for ``date``; the canonical short name for
    ``body``); the span points at where it is printed.
    """

    kind: ClassVar[str] = "header"
    field: str = ""
    value: Optional[str] = None


@dataclass(frozen=True)
class Consultation(Fact):
    """One row of the Beratungsfolge (consultation sequence): who deals with the paper when."""

    kind: ClassVar[str] = "consultation"
    organization: str = ""
    date: Optional[Date] = None
    role: Optional[str] = None
    public: Optional[bool] = None
    result: Optional[str] = None
    agenda_item: Optional[str] = None


@dataclass(frozen=True)
class Decision(Fact):
    """One item of the Beschlussentwurf (draft resolution); ``text`` here is the repaired item text,
    the span covers it as printed."""

    kind: ClassVar[str] = "decision"
    number: str = "1"
    wording: str = ""


@dataclass(frozen=True)
class Amount(Fact):
    """A sum of money: value in euros, its role in the measure, and how exact it is."""

    kind: ClassVar[str] = "amount"
    value: Optional[Decimal] = None
    currency: str = "EUR"
    role: str = "other"
    qualifier: Optional[str] = None  # approx | max | min
    period: Optional[str] = None  # year | month | once | None
    per_unit: Optional[str] = None  # e.g. "Stelle" for "pro Stelle"
    range_end: Optional[Decimal] = None  # for "10.000 bis 15.000 €"


@dataclass(frozen=True)
class DateMention(Fact):
    """A calendar date written in the text; ``precision`` is day, month or year."""

    kind: ClassVar[str] = "date"
    date: Optional[Date] = None
    precision: str = "day"
    end_date: Optional[Date] = None  # for spans like 3./4.12.2025


@dataclass(frozen=True)
class Reference(Fact):
    """A pointer to something outside this sentence: another paper, a resolution, a law, an Anlage.

    ``kind_of_target``: paper | resolution | law | attachment. ``target`` is the paper number as
    printed (whitespace collapsed), ``§ 9 TIntG`` for laws, ``Anlage 3`` for attachments, None for a
    resolution known only by date. ``relation``: rescinds > amends > based_on > mentions.
    """

    kind: ClassVar[str] = "reference"
    target_kind: str = "paper"
    target: Optional[str] = None
    relation: str = "mentions"
    date: Optional[Date] = None
    organization: Optional[str] = None  # who resolved, e.g. "Rat", when printed


@dataclass(frozen=True)
class Position(Fact):
    """Staffing: a number of posts (Stellen) or full-time equivalents (VZÄ)."""

    kind: ClassVar[str] = "position"
    count: Optional[Decimal] = None
    unit: str = "Stelle"  # Stelle | VZÄ
    description: Optional[str] = None
    permanent: Optional[bool] = None


@dataclass(frozen=True)
class Entity(Fact):
    """A named organisation, programme, committee or person (who signed)."""

    kind: ClassVar[str] = "entity"
    label: str = "ORG"  # ORG | PROGRAMME | COMMITTEE | PERSON | AUTHORITY
    name: str = ""  # canonical name


FACT_KINDS = {cls.kind: cls for cls in (Section, HeaderField, Consultation, Decision, Amount,
                                        DateMention, Reference, Position, Entity)}
