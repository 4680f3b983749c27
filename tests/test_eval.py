"""The extractors against the gold files: the acceptance bar of issues #2 and #3 (macro F1 ≥ 0.95)."""
from pathlib import Path

import pytest

from pipeline.evaluate import Count, evaluate_dirs, score_document

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def report():
    return evaluate_dirs([ROOT / "tests" / "gold", ROOT / "tests" / "shapes"])


def test_seeds_macro_f1(report):
    result = report[str(ROOT / "tests" / "gold")]
    assert result["macro_f1"] >= 0.95, result["fields"]


def test_every_seed_field_is_scored(report):
    fields = set(report[str(ROOT / "tests" / "gold")]["fields"])
    assert {"paper.body", "paper.reference", "paper.type", "paper.date", "paper.subject",
            "consultations", "decisions", "amounts", "dates", "references.paper",
            "references.law"} <= fields


def test_own_shapes_macro_f1(report):
    result = report[str(ROOT / "tests" / "shapes")]
    assert len(result["documents"]) >= 20
    assert result["macro_f1"] >= 0.95, result["fields"]


def test_scoring_rules():
    gold = {"paper": {"reference": "2024/3092", "subject": "Haushalt „KIM“"},
            "amounts": [{"value": "1.00", "role": "cost"}, {"value": "1.00", "role": "cost"},
                        {"value": "9.00", "role": "cost", "ambiguous": True, "text": "9,0000 €"}],
            "dates": ["2024-01-01"],
            "references": [{"kind": "paper", "target": "2021/1121", "relation": "rescinds"}]}
    pred = {"paper": {"reference": "2024/3092 ", "subject": "haushalt \"KIM\""},
            "amounts": [{"value": "1.00", "role": "cost", "text": "1 €"},
                        {"value": "2.00", "role": "cost", "text": "2 €"},
                        {"value": "9.00", "role": "cost", "text": "9,0000 €"}],
            "dates": [{"date": "2024-01-01"}, {"date": "2024-01-02"}],
            "references": [{"kind": "paper", "target": "2021/1121", "relation": "mentions"}]}
    counts, accuracy = score_document(gold, pred)
    assert counts["paper.reference"].tp == 1 and counts["paper.subject"].tp == 1
    assert (counts["amounts"].tp, counts["amounts"].fp, counts["amounts"].fn) == (1, 1, 1)
    assert (counts["dates"].tp, counts["dates"].fp) == (1, 1)
    assert counts["references.paper"].tp == 1
    assert accuracy["references.relation"].right == 0
    assert Count(1, 1, 1).prf()["f1"] == 0.5


def test_ambiguous_references_are_not_scored():
    gold = {"references": [
        {"kind": "resolution", "target": None, "relation": "amends", "date": "2016-06-22", "ambiguous": True},
        {"kind": "paper", "target": "BV/0456/2021", "relation": "mentions", "date": None}]}
    found = {"references": [{"kind": "paper", "target": "BV/0456/2021", "relation": "mentions", "date": None}]}
    counts, _ = score_document(gold, found)
    assert counts["references.resolution"] == Count(0, 0, 0)  # missing it is no error
    assert counts["references.paper"] == Count(1, 0, 0)
    found["references"].append({"kind": "resolution", "target": None, "relation": "mentions", "date": "2016-06-22"})
    counts, _ = score_document(gold, found)
    assert counts["references.resolution"] == Count(0, 0, 0)  # finding it is none either
