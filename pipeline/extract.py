"""Run every extractor over one document and shape the result.

The extractors are independent pure functions; this module finds the sections once, hands them
to the extractors that need them, and turns the facts into the JSON record of the extraction
contract (the shape of ``tests/gold/*.json``), each fact with its page and character span.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Optional

from extractors import (amounts, consultations, dates, decisions, entities, genre, header, positions,
                        references, sections)
from extractors.facts import (Amount, Consultation, DateMention, Decision, Entity, HeaderField,
                              Position, Reference, Section)

from .document import Document
from .sources import SourceFile

HEADER_FIELDS = ("body", "reference", "type", "date", "subject", "parent")


@dataclass
class Extraction:
    """Everything the extractors found in one paper."""

    header: dict[str, HeaderField] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    consultations: list[Consultation] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)  # every mention
    positions: list[Position] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)

    def value(self, name: str) -> Optional[str]:
        found = self.header.get(name)
        return found.value if found else None

    def fact_count(self) -> dict[str, int]:
        counts = {name: len(getattr(self, name)) for name in (
            "consultations", "decisions", "amounts", "dates", "references", "positions", "entities")}
        counts["header"] = len(self.header)
        return counts


@lru_cache(maxsize=1)
def configured_programmes():
    """The funding programmes of ``programmes.yml`` (or $RATSSPUR_PROGRAMMES), read once."""
    from .commitments import load_programmes

    return load_programmes()


def _call(name: str, extractor: Callable, *args, **kwargs):
    return extractor(*args, **kwargs)


def extract_text(text: str, run: Callable = _call) -> Extraction:
    """Run the extractors over a cleaned text. Each runs as ``run(name, extractor, *args,
    **kwargs)``: called directly, or timed by the benchmark (``python -m pipeline.bench stages``)."""
    found_sections = run("sections", sections.find_sections, text)
    header_fields = {f.field: f for f in run("header", header.extract, text, found_sections)}
    own_reference = header_fields["reference"].value if "reference" in header_fields else None
    return Extraction(
        header=header_fields,
        sections=found_sections,
        consultations=run("consultations", consultations.extract, text, found_sections),
        decisions=run("decisions", decisions.extract, text, found_sections),
        amounts=run("amounts", amounts.extract, text, found_sections),
        dates=run("dates", dates.extract, text, found_sections),
        references=run("references", references.extract, text, found_sections,
                       own_reference=own_reference),
        positions=run("positions", positions.extract, text, found_sections),
        entities=run("entities", entities.extract, text, found_sections,
                     programmes=configured_programmes()),
    )


def body_from_metadata(metadata: dict[str, str]) -> Optional[str]:
    """The body named in a PDF's document info, read with the same letterhead rules as the text
    (Creator "Stadtverwaltung Koblenz" → Koblenz); personal names and tool names give nothing."""
    for key in ("Creator", "Producer", "Author", "Subject"):
        value = metadata.get(key)
        if value:
            found = header.header_values(header.extract(value)).get("body")
            if found:
                return found
    return None


def looks_like_council_paper(text: str, extraction: Extraction) -> bool:
    """A file is taken as a council paper when the extractors or the vocabulary say so."""
    structural = bool(extraction.header.get("reference") or extraction.consultations
                      or extraction.decisions or extraction.header.get("type"))
    return structural or genre.is_council_text(text)


# --- the JSON record of `ratsspur extract` ----------------------------------------------------

def _span(fact, document: Document) -> dict:
    return {"start": fact.start, "end": fact.end, "page": document.page_at(fact.start)}


def _iso(value) -> Optional[str]:
    return value.isoformat() if value is not None else None


def _money(value) -> Optional[str]:
    return f"{value:.2f}" if value is not None else None


def to_record(source: SourceFile, document: Document, extraction: Extraction) -> dict:
    """The extraction as one JSON-ready dict in the shape of the gold files, with provenance."""
    paper = {name: extraction.value(name) for name in HEADER_FIELDS}
    paper["spans"] = {name: _span(f, document) for name, f in extraction.header.items()}
    for extra in ("attachment_label", "attachment_of_title"):
        if extra in extraction.header:
            paper[extra] = extraction.value(extra)
    return {
        "source": {"path": source.path, "sha256": source.sha256, "pages": len(document.pages)},
        "paper": paper,
        "consultations": [
            {"organization": c.organization, "date": _iso(c.date), "role": c.role, "public": c.public,
             "result": c.result, "agenda_item": c.agenda_item, "text": c.text, **_span(c, document)}
            for c in extraction.consultations
        ],
        "decisions": [
            {"number": d.number, "text": d.wording, **_span(d, document)} for d in extraction.decisions
        ],
        "amounts": [
            {"value": _money(a.value), "currency": a.currency, "role": a.role,
             **({"qualifier": a.qualifier} if a.qualifier else {}),
             **({"period": a.period} if a.period else {}),
             **({"per_unit": a.per_unit} if a.per_unit else {}),
             **({"range_end": _money(a.range_end)} if a.range_end is not None else {}),
             "text": a.text, **_span(a, document)}
            for a in extraction.amounts
        ],
        "dates": [
            {"date": _iso(d.date), "precision": d.precision, "text": d.text, **_span(d, document)}
            for d in extraction.dates
        ],
        "references": [
            {"kind": r.target_kind, "target": r.target, "relation": r.relation, "date": _iso(r.date),
             "text": r.text, **_span(r, document)}
            for r in references.merge(extraction.references)
        ],
        "positions": [
            {"count": float(p.count) if p.count is not None else None, "unit": p.unit,
             "description": p.description, "permanent": p.permanent, "text": p.text,
             **_span(p, document)}
            for p in extraction.positions
        ],
        "entities": [
            {"label": e.label, "name": e.name, "text": e.text, **_span(e, document)}
            for e in extraction.entities
        ],
    }
