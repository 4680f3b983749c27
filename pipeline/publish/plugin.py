"""Ratsspur's Datasette plugin (entry point ``ratsspur``): pages, links into them, small fixes.

- routes: ``/-/trail``, ``/-/trail/{body}/{slug}``, ``/-/source/{body}/{slug}``,
  ``/-/timeline``, ``/-/timeline/{body}`` (handlers in :mod:`.trail` and :mod:`.timeline`);
- table cells: a paper's number links to its trail, its full text is shortened to a preview
  that links to the source page;
- the ``:_site_url`` magic parameter for absolute links in the Atom feeds;
- Atom feeds are sent as ``application/atom+xml`` (datasette-atom says ``application/xml``), and
  a feed with no entries yet is an empty feed, not an error.
"""
from __future__ import annotations

from typing import Optional

from datasette import hookimpl
from markupsafe import Markup, escape

from . import pages, timeline, trail
from .describe import DATABASE_NAME

PREVIEW_CHARS = 120


@hookimpl
def register_routes(datasette):
    return [
        (r"^/-/trail$", trail.trail_index),
        (r"^/-/trail/(?P<body>[^/]+)/(?P<slug>[^/]+)$", trail.trail_page),
        (r"^/-/source/(?P<body>[^/]+)/(?P<slug>[^/]+)$", trail.source_page),
        (r"^/-/timeline$", timeline.timeline_index),
        (r"^/-/timeline/(?P<body>[^/]+)$", timeline.timeline_page),
    ]


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path("/ratsspur-static/ratsspur.css")]


@hookimpl
def menu_links(datasette, actor):
    return [
        {"href": datasette.urls.path("/-/trail"), "label": "Spuren der Vorlagen"},
        {"href": datasette.urls.path("/-/timeline"), "label": "Zeitstrahl eines Programms"},
    ]


def _is_ratsspur(datasette, database) -> bool:
    return database == (datasette.plugin_config("ratsspur") or {}).get("database", DATABASE_NAME)


def _plain(value):
    """A cell's own value: Datasette passes expanded foreign keys as ``{"value", "label"}``."""
    return value.get("value") if isinstance(value, dict) else value


def _paper_address(row) -> Optional[tuple[str, str]]:
    """(body, slug) of a papers row, when the row carries both (a reader may hide columns)."""
    keys = set(row.keys()) if hasattr(row, "keys") else set()
    if not {"body_id", "slug"} <= keys:
        return None
    body, slug = _plain(row["body_id"]), row["slug"]
    return (body, slug) if body and slug else None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Links from Datasette's tables into the pages; a preview instead of a paper's whole text."""
    if table != "papers" or value is None or not _is_ratsspur(datasette, database):
        return None
    address = _paper_address(row)
    if column == "text" and isinstance(value, str):
        preview = escape(" ".join(value[:PREVIEW_CHARS * 2].split())[:PREVIEW_CHARS])
        if not address:
            return Markup(f"{preview}…")
        size = f"{len(value):,}".replace(",", ".")
        link = escape(pages.source_url(datasette, *address))
        return Markup(f'<span class="ratsspur-text-kurz">{preview}…</span> '
                      f'<a href="{link}">ganzer Text ({size} Zeichen)</a>')
    if column in ("reference", "slug") and address:
        link = escape(pages.trail_url(datasette, *address))
        return Markup(f'<a href="{link}" title="Spur dieser Vorlage">{escape(value)}</a>')
    return None


def site_url(key, request):
    """``:_site_url``: scheme, host and base path of this Datasette, for absolute feed links."""
    if key != "url":
        raise KeyError(key)
    return f"{request.scheme}://{request.host}"


@hookimpl
def register_magic_parameters(datasette):
    return [("site", site_url)]


@hookimpl
def asgi_wrapper(datasette):
    """Serve ``.atom`` responses with the Atom media type (RFC 4287)."""

    def wrap(app):
        async def atom_media_type(scope, receive, send):
            if scope.get("type") != "http" or not scope.get("path", "").endswith(".atom"):
                await app(scope, receive, send)
                return

            async def send_atom(message):
                if message["type"] == "http.response.start" and message.get("status") == 200:
                    headers = [(k, v) for k, v in message.get("headers", [])
                               if k.lower() != b"content-type"]
                    headers.append((b"content-type", b"application/atom+xml; charset=utf-8"))
                    message = {**message, "headers": headers}
                await send(message)

            await app(scope, receive, send_atom)

        return atom_media_type

    return wrap


@hookimpl(trylast=True)
def register_output_renderer(datasette):
    """datasette-atom's ``.atom`` renderer, except that a query without rows (no rescission yet)
    gives a valid empty feed: datasette-atom 0.9 takes the newest date of no rows and fails with
    a 500. ``trylast``: registered after datasette-atom's, so this one serves the extension."""
    from datasette_atom import can_render_atom, render_atom

    def render(datasette, request, sql, columns, rows, database, table, query_name, view_name, data):
        if rows:
            return render_atom(datasette, request, sql, columns, rows, database, table, query_name,
                               view_name, data)
        if not can_render_atom(columns):  # let datasette-atom say which columns are missing
            return render_atom(datasette, request, sql, columns, rows, database, table, query_name,
                               view_name, data)
        return _empty_feed(datasette, request, database, query_name)

    return {"extension": "atom", "render": render, "can_render": can_render_atom}


def _empty_feed(datasette, request, database: str, query_name: Optional[str]):
    from datetime import datetime, timezone

    from datasette.utils.asgi import Response
    from feedgen.feed import FeedGenerator

    title = query_name or "Ratsspur"
    if query_name:
        title = ((datasette.metadata(database=database) or {}).get("queries", {})
                 .get(query_name, {}).get("title", title))
    feed = FeedGenerator()
    feed.id(request.url)
    feed.link(href=request.url, rel="self")
    feed.title(title)
    feed.updated(datetime.now(timezone.utc))
    return Response(feed.atom_str(pretty=True), content_type="application/xml; charset=utf-8", status=200)
