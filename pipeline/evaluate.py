"""Score the extractors against gold files: precision, recall and F1 per field, macro F1 per set.

Scoring rules (issue #2): paper fields exact after folding case, quotes and whitespace (subject:
similarity ≥ 0.9); consultations match on equal date and organisation similarity ≥ 0.85;
decisions on text similarity ≥ 0.9; amounts as a multiset of values plus role accuracy on the
matched ones; dates as a set of ISO days; paper references by target plus relation accuracy;
law references by normalised target. A gold file scores only the keys it has, so a small
"shape" paper can test just its amounts.
"""
from __future__ import annotations

import csv
import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

import regex

PAPER_FIELDS = ("body", "reference", "type", "date", "subject", "parent")
QUOTES = regex.compile(r"[\"'„“”‚‘’«»`´]")


def fold(value) -> Optional[str]:
    """Case, quotes and whitespace do not count."""
    if value is None:
        return None
    return " ".join(QUOTES.sub('"', str(value)).casefold().split())


def similarity(a: Optional[str], b: Optional[str]) -> float:
    if a is None or b is None:
        return 0.0
    return difflib.SequenceMatcher(None, fold(a), fold(b), autojunk=False).ratio()


@dataclass
class Count:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Count") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def scored(self) -> bool:
        return bool(self.tp or self.fp or self.fn)

    def prf(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(p, 4),
                "recall": round(r, 4), "f1": round(f, 4)}


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    def add(self, other: "Accuracy") -> None:
        self.right += other.right
        self.total += other.total


def _greedy_match(gold: list, pred: list, score, threshold: float) -> list[tuple[int, int]]:
    """Pairs (gold index, predicted index) matched best-first above the threshold."""
    candidates = sorted(((score(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)),
                        reverse=True)
    used_g, used_p, pairs = set(), set(), []
    for value, gi, pi in candidates:
        if value < threshold or gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def _count_pairs(gold: list, pred: list, pairs) -> Count:
    return Count(len(pairs), len(pred) - len(pairs), len(gold) - len(pairs))


def _score_multiset(gold: list, found: list, *, key, attribute: str) -> tuple[Count, Accuracy]:
    """Facts compared as a multiset of keys (the same sum twice is two facts); the attribute's
    accuracy pairs the n-th gold and the n-th found fact of each key."""
    gold_by_key: dict = {}
    found_by_key: dict = {}
    for item in gold:
        gold_by_key.setdefault(key(item), []).append(item)
    for item in found:
        found_by_key.setdefault(key(item), []).append(item)
    tp = sum(min(len(items), len(found_by_key.get(k, []))) for k, items in gold_by_key.items())
    accuracy = Accuracy()
    for k, expected in gold_by_key.items():
        for e, f in zip(expected, found_by_key.get(k, [])):
            accuracy.total += 1
            accuracy.right += e.get(attribute) == f.get(attribute)
    return Count(tp, len(found) - tp, len(gold) - tp), accuracy


def score_paper_field(name: str, gold: dict, pred: dict) -> Count:
    expected, found = gold.get(name), pred.get(name)
    if name == "subject":
        options = [expected] + list(gold.get("subject_alternatives", []))
        right = expected is not None and any(similarity(o, found) >= 0.9 for o in options if o)
    else:
        right = fold(expected) == fold(found)
    if right:
        return Count(tp=1) if expected is not None else Count()
    return Count(fp=int(found is not None), fn=int(expected is not None))


def score_document(gold: dict, pred: dict) -> tuple[dict[str, Count], dict[str, Accuracy]]:
    """Counts per field and accuracies for one document, over the keys the gold file has."""
    counts: dict[str, Count] = {}
    accuracy: dict[str, Accuracy] = {}
    if "paper" in gold:
        for name in PAPER_FIELDS:
            if name in gold["paper"]:
                counts[f"paper.{name}"] = score_paper_field(name, gold["paper"], pred.get("paper", {}))

    if "consultations" in gold:
        g, p = gold["consultations"], pred.get("consultations", [])
        pairs = _greedy_match(g, p, lambda a, b: similarity(a["organization"], b["organization"])
                              if a.get("date") == b.get("date") else 0.0, 0.85)
        counts["consultations"] = _count_pairs(g, p, pairs)
        for key in ("role", "public"):
            acc = accuracy.setdefault(f"consultations.{key}", Accuracy())
            for gi, pi in pairs:
                acc.total += 1
                acc.right += fold(g[gi].get(key)) == fold(p[pi].get(key))

    if "decisions" in gold:
        g, p = gold["decisions"], pred.get("decisions", [])
        pairs = _greedy_match(g, p, lambda a, b: similarity(a["text"], b["text"]), 0.9)
        counts["decisions"] = _count_pairs(g, p, pairs)

    if "amounts" in gold:
        ambiguous_texts = {fold(a.get("text")) for a in gold["amounts"] if a.get("ambiguous")}
        g = [a for a in gold["amounts"] if not a.get("ambiguous")]
        p = [a for a in pred.get("amounts", []) if fold(a.get("text")) not in ambiguous_texts]
        counts["amounts"], accuracy["amounts.role"] = _score_multiset(
            g, p, key=lambda a: a["value"], attribute="role")

    if "positions" in gold:
        # Staffing as a multiset of (count, unit); `permanent` accuracy on the matched ones.
        counts["positions"], accuracy["positions.permanent"] = _score_multiset(
            gold["positions"], pred.get("positions", []), attribute="permanent",
            key=lambda p: (f"{float(p['count']):.3f}" if p.get("count") is not None else None, p.get("unit")))

    if "dates" in gold:
        expected = {d if isinstance(d, str) else d["date"] for d in gold["dates"]}
        found = {d["date"] for d in pred.get("dates", []) if d.get("precision", "day") == "day" and d.get("date")}
        counts["dates"] = Count(len(expected & found), len(found - expected), len(expected - found))

    if "references" in gold:
        for kind, field in (("paper", "references.paper"), ("law", "references.law"),
                            ("attachment", "references.attachment"),
                            ("resolution", "references.resolution")):
            key = (lambda r: r.get("date")) if kind == "resolution" else (lambda r: fold(_law(r.get("target"))))
            # An ambiguous gold reference is ignored, and so is a found one with its key, as for amounts.
            ambiguous = {key(r) for r in gold["references"] if r["kind"] == kind and r.get("ambiguous")}
            g = {key(r): r for r in gold["references"] if r["kind"] == kind and not r.get("ambiguous")}
            p = {key(r): r for r in pred.get("references", []) if r["kind"] == kind and key(r) not in ambiguous}
            counts[field] = Count(len(g.keys() & p.keys()), len(p.keys() - g.keys()), len(g.keys() - p.keys()))
            if kind == "paper":
                acc = accuracy.setdefault("references.relation", Accuracy())
                for target in g.keys() & p.keys():
                    acc.total += 1
                    acc.right += g[target]["relation"] == p[target]["relation"]
    return counts, accuracy


def _law(target: Optional[str]) -> Optional[str]:
    """`§9 TIntG`, `§ 9 TIntG` and `§ 9 Abs. 1 TIntG`-free spacing compare equal."""
    return regex.sub(r"§\s*", "§ ", target) if target else target


# --- sets of gold files ----------------------------------------------------------------------

def gold_pairs(directory: Path) -> list[tuple[Path, Path]]:
    """(gold json, paper file) pairs: from MANIFEST.csv, else a .txt/.md/.pdf beside each .json."""
    manifest = directory / "MANIFEST.csv"
    if manifest.exists():
        root = _project_root(directory)
        with manifest.open(encoding="utf-8") as handle:
            return [(directory / row["gold"], root / row["corpus_path"]) for row in csv.DictReader(handle)]
    pairs = []
    for gold in sorted(directory.glob("*.json")):
        for suffix in (".txt", ".md", ".pdf"):
            paper = gold.with_suffix(suffix)
            if paper.exists():
                pairs.append((gold, paper))
                break
    return pairs


def _project_root(directory: Path) -> Path:
    for candidate in [directory, *directory.resolve().parents]:
        if (candidate / "corpus").is_dir():
            return candidate
    return Path.cwd()


def linked_parents(paper_paths: list[Path]) -> dict[str, Optional[str]]:
    """Ingest the papers of a gold set together and return each file's parent reference as the
    linking stage resolved it: an Anlage that names its parent only by title ("Anlage 4 zum
    Beschlussentwurf …") gets its parent once the set holds that paper, as in a real corpus."""
    import tempfile

    import schema
    from .ingest import ingest

    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "eval.db"
        ingest(paper_paths, db_path)
        db = schema.connect(db_path, create=False)
        rows = db.execute(
            "SELECT f.path, parent.reference FROM files f JOIN papers p ON p.id = f.paper_id "
            "LEFT JOIN papers parent ON parent.id = p.parent_id").fetchall()
        db.close()
    return {path: reference for path, reference in rows}


def evaluate_dirs(directories: Iterable[Path]) -> dict:
    from .extract import to_record
    from .ingest import Failure, process_file

    report = {}
    for directory in directories:
        totals: dict[str, Count] = {}
        accuracies: dict[str, Accuracy] = {}
        documents = {}
        pairs = gold_pairs(directory)
        parents = linked_parents([paper for _, paper in pairs])
        for gold_path, paper_path in pairs:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            outcome = process_file(str(paper_path))
            pred = {} if isinstance(outcome, Failure) else to_record(
                outcome.source, outcome.document, outcome.extraction)
            if pred and not pred["paper"].get("parent"):
                pred["paper"]["parent"] = parents.get(str(paper_path))
            counts, accuracy = score_document(gold, pred)
            for name, count in counts.items():
                totals.setdefault(name, Count()).add(count)
            for name, acc in accuracy.items():
                accuracies.setdefault(name, Accuracy()).add(acc)
            doc_scores = [c.prf()["f1"] for c in counts.values() if c.scored]
            documents[gold_path.stem] = round(sum(doc_scores) / len(doc_scores), 4) if doc_scores else None
        fields = {name: count.prf() for name, count in sorted(totals.items()) if count.scored}
        acc = {name: round(a.right / a.total, 4) for name, a in sorted(accuracies.items()) if a.total}
        f1s = [f["f1"] for f in fields.values()]
        report[str(directory)] = {
            "fields": fields, "accuracy": acc, "documents": documents,
            "macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else None,
        }
    return report


def format_report(report: dict) -> str:
    lines = []
    for name, result in report.items():
        lines.append(f"== {name}: macro F1 {result['macro_f1']}")
        lines.append(f"{'field':28} {'P':>7} {'R':>7} {'F1':>7}   tp  fp  fn")
        for field, s in result["fields"].items():
            lines.append(f"{field:28} {s['precision']:7.3f} {s['recall']:7.3f} {s['f1']:7.3f} "
                         f"{s['tp']:4d}{s['fp']:4d}{s['fn']:4d}")
        for field, value in result["accuracy"].items():
            lines.append(f"{field + ' (accuracy)':28} {value:23.3f}")
        lines.append("per document (mean F1 over its scored fields):")
        for doc, value in result["documents"].items():
            lines.append(f"  {doc:40} {value if value is not None else 'n/a'}")
    return "\n".join(lines)
