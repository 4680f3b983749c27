"""Golden annotation strings for table-driven extractor tests (the eyecite style).

A case marks the expected span inside the text: ``"Kosten von <0>1,2 Mio. €</0> jährlich"``.
:func:`parse_annotated` returns the plain text and the marked spans, so a test reads like the
paper it checks and the offsets come for free.
"""
from __future__ import annotations

import re

TAG = re.compile(r"<(/?)(\d+)>")


def parse_annotated(annotated: str) -> tuple[str, list[tuple[int, int]]]:
    """``"a <0>b</0> c <1>d</1>"`` → ``("a b c d", [(2, 3), (6, 7)])``; spans in tag-number order."""
    plain: list[str] = []
    opened: dict[str, int] = {}
    spans: dict[str, tuple[int, int]] = {}
    length = pos = 0
    for tag in TAG.finditer(annotated):
        plain.append(annotated[pos:tag.start()])
        length += tag.start() - pos
        closing, number = tag.groups()
        if closing:
            spans[number] = (opened.pop(number), length)
        else:
            opened[number] = length
        pos = tag.end()
    plain.append(annotated[pos:])
    if opened:
        raise ValueError(f"unclosed span tags {sorted(opened)} in {annotated!r}")
    return "".join(plain), [spans[k] for k in sorted(spans, key=int)]
