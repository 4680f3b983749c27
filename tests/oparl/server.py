"""A real OParl 1.1 server for tests: http.server on a free 127.0.0.1 port, in a thread.

It serves objects by URL path, paginated lists (``page``, ``links.next``) filtered by
``modified_since`` (deleted objects included, as the spec asks), and files. Every request is
logged, so a test can count what a sync transferred, and faults can be queued per path: ``500``
(HTTP 500), ``json`` (a broken JSON body), ``slow`` (an answer after ``slow_seconds``, longer
than the client's time-out) or ``down`` (HTTP 503 on every request until cleared).
"""
from __future__ import annotations

import json
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Optional
from urllib.parse import parse_qs, urlencode, urlsplit

CONTENT_TYPES = {".pdf": "application/pdf", ".txt": "text/plain; charset=utf-8"}


def _parse(value: str) -> Optional[datetime]:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


class OParlServer:
    """Start with ``with OParlServer() as server:``; ``server.base`` is its root URL."""

    def __init__(self, per_page: int = 2, slow_seconds: float = 1.5):
        self.per_page = per_page
        self.slow_seconds = slow_seconds
        self.objects: dict[str, dict] = {}
        self.lists: dict[str, list[str]] = {}
        self.files: dict[str, bytes] = {}
        self.faults: dict[str, list[str]] = {}
        self.requests: list[str] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    def __enter__(self) -> "OParlServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    # --- content ------------------------------------------------------------------------------

    def path(self, url: str) -> str:
        return urlsplit(url).path if url.startswith("http") else url

    def add_object(self, url: str, obj: dict) -> None:
        self.objects[self.path(url)] = obj

    def add_list(self, url: str, objects: list[dict]) -> None:
        self.lists[self.path(url)] = [o["id"] for o in objects]
        for obj in objects:
            self.objects[self.path(obj["id"])] = obj

    def get(self, url: str) -> dict:
        return self.objects[self.path(url)]

    def touch(self, url: str, **changes) -> dict:
        """Change an object and set its ``modified`` to now, as a real server would."""
        obj = self.get(url)
        obj.update(changes)
        obj["modified"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        return obj

    def fail(self, url: str, *faults: str) -> None:
        """Queue faults for a path (``/koblenz/papers``) or one page (``/koblenz/papers?page=2``)."""
        parts = urlsplit(url)
        key = parts.path + (f"?{parts.query}" if parts.query else "")
        self.faults.setdefault(key, []).extend(faults)

    def heal(self) -> None:
        self.faults.clear()

    def requested(self, prefix: str = "") -> list[str]:
        with self._lock:
            return [r for r in self.requests if r.startswith(prefix)]

    def reset_log(self) -> None:
        with self._lock:
            self.requests.clear()

    # --- HTTP ---------------------------------------------------------------------------------

    def _fault(self, raw: str, path: str) -> Optional[str]:
        """The next fault queued for this exact URL (path and query), else for its path."""
        with self._lock:
            queue = self.faults.get(raw) or self.faults.get(path)
            if not queue:
                return None
            return queue[0] if queue[0] == "down" else queue.pop(0)

    def _list_page(self, path: str, query: dict[str, list[str]]) -> dict:
        since = _parse(query["modified_since"][0]) if "modified_since" in query else None
        chosen = []
        for url in self.lists[path]:
            obj = self.objects[self.path(url)]
            modified = _parse(obj.get("modified", ""))
            if since is None or obj.get("deleted") or (modified is not None and modified >= since):
                chosen.append(obj)
        page = int(query.get("page", ["1"])[0])
        total_pages = max(1, -(-len(chosen) // self.per_page))
        data = chosen[(page - 1) * self.per_page: page * self.per_page]

        def link(n: int) -> str:
            params = {"page": n, **({"modified_since": query["modified_since"][0]} if since else {})}
            return f"{self.base}{path}?{urlencode(params)}"

        links = {"first": link(1), "last": link(total_pages), "self": link(page)}
        if page < total_pages:
            links["next"] = link(page + 1)
        if page > 1:
            links["prev"] = link(page - 1)
        return {"data": data, "pagination": {"totalElements": len(chosen), "elementsPerPage": self.per_page,
                                             "currentPage": page, "totalPages": total_pages},
                "links": links}

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                parts = urlsplit(self.path)
                with server._lock:
                    server.requests.append(self.path)
                query = parse_qs(parts.query)
                fault = server._fault(self.path, parts.path)
                try:
                    if fault == "slow":
                        time.sleep(server.slow_seconds)
                    if fault in ("500", "down"):
                        return self._send(500 if fault == "500" else 503, b"Internal Server Error", "text/plain")
                    if parts.path in server.files:
                        name = parts.path.rsplit(".", 1)
                        kind = CONTENT_TYPES.get("." + name[-1], "application/octet-stream")
                        return self._send(200, server.files[parts.path], kind)
                    if parts.path in server.lists:
                        body = json.dumps(server._list_page(parts.path, query)).encode()
                    elif parts.path in server.objects:
                        body = json.dumps(server.objects[parts.path]).encode()
                    else:
                        return self._send(404, b'{"error": "not found"}', "application/json")
                    if fault == "json":
                        body = body[: len(body) // 2]
                    self._send(200, body, "application/json")
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a "slow" fault): nothing to answer

            def _send(self, status: int, body: bytes, kind: str):
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler
