"""A paper's cleaned text with its pages: the one text every fact's offsets point into."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Optional

from .normalize import normalize
from .sources import SourceFile

PAGE_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Page:
    number: int
    start: int
    end: int
    method: str
    ocr_confidence: Optional[float] = None


@dataclass
class Document:
    """Cleaned text of one file, its pages as spans of that text, and the map to raw offsets."""

    text: str
    pages: list[Page]
    origin: list[int] = field(repr=False, default_factory=list)  # raw offset within its page; -1 between pages

    def page_at(self, offset: int) -> int:
        """Number of the page that holds character ``offset``."""
        starts = [page.start for page in self.pages]
        index = max(bisect_right(starts, offset) - 1, 0)
        return self.pages[index].number if self.pages else 1

    def raw_position(self, offset: int) -> tuple[int, int]:
        """(page number, offset in that page's raw text) of a character of the cleaned text."""
        return self.page_at(offset), self.origin[offset]


def build_document(source: SourceFile) -> Document:
    """Normalise each page and join them, recording where each page starts."""
    parts: list[str] = []
    origin: list[int] = []
    pages: list[Page] = []
    position = 0
    for number, raw_page in enumerate(source.pages, start=1):
        cleaned = normalize(raw_page.text)
        if parts:
            parts.append(PAGE_SEPARATOR)
            origin.extend([-1] * len(PAGE_SEPARATOR))
            position += len(PAGE_SEPARATOR)
        parts.append(cleaned.text)
        origin.extend(cleaned.origin)
        pages.append(Page(number, position, position + len(cleaned.text), raw_page.method,
                          raw_page.ocr_confidence))
        position += len(cleaned.text)
    return Document("".join(parts), pages, origin)
