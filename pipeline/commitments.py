"""Commitments: what a body promises in a programme, and what became of the promise.

A journalist asks "what became of Leverkusen's 2021 promise to fund KIM case managers?". The
answer is a trail of resolutions: 2021/1121 (the city covers the extra cost, and the total cost
should the state stop), 2022/1410 (four more posts), 2024/3092 (both rescinded, 309.895,80 € a
year saved from 2025). This module derives that trail into the ``commitments`` table, one row
per thing a resolution commits to or withdraws, from facts already extracted:

* statements: the items of a paper's own Beschlussentwurf (``decisions``); for a paper known only
  by reference (a placeholder), the sentence in which a later paper reports its resolution
  ("Am 04.04.2022 hat der Rat ... beschlossen, dass ... (Vorlage Nr. 2022/1410)");
* what each statement commits to: the cue lexicons of :mod:`pipeline.commitment_cues`;
* posts from ``positions``, sums from ``amounts`` and their roles, the programme from the
  programme configuration (:mod:`extractors.programmes`), dates from consultations and from the
  resolution dates other papers cite;
* status over time from the papers' status (:func:`pipeline.link.derive_status`): a promise
  whose paper was rescinded is ``rescinded``, ended by that paper on its decision date.

It runs inside :func:`pipeline.link.link` after the paper status is derived, and rebuilds the
whole table each time, so the result does not depend on the order papers arrived in. Ids are
paper and kind, so a placeholder's commitment keeps its id when the real paper is ingested.
"""
from __future__ import annotations

import os
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence, Union

import regex
import yaml

from extractors import programmes as programmes_module
from extractors.programmes import (Programme, find_mentions, main_programme, programmes_for_law,
                                   programmes_from_config)

from . import commitment_cues as cues

# The packaged configuration, found next to the matcher (not through the package name, which a
# test folder called `extractors` can shadow).
DEFAULT_PROGRAMMES = Path(programmes_module.__file__).with_name("data") / "programmes.yml"
# Set to the path of a YAML file shaped like extractors/data/programmes.yml to use it instead.
PROGRAMMES_ENV = "RATSSPUR_PROGRAMMES"

# The sum each kind of commitment is about, by amount role (see ANNOTATION.md "amounts").
AMOUNT_ROLE = {"cover_extra_cost": "own_share", "create_posts": "own_share",
               "cover_total_cost": "cost", "rescind": "savings"}
# A sum printed in the promise itself may be a cost: "die Mehrkosten von 46.500 € ... zu decken".
ROLES_IN_STATEMENT = {"cover_extra_cost": ("own_share", "cost"), "create_posts": ("own_share", "cost"),
                      "cover_total_cost": ("cost",), "rescind": ("savings",)}
# Order in which commitments of one paper pick their sums: the extra-cost promise takes the own
# share before a post that the same paper creates could.
AMOUNT_ORDER = ("rescind", "cover_extra_cost", "cover_total_cost", "create_posts")
# "in seiner Sitzung am 1. Juli 2024": the meeting a recommended resolution is to be taken in.
NAMED_MEETING = regex.compile(r"Sitzung\s+(?:am|vom)\s*$")


def load_programmes(path: Union[str, Path, None] = None) -> tuple[Programme, ...]:
    """The programme configuration: ``path``, else $RATSSPUR_PROGRAMMES, else the packaged file."""
    path = Path(path or os.environ.get(PROGRAMMES_ENV) or DEFAULT_PROGRAMMES)
    return programmes_from_config(yaml.safe_load(path.read_text(encoding="utf-8")))


# --- what the derivation reads ------------------------------------------------------------------

@dataclass
class Paper:
    """One paper with the facts the derivation needs, read once."""

    id: str
    body_id: str
    date: Optional[str]
    subject: Optional[str]
    text: str
    placeholder: bool
    decided_on: Optional[str]
    decisions: list[dict] = field(default_factory=list)
    amounts: list[dict] = field(default_factory=list)
    positions: list[dict] = field(default_factory=list)
    references: list[dict] = field(default_factory=list)
    dates: list[dict] = field(default_factory=list)
    consultations: list[dict] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)
    pages: list[dict] = field(default_factory=list)


def read_paper(db, pid: str) -> Optional[Paper]:
    """The paper and its facts, each list in reading order."""
    row = next(db.query("SELECT * FROM papers WHERE id = ?", [pid]), None)
    if row is None:
        return None

    def facts(table: str, order: str = "start") -> list[dict]:
        return list(db.query(f"SELECT * FROM [{table}] WHERE paper_id = ? ORDER BY {order}", [pid]))

    return Paper(
        id=pid, body_id=row["body_id"], date=row["date"], subject=row["subject"],
        text=row["text"] or "", placeholder=bool(row["placeholder"]), decided_on=row["decided_on"],
        decisions=facts("decisions"), amounts=facts("amounts"), positions=facts("positions"),
        references=facts("references"), dates=facts("dates"), consultations=facts("consultations"),
        sections=facts("sections"), pages=facts("pages", "number"))


@dataclass
class Statement:
    """The text a commitment is read from: a decision item, or a sentence reporting a resolution."""

    paper: Paper  # whose resolution it states
    source: Paper  # whose text holds it (the same paper, or a later one reporting it)
    start: int
    end: int
    decision_id: Optional[str] = None
    decision_wording: Optional[str] = None

    @property
    def reported(self) -> bool:
        return self.source.id != self.paper.id

    @property
    def printed(self) -> str:
        return self.source.text[self.start:self.end]

    @property
    def wording(self) -> str:
        return self.decision_wording or self.printed

    def holds(self, fact: dict) -> bool:
        return self.start <= fact["start"] and fact["end"] <= self.end


@dataclass
class Commitment:
    """One row of the ``commitments`` table while it is being derived."""

    kind: str
    statement: Statement
    programme: Optional[str]
    date: Optional[str]
    date_basis: Optional[str]
    from_year: Optional[int]
    posts: Optional[float]
    posts_permanent: Optional[int]
    condition: Optional[str]
    withdraws: set[str] = field(default_factory=set)  # papers a rescinding statement names
    amount: Optional[dict] = None
    period: Optional[str] = None
    id: str = ""

    def row(self) -> dict:
        st = self.statement
        amount = self.amount or {}
        return {
            "id": self.id, "body_id": st.paper.body_id, "paper_id": st.paper.id,
            "programme": self.programme, "action": cues.ACTION[self.kind], "kind": self.kind,
            "date": self.date, "date_basis": self.date_basis,
            "amount_cents": amount.get("value_cents"), "amount_role": amount.get("role"),
            "amount_qualifier": amount.get("qualifier"), "period": self.period,
            "from_year": self.from_year, "posts": self.posts, "posts_permanent": self.posts_permanent,
            "condition": self.condition, "status": "active", "ended_by": None, "ended_on": None,
            "ended_by_commitment": None,  # until settle_status says otherwise
            "decision_id": st.decision_id,
            # A reporting paper's amounts are replaced when that paper is re-ingested: no link.
            "amount_id": amount.get("id") if amount and not st.reported else None,
            "source_paper_id": st.source.id, "page": _page(st.source, st.start),
            "start": st.start, "end": st.end, "quote": st.printed,
        }


def _page(paper: Paper, offset: int) -> Optional[int]:
    for page in paper.pages:
        if page["start"] <= offset < page["end"]:
            return page["number"]
    return paper.pages[-1]["number"] if paper.pages else None


# --- statements ---------------------------------------------------------------------------------

def own_statements(paper: Paper) -> list[Statement]:
    """The items of the paper's own Beschlussentwurf."""
    return [Statement(paper, paper, d["start"], d["end"], d["id"], d["text"]) for d in paper.decisions]


def reported_statements(paper: Paper, citing: Sequence[Paper]) -> list[Statement]:
    """Sentences of other papers that report this paper's resolution.

    A sentence counts when it cites this paper and no other, and speaks of a resolution taken
    ("hat ... beschlossen", "durch den Ratsbeschluss"): "Am 04.04.2022 hat der Rat ... beschlossen,
    dass die ... Mehrkosten für vier weitere Casemanagement-Stellen ... bereitgestellt werden
    sollen (Vorlage Nr. 2022/1410)." Sentences of the citing paper's own Beschlussentwurf are that
    paper's resolution, not a report.
    """
    found = []
    for source in citing:
        own = [(d["start"], d["end"]) for d in source.decisions]
        seen = set()
        for ref in source.references:
            if ref["target_paper_id"] != paper.id or ref["target_kind"] != "paper":
                continue
            start, end = cues.sentence_around(source.text, ref["start"], ref["end"])
            if (start, end) in seen or any(start < d_end and d_start < end for d_start, d_end in own):
                continue
            seen.add((start, end))
            cited = {r["target_paper_id"] for r in source.references
                     if r["target_kind"] == "paper" and r["target_paper_id"] not in (None, source.id)
                     and start <= r["start"] < end}
            if cited == {paper.id} and cues.reports_resolution(source.text[start:end]):
                found.append(Statement(paper, source, start, end))
    return found


# --- one statement → commitments ----------------------------------------------------------------

def _posts(statement: Statement) -> tuple[Optional[float], Optional[int]]:
    """Posts counted in the statement ("vier weitere Casemanagement-Stellen" → 4) and whether
    they are permanent; "N von M Stellen" counts N only (overlapping facts are skipped)."""
    total, permanent, last_end = None, None, -1
    for position in statement.source.positions:
        if not statement.holds(position) or position["start"] < last_end or position["count"] is None:
            continue
        total = (total or 0.0) + position["count"]
        last_end = position["end"]
        if position["permanent"] is not None:
            permanent = position["permanent"]
    return total, permanent


def _programme(statement: Statement, programmes: Sequence[Programme]) -> Optional[str]:
    """The programme the statement names; else the one its paper's subject names; else the one
    the source paper names most (statute sections configured for a programme count)."""
    for text in (statement.printed, statement.paper.subject, statement.source.subject):
        key = main_programme(m.key for m in find_mentions(text or "", programmes))
        if key:
            return key
    keys = [m.key for m in find_mentions(statement.source.text, programmes)]
    for ref in statement.source.references:
        if ref["target_kind"] == "law":
            keys.extend(programmes_for_law(ref["target"], programmes))
    return main_programme(keys)


def resolution_date(statement: Statement) -> tuple[Optional[str], Optional[str]]:
    """When the resolution was (to be) taken, and where that date comes from.

    The Beratungsfolge's deciding meeting; else ``papers.decided_on`` (the date later papers cite
    for the resolution, or the meeting that printed a result); else the council meeting the resolution names ("in seiner Sitzung am 1. Juli 2024"); else
    the last meeting of the Beratungsfolge (the last body decides); else, for a reported
    resolution, the date in the reporting sentence; else the paper's own date.
    """
    paper = statement.paper
    deciding = [c["date"] for c in paper.consultations
                if c["date"] and (c["role"] or "").lower().startswith("entscheid")]
    if deciding:
        return max(deciding), "decision_meeting"
    if paper.decided_on:
        return paper.decided_on, "decided_on"
    in_statement = [d for d in statement.source.dates if statement.holds(d) and d["date"]
                    and d["precision"] == "day"]
    for d in in_statement:
        if NAMED_MEETING.search(statement.source.text[max(0, d["start"] - 40):d["start"]]):
            return d["date"], "named_meeting"
    meetings = [c["date"] for c in paper.consultations if c["date"]]
    if meetings:
        return max(meetings), "last_consultation"
    if statement.reported and in_statement:
        return in_statement[0]["date"], "reported_date"
    if paper.date:
        return paper.date, "paper_date"
    return None, None


def commitments_of(statement: Statement, programmes: Sequence[Programme]) -> list[Commitment]:
    """Every commitment one statement makes or withdraws."""
    posts, permanent = _posts(statement)
    kinds = cues.commitment_kinds(statement.wording, has_posts=posts is not None)
    if statement.reported:  # a withdrawal reported by a later paper is that paper's own act
        kinds = [k for k in kinds if cues.ACTION[k] == "commit"]
    if not kinds:
        return []
    date, basis = resolution_date(statement)
    programme = _programme(statement, programmes)
    if permanent is None:
        permanent = cues.permanence_of(statement.wording)
    out = []
    for kind in kinds:
        count = posts
        if kind == "create_posts" and count is None and cues.one_post_named(statement.wording):
            count = 1.0
        out.append(Commitment(
            kind=kind, statement=statement, programme=programme, date=date, date_basis=basis,
            from_year=cues.from_year_in(statement.wording),
            posts=count if kind in ("create_posts", "cover_extra_cost", "cover_total_cost") else None,
            posts_permanent=permanent if kind == "create_posts" else None,
            condition=cues.condition_of(statement.wording) if kind != "rescind" else None,
            withdraws={r["target_paper_id"] for r in statement.source.references
                       if kind == "rescind" and r["target_kind"] == "paper" and statement.holds(r)
                       and r["target_paper_id"] and r["target_paper_id"] != statement.paper.id}))
    return out


# --- sums -----------------------------------------------------------------------------------------

def _section_at(paper: Paper, offset: int) -> Optional[str]:
    name = None
    for section in sorted(paper.sections, key=lambda s: s["start"]):
        if section["start"] > offset:
            break
        name = section["name"]
    return name


def _yearly(text: str, amount: dict) -> bool:
    return amount["period"] == "year" or (
        amount["period"] is None and cues.per_year_near(text, amount["start"], amount["end"]))


def attach_amounts(commitments: Sequence[Commitment]) -> None:
    """Give each commitment of one paper the sum it is about, each sum to one commitment.

    The sum must have the kind's role (:data:`AMOUNT_ROLE`). A sum printed inside the statement
    comes first; then one in the finance section (Finanzielle Auswirkungen), then a yearly one,
    then the first printed. A total-cost promise takes a cost printed with its condition ("bei
    Einstellung der Förderung"). A promise read from a reporting paper takes only sums printed in
    the reporting sentence. Posts take a yearly own share only (a one-off Eigenanteil belongs to
    an investment), and leave it to an extra-cost promise of the same paper.
    """
    used: set[str] = set()
    extra_cost_promised = any(c.kind == "cover_extra_cost" for c in commitments)
    for commitment in sorted(commitments, key=lambda c: (AMOUNT_ORDER.index(c.kind), c.statement.start)):
        if commitment.kind == "create_posts" and extra_cost_promised:
            continue
        st = commitment.statement
        text = st.source.text
        candidates = [a for a in st.source.amounts if a["id"] not in used and a["value_cents"] is not None
                      and (a["role"] == AMOUNT_ROLE[commitment.kind]
                           or st.holds(a) and a["role"] in ROLES_IN_STATEMENT[commitment.kind])]
        if st.reported:
            candidates = [a for a in candidates if st.holds(a)]
        if commitment.kind == "cover_total_cost":
            candidates = [a for a in candidates
                          if st.holds(a) or cues.condition_near(text, a["start"], a["end"])]
        if commitment.kind == "create_posts":  # posts cost every year: a one-off sum is another's
            candidates = [a for a in candidates if st.holds(a) or _yearly(text, a)]
        if not candidates:
            continue
        best = min(candidates, key=lambda a: (
            not st.holds(a), _section_at(st.source, a["start"]) != "finance", not _yearly(text, a),
            a["start"]))
        used.add(best["id"])
        commitment.amount = best
        commitment.period = best["period"] or ("year" if _yearly(text, best) else None)
        if commitment.from_year is None:
            commitment.from_year = cues.from_year_near(text, best["start"])


# --- status over time -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Withdrawal:
    """A rescinding commitment, as much of it as settling the status of what it ends needs."""

    id: str
    date: Optional[str]
    papers: frozenset[str]  # the papers its statement names


def settle_status(rows: Sequence[dict], endings: dict[str, dict],
                  withdrawals: dict[str, list[Withdrawal]]) -> None:
    """A promise whose paper was later rescinded (or amended) is ended by that paper.

    ``endings`` holds, per ended paper, ``rescinded_by``, ``amended_by`` and ``status_date`` as
    :func:`pipeline.link.derive_status` set them; ``withdrawals`` the rescinding commitments by
    paper. The end is dated by the withdrawing commitment's resolution date (else the paper's
    status date); an "end" dated before the promise itself is ignored.
    """
    for row in rows:
        ending = endings.get(row["paper_id"])
        if row["action"] != "commit" or not ending:
            continue
        ender = ending["rescinded_by"] or ending["amended_by"]
        by_ender = withdrawals.get(ender, [])
        naming = [w for w in by_ender if row["paper_id"] in w.papers] or by_ender
        ended_on = naming[0].date if naming else ending["status_date"]
        if row["date"] and ended_on and ended_on < row["date"]:
            continue
        row.update(status="rescinded" if ending["rescinded_by"] else "amended", ended_by=ender,
                   ended_on=ended_on, ended_by_commitment=naming[0].id if naming else None)


def assign_ids(commitments: Sequence[Commitment]) -> None:
    """`paper#kind`, then `paper#kind-2`, ... in the order the statements are printed."""
    counts: dict[tuple[str, str], int] = {}
    for c in sorted(commitments, key=lambda c: (c.statement.paper.id, c.statement.reported,
                                                c.statement.start, cues.KINDS.index(c.kind))):
        key = (c.statement.paper.id, c.kind)
        counts[key] = counts.get(key, 0) + 1
        c.id = f"{key[0]}#{key[1]}" + (f"-{counts[key]}" if counts[key] > 1 else "")


# --- the step -------------------------------------------------------------------------------------

def body_condition(column: str, body: Optional[str]) -> tuple[str, list]:
    """An SQL condition (with its parameters) restricting ``column`` to ``body``; none for None.
    Linking runs body by body (:mod:`pipeline.link`); None means every body at once."""
    return (f" AND {column} = ?", [body]) if body is not None else ("", [])


def clear_commitments(db, body: Optional[str] = None) -> None:
    """Remove the derived commitments of ``body`` (default: all), before placeholders they point
    at may be dropped."""
    where, params = body_condition("body_id", body)
    db.execute(f"DELETE FROM commitments WHERE 1 = 1{where}", params)


def derive_commitments(db, programmes: Optional[Sequence[Programme]] = None,
                       body: Optional[str] = None) -> int:
    """Rebuild the ``commitments`` of ``body`` (default: every body) from the facts; returns the
    number of rows. A commitment and the papers it is read from are always of one body.

    One paper at a time: its commitments become rows at once, so only the paper being read is
    held in memory, with the rows of one body.
    """
    programmes = load_programmes() if programmes is None else programmes
    clear_commitments(db, body)
    where_p, params = body_condition("p.body_id", body)
    rows: list[dict] = []
    withdrawals: dict[str, list[Withdrawal]] = {}

    def keep(commitments: list[Commitment]) -> None:
        assign_ids(commitments)
        for c in commitments:
            if c.kind == "rescind":
                withdrawals.setdefault(c.statement.paper.id, []).append(
                    Withdrawal(c.id, c.date, frozenset(c.withdraws)))
            rows.append(c.row())

    for (pid,) in db.execute("SELECT DISTINCT d.paper_id FROM decisions d JOIN papers p "
                             f"ON p.id = d.paper_id WHERE p.placeholder = 0{where_p} ORDER BY d.paper_id",
                             params):
        own = [c for st in own_statements(read_paper(db, pid)) for c in commitments_of(st, programmes)]
        attach_amounts(own)
        keep(own)

    # Papers with no resolution text of their own, known from what later papers report. A paper
    # that reports on several such papers is read once (a bounded cache keeps memory flat).
    paper = lru_cache(maxsize=128)(lambda pid: read_paper(db, pid))
    for (pid,) in db.execute(
            "SELECT DISTINCT r.target_paper_id FROM [references] r JOIN papers p ON p.id = r.target_paper_id "
            f"WHERE r.target_kind = 'paper' AND r.target_paper_id != r.paper_id{where_p} "
            "AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.paper_id = p.id) ORDER BY r.target_paper_id",
            params):
        citing_ids = [row[0] for row in db.execute(
            "SELECT DISTINCT r.paper_id FROM [references] r JOIN papers p ON p.id = r.paper_id "
            "WHERE r.target_paper_id = ? AND r.paper_id != ? ORDER BY p.date, r.paper_id", [pid, pid])]
        first_of_kind: dict[str, Commitment] = {}
        for source in citing_ids:  # several papers may report the same promise: the earliest tells it
            for st in reported_statements(paper(pid), [paper(source)]):
                for c in commitments_of(st, programmes):
                    first_of_kind.setdefault(c.kind, c)
        for c in first_of_kind.values():
            attach_amounts([c])
        keep(list(first_of_kind.values()))

    where, _ = body_condition("body_id", body)
    endings = {row["id"]: row for row in db.query(
        "SELECT id, rescinded_by, amended_by, status_date FROM papers "
        f"WHERE (rescinded_by IS NOT NULL OR amended_by IS NOT NULL){where}", params)}
    settle_status(rows, endings, withdrawals)
    rows.sort(key=lambda r: r["id"])
    if rows:
        db["commitments"].insert_all(rows, pk="id")
    return len(rows)
