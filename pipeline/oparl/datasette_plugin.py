"""Datasette plugin: Ratsspur's database as a read-only OParl 1.1 API under ``/-/oparl/v1/``.

Routes: ``system``, ``bodies``, ``body/{body}``, ``body/{body}/papers`` (and ``organizations``,
``meetings``, ``persons``), ``paper/{paper_id}``, ``file/{sha256}`` (with ``/download`` for a
file kept on this machine), ``organization/{id}``, ``consultation/{id}``. Ids with ``/`` or ``:``
are percent-encoded in the URL. The database is the one named in the plugin configuration
(``plugins: ratsspur_oparl: database: NAME``), else the first one with a ``papers`` table.
Lists take ``page`` and ``per_page``. The JSON is built by :mod:`pipeline.oparl.export`.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import unquote

from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

from . import export

PREFIX = "/-/oparl/v1"
HEADERS = {"Access-Control-Allow-Origin": "*"}


async def _database(datasette):
    config = datasette.plugin_config("ratsspur_oparl") or {}
    if config.get("database"):
        return datasette.get_database(config["database"])
    for name, db in datasette.databases.items():
        if name.startswith("_"):
            continue
        if await db.table_exists("papers"):
            return db
    return None


def _urls(datasette, request, db_name: str) -> export.Urls:
    api = datasette.absolute_url(request, datasette.urls.path(PREFIX))

    def row(table: str, key: str) -> str:
        return datasette.absolute_url(request, datasette.urls.row(db_name, table, tilde_encode(key)))

    def download(sha: str) -> str:
        return f"{api}/file/{sha}/download"

    return export.Urls(api, row=row, download=download)


def _json(data, status: int = 200) -> Response:
    return Response.json(data, status=status, headers=HEADERS)


def _not_found(what: str) -> Response:
    return _json({"error": f"{what} not found"}, status=404)


async def _run(datasette, request, fn, *args, **kwargs):
    """Run an export function on the database; (result, None) or (None, error response)."""
    db = await _database(datasette)
    if db is None:
        return None, _not_found("a Ratsspur database")
    urls = _urls(datasette, request, db.name)
    result = await db.execute_fn(lambda conn: fn(conn, urls, *args, **kwargs))
    return result, None


def _var(request, name: str) -> str:
    return unquote(request.url_vars[name])


async def system_view(datasette, request):
    result, error = await _run(datasette, request, export.system,
                               website=datasette.absolute_url(request, datasette.urls.instance()))
    return error or _json(result)


async def bodies_view(datasette, request):
    page, per_page = export.page_args(request.args.get("page"), request.args.get("per_page"))
    result, error = await _run(datasette, request, export.bodies, page, per_page)
    return error or _json(result)


async def body_view(datasette, request):
    result, error = await _run(datasette, request, export.body, _var(request, "body"))
    return error or (_json(result) if result else _not_found("body"))


async def body_list_view(datasette, request):
    body_id, name = _var(request, "body"), request.url_vars["list"]
    page, per_page = export.page_args(request.args.get("page"), request.args.get("per_page"))
    if name in ("meetings", "persons"):
        found, error = await _run(datasette, request, export.body, body_id)
        if error or not found:
            return error or _not_found("body")
        return _json(export.empty_list(found[name[:-1]]))
    fn = export.papers if name == "papers" else export.organizations
    result, error = await _run(datasette, request, fn, body_id, page, per_page)
    return error or (_json(result) if result else _not_found("body"))


async def paper_view(datasette, request):
    result, error = await _run(datasette, request, export.paper, _var(request, "paper_id"))
    return error or (_json(result) if result else _not_found("paper"))


async def file_view(datasette, request):
    result, error = await _run(datasette, request, export.file, request.url_vars["sha"])
    return error or (_json(result) if result else _not_found("file"))


async def download_view(datasette, request):
    """The file's bytes, when this machine keeps it and it is still the file that was read."""
    db = await _database(datasette)
    if db is None:
        return _not_found("a Ratsspur database")
    sha = request.url_vars["sha"]
    row = (await db.execute("SELECT path, mime_type, name FROM files WHERE id = ?", [sha])).first()
    if not row or not row["path"] or not Path(row["path"]).is_file():
        return _not_found("file")
    data = Path(row["path"]).read_bytes()
    if hashlib.sha256(data).hexdigest() != sha:
        return _not_found("file (it changed on disk since it was read)")
    name = (row["name"] or "datei").replace('"', "")
    return Response(data, content_type=row["mime_type"] or "application/octet-stream",
                    headers={**HEADERS, "Content-Disposition": f'inline; filename="{name}"'})


async def organization_view(datasette, request):
    result, error = await _run(datasette, request, export.organization, _var(request, "org"))
    return error or (_json(result) if result else _not_found("organization"))


async def consultation_view(datasette, request):
    result, error = await _run(datasette, request, export.consultation, _var(request, "id"))
    return error or (_json(result) if result else _not_found("consultation"))


async def index_view(datasette, request):
    return Response.redirect(datasette.urls.path(f"{PREFIX}/system"))


@hookimpl
def register_routes():
    return [
        (rf"^{PREFIX}/?$", index_view),
        (rf"^{PREFIX}/system$", system_view),
        (rf"^{PREFIX}/bodies$", bodies_view),
        (rf"^{PREFIX}/body/(?P<body>[^/]+)$", body_view),
        (rf"^{PREFIX}/body/(?P<body>[^/]+)/(?P<list>papers|organizations|meetings|persons)$", body_list_view),
        (rf"^{PREFIX}/paper/(?P<paper_id>.+)$", paper_view),
        (rf"^{PREFIX}/file/(?P<sha>[0-9a-f]{{64}})$", file_view),
        (rf"^{PREFIX}/file/(?P<sha>[0-9a-f]{{64}})/download$", download_view),
        (rf"^{PREFIX}/organization/(?P<org>.+)$", organization_view),
        (rf"^{PREFIX}/consultation/(?P<id>.+)$", consultation_view),
    ]
