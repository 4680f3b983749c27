"""The cleaned text of a PDF of the corpus, for extractor tests on real papers.

pypdfium2's text layer, pages joined by a line break, then :func:`pipeline.normalize.normalize`:
what the extractors see, without the rest of the pipeline."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.normalize import normalize


def pdf_text(path: Path) -> str:
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(str(path))
    try:
        return normalize("\n".join(page.get_textpage().get_text_range() for page in document)).text
    finally:
        document.close()
