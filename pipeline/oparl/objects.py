"""Reading OParl objects as vendors really send them.

The 142 public OParl endpoints differ from the specification in small ways: an object embedded
in one system is a URL in another, ``type`` is missing or from OParl 1.0, ``modified`` is
unparsable or in the future, ``name`` carries HTML. Every helper here accepts that, returns a
usable value and names the quirk, so that the importer logs it and continues.
"""
from __future__ import annotations

import hashlib
import html
import json
import re
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from typing import Any, Iterator, Optional

TYPE_PREFIXES = ("https://schema.oparl.org/1.1/", "https://schema.oparl.org/1.0/",
                 "http://schema.oparl.org/1.1/", "http://schema.oparl.org/1.0/")
TYPE_URL = "https://schema.oparl.org/1.1/{}"
TAG = re.compile(r"<[a-zA-Z/!][^>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")
BODY_PREFIX = re.compile(r"^(?:Stadt|Gemeinde|Kreisstadt|Hansestadt|Landeshauptstadt|Markt|"
                         r"Samtgemeinde|Verbandsgemeinde|Landkreis|Kreis|Bezirk)\s+", re.I)


def short_type(obj: dict, expected: Optional[str], quirks: list[str]) -> Optional[str]:
    """``Paper`` from ``https://schema.oparl.org/1.1/Paper``; the expected type when it is missing."""
    value = obj.get("type")
    if not isinstance(value, str) or not value.strip():
        quirks.append("missing_type")
        return expected
    for prefix in TYPE_PREFIXES:
        if value.startswith(prefix):
            if not prefix.endswith("1.1/"):
                quirks.append("old_type_url")
            found = value[len(prefix):].strip("/")
            break
    else:
        quirks.append("unknown_type_url")
        found = value.rstrip("/").rsplit("/", 1)[-1]
    if expected and found != expected:
        quirks.append(f"type_{found}_where_{expected}_expected")
    return found


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "p", "div", "li"}:
            self.parts.append(" ")


def clean_text(value: Any, quirks: list[str], field: str = "name") -> Optional[str]:
    """Plain text from a string that may carry HTML tags or entities; whitespace collapsed."""
    if value is None:
        return None
    if not isinstance(value, str):
        quirks.append(f"{field}_not_a_string")
        value = str(value)
    if TAG.search(value):
        quirks.append(f"html_in_{field}")
        parser = _Text()
        parser.feed(value)
        parser.close()
        value = html.unescape("".join(parser.parts))
    text = " ".join(value.split())
    return text or None


def parse_datetime(value: Any) -> Optional[datetime]:
    """An aware datetime from ISO 8601 (``Z`` allowed; a date alone is midnight UTC), else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00").replace(" ", "T", 1)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def check_modified(obj: dict, quirks: list[str], now: Optional[datetime] = None) -> Optional[datetime]:
    """The object's ``modified`` when it is usable; a missing, unparsable or future value is a quirk."""
    value = obj.get("modified")
    if value is None:
        quirks.append("missing_modified")
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        quirks.append("bad_modified")
        return None
    now = now or datetime.now(timezone.utc)
    if parsed > now + timedelta(days=1):
        quirks.append("future_modified")
        return None
    return parsed


def iso_date(value: Any) -> Optional[str]:
    """``YYYY-MM-DD`` from a date or date-time string, else None."""
    parsed = parse_datetime(value)
    return parsed.date().isoformat() if parsed else None


def items(value: Any) -> list:
    """A list from a value that should be a list but may be missing, one object or one URL."""
    if value is None:
        return []
    if isinstance(value, list):
        return [v for v in value if isinstance(v, (dict, str)) and v]
    if isinstance(value, (dict, str)) and value:
        return [value]
    return []


def object_id(value: Any) -> Optional[str]:
    """The id of an embedded object or the URL standing in for it."""
    if isinstance(value, dict):
        found = value.get("id")
        return found if isinstance(found, str) and found else None
    return value if isinstance(value, str) and value else None


def body_name(body: dict, quirks: list[str]) -> str:
    """The canonical short name Ratsspur uses for a municipality: ``Köln`` from
    ``shortName``, or from ``Stadt Köln, kreisfreie Stadt``."""
    short = clean_text(body.get("shortName"), quirks, "shortName")
    if short:
        return BODY_PREFIX.sub("", short)
    name = clean_text(body.get("name"), quirks) or object_id(body) or "Unbekannt"
    return BODY_PREFIX.sub("", name.split(",")[0]).strip() or name


def json_hash(obj: Any) -> str:
    """A hash of the object's content, independent of key order."""
    text = json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def walk_embedded(obj: dict) -> Iterator[tuple[str, dict]]:
    """Every object embedded in ``obj`` (one level: files, consultations, agenda items, ...),
    as (property, object) pairs; URLs are not fetched here."""
    for key, value in obj.items():
        if key in {"location", "geojson"}:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                yield key, item
