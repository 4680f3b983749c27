"""Programme timelines: ``/-/timeline/{body}?programme=KIM`` shows a body's commitments in a
programme over time (table and server-drawn SVG chart), or, where the commitments table has none,
the papers that name the programme with their amounts by role; ``/-/timeline`` lists them."""
from __future__ import annotations

from datasette.utils.asgi import NotFound, Response

from . import data, labels
from .chart import Group, bar_chart, legend
from .pages import (commitment_row, database, paper_label, paper_ref, render, source_url, timeline_url,
                    trail_url)


def _fallback_rows(datasette, papers) -> tuple[list[dict], list[Group]]:
    """Timeline rows from the papers that name the programme, with their amounts by role."""
    rows, groups = [], []
    for p in papers:
        amounts = [{"role": labels.label(labels.ROLES, role),
                    "sums": [{"value": labels.euro(cents=a["value_cents"]),
                                "href": source_url(datasette, p["body_id"], p["slug"], a["start"], a["end"])}
                               for a in values]}
                   for role, values in p["amounts"].items()]
        ended = p["status"] in ("rescinded", "amended")
        ender = ({"body_id": p["body_id"], "slug": p[f"{p['status']}_by_slug"], "placeholder": 0,
                  "reference": p[f"{p['status']}_by_reference"], "id": p[f"{p['status']}_by"]}
                 if ended and p.get(f"{p['status']}_by_slug") else None)
        rows.append({"date_de": labels.date_de(p["event_date"]), "paper": paper_ref(datasette, p),
                     "what": " · ".join(x for x in (p["type"], p["parent_label"], p["subject"]) if x),
                     "amounts": amounts, "ended": ended,
                     "status": ("aufgehoben durch" if p["status"] == "rescinded" else "geändert durch")
                     if ender else labels.label(labels.STATUS, p["status"]),
                     "ended_by": paper_ref(datasette, ender) if ender else None,
                     "ended_on": labels.date_de(p["status_date"]) if ender else ""})
        groups.append(Group(label=paper_label(p), date=labels.date_de(p["event_date"]),
                            values={role: max(a["value_cents"] for a in values)
                                    for role, values in p["amounts"].items()},
                            note=labels.label(labels.STATUS, p["status"]) if ended else "", ended=ended,
                            href=trail_url(datasette, p["body_id"], p["slug"])))
    return rows, groups


def _commitment_rows(datasette, commitments) -> tuple[list[dict], list[Group]]:
    """Timeline rows from the commitments table: one per commitment, chart grouped by paper."""
    rows, groups, by_paper = [], [], {}
    for c in commitments:
        rows.append(commitment_row(datasette, c))
        group = by_paper.get(c["paper_id"])
        if group is None:
            group = by_paper[c["paper_id"]] = Group(
                label=paper_label(c), date=labels.date_de(c["date"]),
                href=trail_url(datasette, c["body_id"], c["slug"]))
            groups.append(group)
        if c["amount_cents"] is not None:
            role = c["amount_role"] or "other"
            group.values[role] = max(group.values.get(role, 0), c["amount_cents"])
        if c["status"] not in (None, "active"):
            group.note, group.ended = labels.label(labels.COMMITMENT_STATUS, c["status"]), True
        elif c["action"] == "withdraw" and not group.note:
            group.note = labels.label(labels.ACTIONS, c["action"])
    return rows, groups


async def timeline_page(datasette, request):
    db = database(datasette)
    body_id = request.url_vars["body"]
    body = next((b for b in await data.bodies(db) if b["id"] == body_id), None)
    if body is None:
        raise NotFound(f"Keine Kommune {body_id}.")
    programme = (request.args.get("programme") or "").strip() or await data.default_programme(db, body_id)
    known = await data.programmes(db)
    rows, groups, explanation, commitments = [], [], "", []
    papers_view = request.args.get("ansicht") == "vorlagen"
    if programme:
        commitments = [] if papers_view else await data.commitments(db, body_id, programme)
        if commitments:
            rows, groups = _commitment_rows(datasette, commitments)
            explanation = (f"Zusagen und Rücknahmen von {body['name']} im Programm {programme}, "
                           "abgeleitet aus Beschlüssen, Beträgen und Verweisen; jede mit ihrem Beleg.")
        else:
            rows, groups = _fallback_rows(datasette, await data.programme_papers(db, body_id, programme))
            explanation = (f"Vorlagen aus {body['name']}, die „{programme}“ nennen (im Text, als Name "
                           "oder im Zitat einer anderen Vorlage), mit den genannten Beträgen je Rolle.")
    title = f"Zeitstrahl {programme or ''} {body['name']}".replace("  ", " ")
    return await render(
        datasette, request, "ratsspur-timeline.html", title,
        [{"href": datasette.urls.path("/-/timeline"), "label": "Zeitstrahl"}],
        body=body, programme=programme, rows=rows, explanation=explanation,
        headers=["Datum", "Vorlage", "Was", "Beträge", "Stand"] + (["Beleg"] if commitments else []),
        source_column=bool(commitments),
        other_view=({"href": timeline_url(datasette, body_id, programme) + "&ansicht=vorlagen",
                     "label": f"Alle Vorlagen, die „{programme}“ nennen"} if commitments else
                    {"href": timeline_url(datasette, body_id, programme), "label": "Zusagen und Rücknahmen"}
                    if papers_view else None),
        chart=bar_chart(groups, f"Beträge je Vorlage: {programme} in {body['name']}") if groups else "",
        legend=legend(groups),
        chart_caption=("Je Vorlage die zugesagten Beträge nach Rolle" if commitments else
                       "Je Vorlage der größte genannte Betrag jeder Rolle")
        + "; blasse Balken: später aufgehoben oder geändert. Ein Klick auf die Nummer öffnet die Spur.",
        known_programmes=sorted({p["programme"] for p in known if p["body_id"] == body_id}))


async def timeline_index(datasette, request):
    db = database(datasette)
    body_id, programme = request.args.get("body"), (request.args.get("programme") or "").strip()
    if body_id:  # the form without JavaScript: send the reader to the body's timeline
        return Response.redirect(timeline_url(datasette, body_id, programme or None))
    known = await data.programmes(db)
    for row in known:
        row["href"] = timeline_url(datasette, row["body_id"], row["programme"])
    return await render(datasette, request, "ratsspur-timeline-index.html", "Zeitstrahl",
                        [{"href": datasette.urls.path("/-/timeline"), "label": "Zeitstrahl"}],
                        bodies=await data.bodies(db), programmes=known,
                        known_programmes=sorted({p["programme"] for p in known}),
                        form_action=datasette.urls.path("/-/timeline"))
