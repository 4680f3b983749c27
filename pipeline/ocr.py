"""OCR for scanned pages: render with pypdfium2, recognise with Tesseract's German model.

Tesseract (Debian packages ``tesseract-ocr`` and ``tesseract-ocr-deu``) is called as a program
with TSV output, which gives each word's confidence; the page's confidence is their mean.
When Tesseract is not installed, OCR is skipped and the page keeps its (empty) text layer.
"""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
from dataclasses import dataclass
from typing import Optional

OCR_DPI = 300
OCR_TIMEOUT_SECONDS = 120
# A page is rendered at OCR_DPI unless that makes more pixels than this (an A3 page at 300 dpi is
# 17 million): a hostile page 5 m wide must not become a 10 GB image.
MAX_OCR_PIXELS = 40_000_000


@dataclass
class Recognised:
    text: str
    confidence: float  # mean word confidence, 0..100


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def ocr_page(page, *, language: str = "deu") -> Optional[Recognised]:
    """Recognise a pypdfium2 page; None when Tesseract is missing or fails."""
    if not tesseract_available():
        return None
    image = page.render(scale=ocr_scale(*page.get_size()), grayscale=True).to_pil()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ocr_image_bytes(buffer.getvalue(), language=language)


def ocr_scale(width_pt: float, height_pt: float) -> float:
    """Render scale for OCR: OCR_DPI, lowered so the image stays under MAX_OCR_PIXELS."""
    scale = OCR_DPI / 72
    pixels = width_pt * height_pt * scale * scale
    if pixels > MAX_OCR_PIXELS:
        scale *= (MAX_OCR_PIXELS / pixels) ** 0.5
    return scale


def ocr_image_bytes(png: bytes, *, language: str = "deu") -> Optional[Recognised]:
    """Run Tesseract on PNG bytes and rebuild the text line by line from its TSV output."""
    try:
        completed = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", language, "--psm", "3", "tsv"],
            input=png, capture_output=True, timeout=OCR_TIMEOUT_SECONDS, check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    rows = csv.DictReader(io.StringIO(completed.stdout.decode("utf-8", "replace")),
                          delimiter="\t", quoting=csv.QUOTE_NONE)
    lines: dict[tuple, list[str]] = {}
    confidences: list[float] = []
    for row in rows:
        word = (row.get("text") or "").strip()
        if not word:
            continue
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        lines.setdefault(key, []).append(word)
        try:
            confidences.append(float(row["conf"]))
        except (TypeError, ValueError):
            pass
    text_lines, previous = [], None
    for key in sorted(lines):
        if previous is not None and key[:2] != previous[:2]:
            text_lines.append("")  # blank line between paragraphs
        text_lines.append(" ".join(lines[key]))
        previous = key
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return Recognised("\n".join(text_lines), round(mean, 1))
