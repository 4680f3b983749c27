"""What every Ratsspur page shares: the database, addresses of the pages, links to papers,
German wording of commitments, and rendering inside Datasette's layout.

The pages themselves are in :mod:`.trail` (a paper's trail and its source text) and
:mod:`.timeline` (programme timelines). They are plain HTML (forms use GET), so they work
without JavaScript.
"""
from __future__ import annotations

from typing import Optional
from urllib.parse import quote, urlencode

from datasette.utils.asgi import NotFound, Response

from . import labels
from .describe import DATABASE_NAME


def database(datasette):
    """The served Ratsspur database (plugin setting ``database``, default ``ratsspur``)."""
    name = (datasette.plugin_config("ratsspur") or {}).get("database", DATABASE_NAME)
    try:
        return datasette.get_database(name)
    except KeyError:
        raise NotFound(f"Die Datenbank „{name}“ wird nicht veröffentlicht.")


def trail_url(datasette, body_id: str, slug: str) -> str:
    return datasette.urls.path(f"/-/trail/{quote(body_id)}/{quote(slug)}")


def source_url(datasette, body_id, slug, start=None, end=None) -> str:
    url = datasette.urls.path(f"/-/source/{quote(body_id)}/{quote(slug)}")
    if start is None or end is None:
        return url
    return f"{url}?{urlencode({'start': start, 'end': end})}#fact"


def timeline_url(datasette, body_id: str, programme: Optional[str] = None) -> str:
    url = datasette.urls.path(f"/-/timeline/{quote(body_id)}")
    return f"{url}?{urlencode({'programme': programme})}" if programme else url


def paper_label(paper: dict) -> str:
    """How a paper is named in links: its number, else its Anlage label, else kind and date."""
    if paper.get("reference"):
        return paper["reference"]
    if paper.get("attachment_label"):
        return paper["attachment_label"]
    date = labels.date_de(paper.get("date"))
    return f"{paper.get('type') or 'Dokument'}{' vom ' + date if date else ''}"


def paper_ref(datasette, paper: dict) -> dict:
    """What a link to a paper's trail needs."""
    return {"label": paper_label(paper), "id": paper.get("id"), "reference": paper.get("reference"),
            "placeholder": paper.get("placeholder"), "subject": paper.get("subject"),
            "trail_url": trail_url(datasette, paper["body_id"], paper["slug"])}


async def render(datasette, request, template: str, title: str, crumbs: list, **context):
    await datasette.ensure_permissions(request.actor, ["view-instance"])
    html = await datasette.render_template(
        template, {"page_title": title, "breadcrumbs": crumbs, "placeholder_label": labels.PLACEHOLDER,
                   "body_class": template.replace(".html", ""), **context}, request=request)
    return Response.html(html)


def int_arg(value: Optional[str]) -> Optional[int]:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def commitment_row(datasette, c: dict) -> dict:
    """One commitment in words: what, how much, since when, whether it still holds, and where it
    is stated (the decision item or the reporting sentence)."""
    paper = {"body_id": c["body_id"], "slug": c["slug"], "reference": c["reference"], "id": c["paper_id"],
             "placeholder": c["placeholder"], "attachment_label": c["attachment_label"], "type": c["type"]}
    ender = ({"body_id": c["body_id"], "slug": c["ended_by_slug"], "reference": c["ended_by_reference"],
              "id": c["ended_by"], "placeholder": 0} if c["ended_by"] and c["ended_by_slug"] else None)
    sums = []
    if c["amount_cents"] is not None:
        value = " ".join(x for x in (labels.label(labels.QUALIFIERS, c["amount_qualifier"]),
                                     labels.euro(cents=c["amount_cents"]),
                                     labels.label(labels.PERIODS, c["period"])) if x)
        sums.append({"role": labels.label(labels.ROLES, c["amount_role"]) or "Betrag", "sums": [{"value": value}]})
    if c["posts"]:
        permanent = labels.label(labels.PERMANENT, c["posts_permanent"])
        sums.append({"role": "Stellen", "sums": [{"value": f"{c['posts']:g}" + (f" ({permanent})" if permanent else "")}]})
    what = f"{labels.label(labels.ACTIONS, c['action'])}: {labels.label(labels.KINDS, c['kind'])}"
    if c["from_year"]:
        what += f" ab {c['from_year']}"
    if c["condition"]:
        what += f" – Bedingung: {c['condition']}"
    has_source = c["source_slug"] and c["start"] is not None and c["end"] is not None
    return {"date_de": labels.date_de(c["date"]), "paper": paper_ref(datasette, paper), "what": what,
            "programme": c["programme"], "amounts": sums, "ended": c["status"] not in (None, "active"),
            "status": labels.label(labels.COMMITMENT_ENDED if ender else labels.COMMITMENT_STATUS, c["status"]),
            "ended_by": paper_ref(datasette, ender) if ender else None,
            "ended_on": labels.date_de(c["ended_on"]) if ender else "",
            "source_url": source_url(datasette, c["source_body_id"], c["source_slug"], c["start"], c["end"])
            if has_source else None, "page": c["page"]}
