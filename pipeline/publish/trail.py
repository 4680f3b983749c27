"""The trail of a paper (``/-/trail/{body}/{slug}``), the index of trails (``/-/trail``) and a
paper's source text with one quoted span marked (``/-/source/{body}/{slug}?start=&end=``)."""
from __future__ import annotations

from urllib.parse import quote

from datasette.utils import tilde_encode
from datasette.utils.asgi import NotFound

from . import data, labels
from .highlight import page_of, render_pages, valid_span
from .pages import (commitment_row, database, int_arg, paper_label, paper_ref, render, source_url,
                    timeline_url, trail_url)


# --- the trail of one paper ---------------------------------------------------------------------

def status_lines(paper: dict, linked: dict, datasette) -> list[dict]:
    """The paper's status in words: aufgehoben durch X am …, geändert durch …, beschlossen am …"""
    lines = []
    for column, text, kind in (("rescinded_by", "aufgehoben durch", "rescinded"),
                               ("amended_by", "geändert durch", "amended")):
        other = linked.get(paper.get(column))
        if other:
            date = paper["status_date"] if paper["status"] == kind else None
            lines.append({"kind": kind, "text": text, "paper": paper_ref(datasette, other),
                          "date": labels.date_de(date)})
    if paper.get("decided_on"):
        lines.append({"kind": "decided", "text": "beschlossen", "date": labels.date_de(paper["decided_on"])})
    if not lines and paper.get("status"):
        lines.append({"kind": paper["status"], "text": labels.label(labels.STATUS, paper["status"])})
    if paper.get("withdrawn"):
        lines.append({"kind": "withdrawn", "text": "Datei nicht mehr im Korpus"})
    return lines


# Strongest first: a paper that both rescinds and mentions another is shown as rescinding it.
RELATION_STRENGTH = ("rescinds", "amends", "based_on", "mentions")


def _strength(relation: str) -> int:
    return RELATION_STRENGTH.index(relation) if relation in RELATION_STRENGTH else len(RELATION_STRENGTH)


def trail_events(datasette, paper: dict, rows: list[dict], decided: dict) -> list[dict]:
    """The paper itself and every paper it cites or that cites it, as one list sorted by date.

    Several references between the same two papers become one event with the strongest relation
    and every quote. A cited paper stands at the date of its cited resolution (else its own
    date); a citing paper at the date its own resolution is taken (else its own date)."""
    events = []
    if paper.get("date"):
        events.append({"kind": "self", "date": paper["date"], "label": "Diese Vorlage", "order": 1})
    if paper.get("decided_on") and paper["decided_on"] != paper.get("date"):
        events.append({"kind": "self", "date": paper["decided_on"], "label": "Diese Vorlage: Beschluss",
                       "order": 1})
    grouped: dict[tuple, dict] = {}
    for row in sorted(rows, key=lambda r: (r["start"] is None, r["start"] or 0)):
        direction, relation = row["direction"], row["relation"] or "mentions"
        event = grouped.get((direction, row["other_paper_id"]))
        if event is None:
            other = {"body_id": row["other_body_id"], "slug": row["other_slug"], "id": row["other_paper_id"],
                     "reference": row["other_reference"], "subject": row["other_subject"],
                     "placeholder": row["other_is_placeholder"], "type": row["other_type"],
                     "date": row["other_date"], "attachment_label": row["other_attachment_label"]}
            event = grouped[(direction, row["other_paper_id"])] = {
                "kind": direction, "relation": relation, "other": paper_ref(datasette, other),
                "resolution_dates": set(), "quotes": [], "order": 0 if direction == "cites" else 2,
                "fallback_date": (row["other_decided_on"] or row["other_date"]) if direction == "cites"
                else decided.get(row["other_paper_id"]) or row["other_date"]}
        elif _strength(relation) < _strength(event["relation"]):
            event["relation"] = relation
        if row["resolution_date"]:
            event["resolution_dates"].add(row["resolution_date"])
        event["quotes"].append({
            "quote": " ".join((row["quote"] or "").split()), "page": row["page"], "context": row["context"],
            "relation_label": labels.relation(direction, relation),
            "source_url": source_url(datasette, row["citing_body_id"], row["citing_slug"],
                                     row["start"], row["end"])})
    for event in grouped.values():
        resolution = min(event.pop("resolution_dates"), default=None)
        cites = event["kind"] == "cites"
        event["date"] = (resolution if cites and resolution else None) or event.pop("fallback_date")
        event.pop("fallback_date", None)
        event["resolution_date_de"] = labels.date_de(resolution) if cites else ""
        event["label"] = labels.relation(event["kind"], event["relation"])
        events.append(event)
    events.sort(key=lambda e: (e["date"] is None, e["date"] or "", e["order"]))
    for event in events:
        event["date_de"] = labels.date_de(event["date"])
    return events


def amount_rows(datasette, paper, amounts) -> list[dict]:
    rows = []
    for a in amounts:
        detail = [labels.label(labels.QUALIFIERS, a["qualifier"]), labels.label(labels.PERIODS, a["period"])]
        if a["per_unit"]:
            detail.append(f"je {a['per_unit']}")
        rows.append({**a, "value_de": labels.euro(a["value"], a["value_cents"]),
                     "range_end_de": labels.euro(cents=a["range_end_cents"]) if a["range_end_cents"] else "",
                     "role_de": labels.label(labels.ROLES, a["role"]),
                     "detail": ", ".join(d for d in detail if d),
                     "quote": " ".join((a["quote"] or "").split()),
                     "source_url": source_url(datasette, paper["body_id"], paper["slug"], a["start"], a["end"])})
    return rows


async def trail_page(datasette, request):
    db = database(datasette)
    body_id, slug = request.url_vars["body"], request.url_vars["slug"]
    paper = await data.find_paper(db, body_id, slug)
    if paper is None:
        raise NotFound(f"Keine Vorlage {slug} in {body_id}.")
    pid = paper["id"]
    linked = await data.papers_by_id(db, [paper["parent_id"], paper["rescinded_by"], paper["amended_by"]])
    rows = await data.trail(db, pid)
    decided = await data.decision_dates(db, [r["other_paper_id"] for r in rows if r["direction"] == "cited_by"])

    def here(fact):
        return source_url(datasette, body_id, paper["slug"], fact["start"], fact["end"])

    decisions = [{**d, "source_url": here(d)} for d in await data.facts(db, "decisions", pid)]
    amounts = await data.facts(db, "amounts", pid)
    consultations = [{**c, "date_de": labels.date_de(c["date"]), "source_url": here(c),
                      "public_de": labels.label(labels.PUBLIC, c["public"])}
                     for c in await data.facts(db, "consultations", pid, order="date, start")]
    raw_commitments = await data.commitments_of(db, pid)
    commitments = [commitment_row(datasette, c) for c in raw_commitments]
    programmes = sorted({c["programme"] for c in raw_commitments if c["programme"]})
    parent = linked.get(paper["parent_id"])
    paper["date_de"], paper["label"] = labels.date_de(paper["date"]), paper_label(paper)
    title = f"Spur {paper['label']}"
    return await render(
        datasette, request, "ratsspur-trail.html", title,
        [{"href": datasette.urls.path("/-/trail"), "label": "Spuren"},
         {"href": datasette.urls.path("/-/trail") + f"#{quote(body_id)}", "label": paper["body_name"] or body_id}],
        paper=paper, status_lines=status_lines(paper, linked, datasette),
        parent=paper_ref(datasette, parent) if parent else None,
        attachments=[{**paper_ref(datasette, a), "attachment_label": a["attachment_label"]}
                     for a in await data.attachments(db, pid)],
        events=trail_events(datasette, paper, rows, decided),
        decisions=decisions, amounts=amount_rows(datasette, paper, amounts),
        consultations=consultations, commitments=commitments,
        text_url=source_url(datasette, body_id, paper["slug"]),
        row_url=datasette.urls.row(db.name, "papers", tilde_encode(pid)),
        timelines=[{"programme": p, "href": timeline_url(datasette, body_id, p)} for p in programmes])


async def trail_index(datasette, request):
    db = database(datasette)
    rows = (await db.execute(
        "SELECT p.id, p.body_id, b.name AS body_name, p.reference, p.slug, p.subject, p.date, "
        "p.status, p.placeholder FROM papers p LEFT JOIN bodies b ON b.id = p.body_id "
        "ORDER BY coalesce(b.name, p.body_id), p.date IS NULL, p.date DESC, p.reference")).rows
    bodies: dict[str, dict] = {}
    for row in rows:
        body = bodies.setdefault(row["body_id"], {"id": row["body_id"], "name": row["body_name"] or row["body_id"],
                                                  "papers": []})
        body["papers"].append({**paper_ref(datasette, dict(row)), "date_de": labels.date_de(row["date"]),
                               "status": row["status"], "status_de": labels.label(labels.STATUS, row["status"])
                               if row["status"] in ("rescinded", "amended", "withdrawn") else ""})
    return await render(datasette, request, "ratsspur-trail-index.html", "Spuren",
                        [{"href": datasette.urls.path("/-/trail"), "label": "Spuren"}],
                        bodies=list(bodies.values()),
                        search_url=datasette.urls.table(db.name, "papers"))


# --- the source text ----------------------------------------------------------------------------

async def source_page(datasette, request):
    db = database(datasette)
    body_id, slug = request.url_vars["body"], request.url_vars["slug"]
    paper = await data.source(db, body_id, slug)
    if paper is None:
        raise NotFound(f"Keine Vorlage {slug} in {body_id}.")
    start, end = int_arg(request.args.get("start")), int_arg(request.args.get("end"))
    text = paper["text"]
    found = valid_span(text, start, end)
    paper["date_de"], paper["label"] = labels.date_de(paper["date"]), paper_label(paper)
    return await render(
        datasette, request, "ratsspur-source.html", f"Text {paper['label']}",
        [{"href": datasette.urls.path("/-/trail"), "label": "Spuren"},
         {"href": trail_url(datasette, body_id, paper["slug"]), "label": paper["label"]}],
        paper=paper, trail_url=trail_url(datasette, body_id, paper["slug"]),
        text_html=render_pages(text, paper["pages"], start, end),
        quote=" ".join(text[start:end].split()) if found else None,
        page=page_of(paper["pages"], start) if found else None, page_count=len(paper["pages"]),
        start=start, end=end, span_requested=start is not None or end is not None)
