"""Read one file of the corpus into raw page texts: PDF text layer, OCR for scans, text exports.

pypdfium2 reads the text layer (500–1,100 pages/s); pages without one but with images go to OCR
(:mod:`pipeline.ocr`). Text and Markdown exports are decoded with an explicit list of encodings.
Anything unreadable raises :class:`ReadError` with a message for people, never a traceback.
"""
from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

PDF_SUFFIXES = {".pdf"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
SUPPORTED_SUFFIXES = PDF_SUFFIXES | TEXT_SUFFIXES
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_PDF_PAGES = 5000
MAX_OCR_PAGES = 50

# What files misnamed .pdf or .txt usually are, by their first bytes: the error message says so.
SIGNATURES = (
    (b"\xff\xd8\xff", "a JPEG image"), (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive or an Office document (DOCX, XLSX, ODT)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document (DOC, XLS)"), (b"{\\rtf", "an RTF document"),
)


class ReadError(Exception):
    """A file that cannot become a paper; ``error`` is a short code, the message is for people."""

    def __init__(self, error: str, message: str):
        super().__init__(message)
        self.error = error
        self.message = message

    def __reduce__(self):  # travels back from a reader process intact
        return type(self), (self.error, self.message)


@dataclass
class RawPage:
    text: str
    method: str  # text | pdf | ocr
    ocr_confidence: Optional[float] = None


@dataclass
class SourceFile:
    path: str
    sha256: str
    size: int
    mime_type: str
    pages: list[RawPage] = field(default_factory=list)
    encoding: Optional[str] = None
    metadata: dict[str, str] = field(default_factory=dict)  # PDF document info (Creator, Author, ...)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_source(path: Path | str, *, ocr: bool = True) -> SourceFile:
    """Read a PDF or text file into pages; raise :class:`ReadError` when it cannot be read."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError("unreadable", f"The file cannot be opened: {exc.strerror}.") from exc
    if size == 0:
        raise ReadError("empty", "The file is empty (0 bytes).")
    if size > MAX_FILE_BYTES:
        raise ReadError("too_large", f"The file is {size // 2**20} MiB, more than the limit of "
                                     f"{MAX_FILE_BYTES // 2**20} MiB.")
    data = path.read_bytes()
    digest = sha256_of(data)
    kind = next((name for magic, name in SIGNATURES if data.startswith(magic)), None)
    if path.suffix.lower() in PDF_SUFFIXES or data[:5] == b"%PDF-":
        if kind and b"%PDF-" not in data[:1024]:
            raise ReadError("not_a_pdf", f"The file is named {path.suffix} but is {kind}, not a PDF.")
        pages, metadata = read_pdf(data, ocr=ocr)
        return SourceFile(str(path), digest, size, "application/pdf", pages, metadata=metadata)
    if kind:
        raise ReadError("not_text", f"The file is named {path.suffix} but is {kind}, not text.")
    text, encoding = decode_text(data)
    mime = "text/markdown" if path.suffix.lower() in {".md", ".markdown"} else "text/plain"
    pages = [RawPage(page, "text") for page in text.split("\f")]
    return SourceFile(str(path), digest, size, mime, pages, encoding)


# --- text exports ---------------------------------------------------------------------------

def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text export: BOMs first, then UTF-8, UTF-16 without BOM, Windows-1252.

    Binary data (images, archives, noise) is refused instead of being decoded into garbage."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"), encoding), encoding
    if _looks_like_utf16(data):
        encoding = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        return _checked(data.decode(encoding, errors="replace"), encoding), encoding
    try:
        return _checked(data.decode("utf-8"), "utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _checked(data.decode("cp1252", errors="replace"), "cp1252"), "cp1252"


def _looks_like_utf16(data: bytes) -> bool:
    sample = data[:4000]
    return len(sample) >= 4 and sample.count(0) > len(sample) // 4


# Control characters other than tab, line breaks and form feed; DEL; the replacement character.
_BINARY = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_LETTER = re.compile(r"[^\W\d_]")


def _checked(text: str, encoding: str) -> str:
    """Refuse text that is mostly control characters or replacement characters: binary data."""
    sample = text[:20000]
    if not sample.strip():
        raise ReadError("empty", "The file contains no text, only white space.")
    bad = len(_BINARY.findall(sample))
    letters = len(_LETTER.findall(sample))
    if bad > len(sample) * 0.05 or letters < len(sample) * 0.3:
        raise ReadError("not_text", f"The file does not contain readable text (tried {encoding}); "
                                    "it may be binary data or an image with a text file name.")
    return text


# --- PDF -------------------------------------------------------------------------------------

def read_pdf(data: bytes, *, ocr: bool = True) -> tuple[list[RawPage], dict[str, str]]:
    """Text layer of every page with pypdfium2; scanned pages (no text, but images) are OCRed.

    Also returns the document info (Creator "Stadtverwaltung Koblenz", ...), which can name the
    issuing body when the text does not."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise ReadError("encrypted", "The PDF is encrypted with a password; it cannot be read "
                                         "without it.") from exc
        if b"%%EOF" not in data[-2048:]:
            raise ReadError("corrupt", "The PDF is incomplete: it stops before its end, perhaps cut "
                                       f"off during download ({len(data):,} bytes); it cannot be "
                                       "opened.") from exc
        raise ReadError("corrupt", "The PDF is damaged or not a PDF at all (it cannot be opened: "
                                   f"{exc}).") from exc
    try:
        count = len(document)
        if count == 0:
            raise ReadError("empty", "The PDF has no pages.")
        if count > MAX_PDF_PAGES:
            raise ReadError("too_large", f"The PDF has {count} pages, more than the limit of "
                                         f"{MAX_PDF_PAGES}.")
        try:
            metadata = {k: v for k, v in document.get_metadata_dict(skip_empty=True).items()
                        if isinstance(v, str)}
        except Exception:  # broken info dictionary: the pages matter more
            metadata = {}
        pages: list[RawPage] = []
        ocr_budget = MAX_OCR_PAGES
        for index in range(count):
            page = document[index]
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                textpage.close()
                if ocr and ocr_budget > 0 and len(text.strip()) < 20 and _has_images(page):
                    from .ocr import ocr_page

                    ocr_budget -= 1
                    recognised = ocr_page(page)
                    if recognised is not None:
                        pages.append(RawPage(recognised.text, "ocr", recognised.confidence))
                        continue
                pages.append(RawPage(text, "pdf"))
            finally:
                page.close()
        return pages, metadata
    finally:
        document.close()


def _has_images(page) -> bool:
    import pypdfium2.raw as pdfium_c

    try:
        return any(obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=2))
    except Exception:  # a broken object tree: treat as no image, keep the (empty) text
        return False
