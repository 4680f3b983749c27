"""Staffing counts (Stellen, VZÄ): table-driven phrases, own shapes, seeds, robustness."""
from __future__ import annotations

import csv
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import positions
from pipeline.normalize import normalize
from tests.extractors.annotate import parse_annotated

ROOT = Path(__file__).resolve().parents[2]
SHAPES = ROOT / "tests" / "shapes"




# (annotated text, [(count, unit, permanent, description), ...])
CASES = [
    ("die Einrichtung <0>einer neuen unbefristeten Vollzeitstelle</0> als Case-Manager",
     [("1", "Stelle", True, "Vollzeitstelle")]),
    ("Mehrkosten für <0>vier weitere Casemanagement-Stellen</0> im Förderbaustein 2",
     [("4", "Stelle", None, "Casemanagement-Stellen")]),
    ("Das Land fördert maximal <0>2,5 Stellen</0> zur Koordination sowie <1>0,5 Stelle</1> für Assistenz",
     [("2.5", "Stelle", None, "Stellen"), ("0.5", "Stelle", None, "Stelle")]),
    ("Ausländerbehörde und Integration <0>drei 0,75 Stellen</0> mit einer jährlichen Förderung",
     [("2.25", "Stelle", None, "3 × 0,75 Stellen")]),
    ("insgesamt stehen ( <0>18 VZÄ</0> a´57.000,-- € ) zur Verfügung; bis zu <1>1,173 VZÄen</1>",
     [("18", "VZÄ", None, "VZÄ"), ("1.173", "VZÄ", None, "VZÄen")]),
    ("zeitweise <0>7,0 Stellen</0> - aktuell <1>6,0 Stellen</1> - bei den Trägern",
     [("7.0", "Stelle", None, "Stellen"), ("6.0", "Stelle", None, "Stellen")]),
    ("Zunächst waren <0>3,0 von <1>5,0 geförderten Casemanagement-Stellen</0></1> bei den Trägern",
     [("3.0", "Stelle", None, "Casemanagement-Stellen"), ("5.0", "Stelle", None, "Casemanagement-Stellen")]),
    ("Im Jugendamt ist <0>eine halbe Stelle</0> vorgesehen; <1>zwölf Stellen</1> bleiben.",
     [("0.5", "Stelle", None, "Stelle"), ("12", "Stelle", None, "Stellen")]),
    ("Es werden <0>zwei befristete Stellen</0> für drei Jahre und <1>1,5 Stellen</1> (befristet bis 2027) benötigt.",
     [("2", "Stelle", False, "Stellen"), ("1.5", "Stelle", False, "Stellen")]),
    ("Bereich Einbürgerung: <0>3 Vollzeit-Planstellen</0> und <1>½ Vollzeit-Planstelle</1>",
     [("3", "Stelle", None, "Vollzeit-Planstellen"), ("0.5", "Stelle", None, "Vollzeit-Planstelle")]),
    ("Förderung von bis zu <0>neun\nPersonalstellen</0> für rechtskreisübergreifendes Casemanagement",
     [("9", "Stelle", None, "Personalstellen")]),
    ("Dazu kommen <0>eineinhalb Stellenanteile</0> im Sozialamt.",
     [("1.5", "Stelle", None, "Stellenanteile")]),
    # Full-time equivalents as Bavarian and hospital papers count them; a share's article.
    ("Einrichtung von <0>2,0 VK</0> (Vollkräfte) im Pflegedienst", [("2.0", "VZÄ", None, "VK")]),
    ("Hierfür werden <0>drei Vollkräfte</0> benötigt.", [("3", "VZÄ", None, "Vollkräfte")]),
    # The eastern states count "Vollbeschäftigteneinheiten".
    ("Es werden <0>2,5 VbE</0> benötigt, insgesamt <1>4,0 Vollbeschäftigteneinheiten</1> und <2>1,5 VzE</2>.",
     [("2.5", "VZÄ", None, "VbE"), ("4.0", "VZÄ", None, "Vollbeschäftigteneinheiten"), ("1.5", "VZÄ", None, "VzE")]),
    ("Die Aufgabe wird mit einem Stellenanteil von 50 % wahrgenommen.", []),
]


@pytest.mark.parametrize("annotated, expected", CASES)
def test_phrases(annotated, expected):
    text, spans = parse_annotated(annotated)
    found = positions.extract(text)
    assert [(str(p.count), p.unit, p.permanent, p.description) for p in found] == expected
    assert [(p.start, p.end) for p in found] == spans
    assert all(p.text == text[p.start:p.end] for p in found)


@pytest.mark.parametrize("text", [
    "Der Stellenplan 2025 wird ergänzt.",
    "Über die Stellungnahme des Personalrats wird berichtet.",
    "An dieser Stelle sei auf die Anlage verwiesen; an einer Stelle fehlt ein Wert.",
    "Die Förderung beträgt pro Stelle 57.000 € pro Jahr, je Stelle also 57.000 €.",
    "Kostenstelle 120550, Finanzstelle 4711, die Beratungsstelle und die Stabsstelle Soziales.",
    "Im Förderbaustein 2 stehen für die Träger Mittel bereit; die fünfte Stelle folgt.",
    "Die Stellen werden im Oktober besetzt. Dienststellen und Schnittstellen.",
    "Im Jahr 2024 wurden 2024 Stellen ausgeschrieben? Nein: Sachkonto 549900 Stellen.",
])
def test_not_posts(text):
    assert positions.extract(text) == []


# --- own shapes: a "positions" key scored as a multiset of (count, unit) plus permanence --------

def score(expected: list[dict], found: list) -> dict:
    """Multiset of (count, unit) as in the amounts rule; then ``permanent`` on the matched ones."""
    gold = Counter((Decimal(e["count"]), e["unit"]) for e in expected)
    got = Counter((p.count, p.unit) for p in found)
    tp = sum((gold & got).values())
    precision = tp / sum(got.values()) if got else 1.0
    recall = tp / sum(gold.values()) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    permanence = [(e["count"], e["permanent"], p.permanent) for e, p in zip(expected, found)
                  if "permanent" in e and e["permanent"] != p.permanent]
    return {"f1": f1, "wrong_permanent": permanence}


@pytest.mark.parametrize("gold_path", sorted(SHAPES.glob("positions-*.json")), ids=lambda p: p.stem)
def test_shapes(gold_path):
    expected = json.loads(gold_path.read_text(encoding="utf-8"))["positions"]
    text = normalize(gold_path.with_suffix(".txt").read_text(encoding="utf-8")).text
    found = positions.extract(text)
    result = score(expected, found)
    assert result["f1"] == 1.0 and not result["wrong_permanent"], (result, found)
    assert [e["text"] for e in expected if "text" in e] == [p.text for p in found]


def _seed_texts():
    with (ROOT / "tests" / "gold" / "MANIFEST.csv").open(encoding="utf-8") as handle:
        return {row["corpus_path"]: normalize((ROOT / row["corpus_path"]).read_text(encoding="utf-8")).text
                for row in csv.DictReader(handle)}


def test_seed_counts():
    """The counts the seeds print, by hand: "neun Personalstellen", "drei 0,75 Stellen", "18 VZÄ"."""
    texts = _seed_texts()
    counts = {path: sorted((str(p.count), p.unit) for p in positions.extract(text)) for path, text in texts.items()}
    assert counts["corpus/siegburg/3360-VIII.txt"] == [
        ("1", "Stelle"), ("1.173", "VZÄ"), ("1.3", "Stelle"), ("18", "VZÄ")]
    assert ("2.25", "Stelle") in counts["corpus/leverkusen/2021-1121.txt"]
    assert ("4", "Stelle") in counts["corpus/leverkusen/2024-3092.txt"]
    hueckeswagen = positions.extract(texts["corpus/hueckeswagen/FB-II-4753-2023.txt"])
    assert hueckeswagen[0].permanent is True and hueckeswagen[0].description == "Vollzeitstelle"


# --- robustness -------------------------------------------------------------------------------

WORDS = ["eine", "halbe", "drei", "0,75", "2,5", "Stelle", "Stellen", "VZÄ", "von", "neue", "befristet",
         "unbefristete", "Vollzeitstelle", "Stellenplan", "an", "dieser", "½", "x", ",", "\n", "-Stellen"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30), st.text(max_size=30))
def test_never_raises_and_spans_hold(words, noise):
    text = " ".join(words) + noise
    found = positions.extract(text)
    assert [p.start for p in found] == sorted(p.start for p in found)
    assert all(p.text == text[p.start:p.end] and p.count is not None and p.count >= 0 for p in found)
    assert all(p.unit in ("Stelle", "VZÄ") for p in found)


def test_odd_inputs():
    assert positions.extract(None) == []  # type: ignore[arg-type]
    assert positions.extract("") == []
    assert len(positions.extract("zwei Stellen. " * 5000)) == 5000
