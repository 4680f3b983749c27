"""HTTP for OParl: JSON objects and file downloads, with retries, time-outs and politeness.

A council information system is a small public server run by a municipality, so the client is
deliberately slow and forgiving: at most ``concurrency`` requests at once, at least ``delay``
seconds between the starts of two requests, retries with exponential back-off (honouring
``Retry-After``) on time-outs, dropped connections, HTTP 429/5xx and pages that are not JSON.
Whatever still fails raises :class:`FetchError` with a message for people; the caller records it
and goes on. Only httpx (already a dependency of Datasette) is used.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Callable, Optional
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from .. import __version__

USER_AGENT = f"Ratsspur/{__version__} (OParl importer)"
RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 60.0
DOWNLOAD_TIME_FACTOR = 20  # a download may take at most this many time-outs in all (slow drip)


class FetchError(Exception):
    """A request that failed for good. ``kind``: http_404, http_500, timeout, connection,
    invalid_json, too_large; ``message`` is for people."""

    def __init__(self, url: str, kind: str, message: str):
        super().__init__(f"{url}: {message}")
        self.url = url
        self.kind = kind
        self.message = message

    @property
    def retryable(self) -> bool:
        """Worth another try: not a file over the limit, not an HTTP status that will not change."""
        if self.kind == "too_large":
            return False
        return not self.kind.startswith("http_") or int(self.kind[5:]) in RETRY_STATUS


@dataclass
class Download:
    """A file on disk, fetched completely."""

    path: Path
    sha256: str
    size: int
    url: str


def with_params(url: str, params: Optional[dict[str, str]]) -> str:
    """The URL with ``params`` added to (or replacing keys in) its query string."""
    if not params:
        return url
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    query += list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


class OParlClient:
    """A polite, retrying HTTP client; safe to share between download threads."""

    def __init__(self, *, timeout: float = 30.0, retries: int = 3, backoff: float = 1.0,
                 delay: float = 0.5, concurrency: int = 2, user_agent: str = USER_AGENT):
        self.timeout = timeout
        self.retries = max(0, retries)
        self.backoff = backoff
        self.delay = max(0.0, delay)
        self._slots = threading.BoundedSemaphore(max(1, concurrency))
        self._lock = threading.Lock()
        self._next_start = 0.0
        self.requests = 0  # every HTTP request sent, retries included
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout), follow_redirects=True,
            limits=httpx.Limits(max_connections=max(1, concurrency)),
            headers={"User-Agent": user_agent, "Accept": "application/json"})

    def close(self) -> None:
        self._http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- politeness ---------------------------------------------------------------------------

    def _wait_turn(self) -> None:
        """Block until ``delay`` seconds have passed since the previous request started."""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start)
            self._next_start = start + self.delay
            self.requests += 1
        if start > now:
            time.sleep(start - now)

    def _pause(self, attempt: int, response: Optional[httpx.Response] = None) -> None:
        seconds = self.backoff * (2 ** attempt)
        if response is not None and "retry-after" in response.headers:
            seconds = max(seconds, _retry_after(response.headers["retry-after"]))
        time.sleep(min(seconds, MAX_RETRY_AFTER))

    # --- JSON ---------------------------------------------------------------------------------

    def _retrying(self, url: str, attempt: Callable[[], Any]) -> Any:
        """``attempt()`` under the concurrency limit and the delay, retried with backoff on
        time-outs, dropped connections and retryable failures (:attr:`FetchError.retryable`)."""
        last: Optional[FetchError] = None
        for n in range(self.retries + 1):
            if n:
                self._pause(n - 1, getattr(last, "response", None))
            try:
                with self._slots:
                    self._wait_turn()
                    return attempt()
            except FetchError as exc:
                if not exc.retryable:
                    raise
                last = exc
            except httpx.TimeoutException:
                last = FetchError(url, "timeout", f"no answer within {self.timeout:g} s")
            except httpx.TransportError as exc:
                last = FetchError(url, "connection", f"connection failed ({type(exc).__name__})")
        assert last is not None
        raise last

    # --- JSON ---------------------------------------------------------------------------------

    def get_json(self, url: str, params: Optional[dict[str, str]] = None) -> tuple[Any, Optional[str]]:
        """GET a JSON document; returns it and the server's ``Date`` header (ISO 8601, UTC)."""
        full = with_params(url, params)

        def attempt():
            response = self._http.get(full)
            _raise_for_status(full, response)
            try:
                return json.loads(response.content), _server_date(response)
            except (ValueError, UnicodeDecodeError):
                raise FetchError(full, "invalid_json", "the answer is not valid JSON "
                                 f"({len(response.content)} bytes, "
                                 f"{response.headers.get('content-type', 'no type')})") from None

        return self._retrying(full, attempt)

    # --- files --------------------------------------------------------------------------------

    def download(self, url: str, dest: Path, *, max_bytes: int) -> Download:
        """Stream ``url`` to ``dest`` (via ``dest.part``, so a half file never looks complete).

        Refuses files larger than ``max_bytes`` by their Content-Length or while streaming."""
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(dest.name + ".part")

        def attempt():
            try:
                return self._stream(url, dest, part, max_bytes)
            finally:
                if part.exists():
                    part.unlink()

        return self._retrying(url, attempt)

    def _stream(self, url: str, dest: Path, part: Path, max_bytes: int) -> Download:
        with self._http.stream("GET", url, headers={"Accept": "*/*"}) as response:
            _raise_for_status(url, response)
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(url, "too_large", f"the file is {int(declared)} bytes, more than "
                                 f"the limit of {max_bytes} bytes")
            digest, size = hashlib.sha256(), 0
            deadline = time.monotonic() + self.timeout * DOWNLOAD_TIME_FACTOR
            with part.open("wb") as handle:
                for chunk in response.iter_bytes(65536):
                    if time.monotonic() > deadline:
                        raise FetchError(url, "timeout", f"the download took longer than "
                                         f"{self.timeout * DOWNLOAD_TIME_FACTOR:g} s")
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(url, "too_large", f"the file is larger than the limit of "
                                         f"{max_bytes} bytes")
                    digest.update(chunk)
                    handle.write(chunk)
        os.replace(part, dest)
        return Download(dest, digest.hexdigest(), size, url)


def _raise_for_status(url: str, response: httpx.Response) -> None:
    """A FetchError for an HTTP error status, carrying the response (for Retry-After)."""
    if response.status_code >= 400:
        error = FetchError(url, f"http_{response.status_code}",
                           f"the server answered HTTP {response.status_code}")
        error.response = response  # type: ignore[attr-defined]
        raise error


def _retry_after(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return 0.0


def _server_date(response: httpx.Response) -> Optional[str]:
    value = response.headers.get("date")
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).isoformat(timespec="seconds")
    except (TypeError, ValueError):
        return None
