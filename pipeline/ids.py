"""Stable ids and URL slugs: the same paper and span give the same id in every run."""
from __future__ import annotations

import hashlib
from typing import Optional

import regex

TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})


def slugify(value: str) -> str:
    """`FB II/4753/2023` → `fb-ii-4753-2023`, `Hückeswagen` → `hueckeswagen`."""
    ascii_value = value.translate(TRANSLITERATION).lower()
    return regex.sub(r"[^a-z0-9]+", "-", ascii_value).strip("-") or "x"


def reference_key(reference: str) -> str:
    """Comparison key for paper numbers: case and spacing do not matter (`FB II / 4753/2023`)."""
    return regex.sub(r"\s+", "", reference).upper()


def paper_id(body_id: str, reference: Optional[str], sha256: str) -> str:
    """`leverkusen:2021/1121`; a paper without a number is identified by its file's hash."""
    if reference:
        return f"{body_id}:{' '.join(reference.split())}"
    return f"{body_id}:file-{sha256[:12]}"


def fact_id(paper: str, kind: str, start: int, end: int) -> str:
    return f"{paper}#{kind}@{start}-{end}"


def short_hash(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]
