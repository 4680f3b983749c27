"""The hostile corpus: files that real council-paper collections contain and that must not
stall, crash or silently lose anything.

``python tests/hostile/make_hostile.py`` rewrites the small files committed next to this script
(see README.md there for each file's expected outcome). The big or slow ones are made at test
time by the functions below (``blank_pages_pdf``, ``inflating_pdf``, ``nested_forms_pdf``,
``huge_text``) and never committed.

PDFs are written by hand (``raw_pdf``) where the point is a broken structure no PDF library would
produce; normal papers come from :mod:`pipeline.synthetic`.
"""
from __future__ import annotations

import io
import random
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # the project, when run as a script

from pipeline import synthetic  # noqa: E402

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

# A paper short enough for a hand-made PDF and a scan; Windows-1252 covers every character.
SHORT_PAPER = """Stadt Lindenau
Der Bürgermeister
Vorlage Nr. 2023/0815
Datum: 14.03.2023
Beschlussvorlage
Beratungsfolge: Ausschuss für Umwelt und Klimaschutz 28.03.2023, Rat der Stadt Lindenau 25.04.2023
Betreff: Begrünung der Bushaltestellen an der Hauptstraße
Beschlussentwurf:
1. Der Rat der Stadt Lindenau beschließt, die Dächer von zwölf Bushaltestellen zu begrünen.
2. Die Kosten von 86.000 € werden aus dem Klimaschutzbudget gedeckt.
Begründung:
Begrünte Dächer kühlen die Haltestellen im Sommer und halten Regenwasser zurück.
Die Verwaltung hat die Statik der Wartehäuschen prüfen lassen; sie ist ausreichend."""

SCAN_PAPER = """Stadt Lindenau - Der Bürgermeister
Vorlage Nr. 2023/0816                Datum: 16.03.2023
Beschlussvorlage

Betreff: Sanierung der Turnhalle an der Schulstraße

Beschlussentwurf:
Der Rat der Stadt Lindenau beschließt die Sanierung der Turnhalle.
Die Kosten von 450.000 Euro werden im Haushalt 2024 bereitgestellt.

Begründung:
Das Dach der Turnhalle ist undicht. Bei Regen muss der Sportunterricht
ausfallen. Die Verwaltung schlägt vor, das Dach und die Heizung
gemeinsam zu erneuern. Der Schulausschuss hat der Maßnahme zugestimmt."""

ENGLISH_PAPER = """Borough Council of Kingsbridge
Report to Cabinet, 12 March 2023
Report No. CAB/2023/041

Subject: Resurfacing of the market square

Recommendations:
1. That Cabinet approves the resurfacing of the market square at a cost of GBP 240,000.
2. That the Director of Place be authorised to award the contract.

Background:
The paving of the market square is uneven and has caused several trips and falls. A survey
carried out in January found that the sub-base has failed in three places. Officers have
considered patch repairs, but these would only last two to three years. Funding is available
from the capital programme. The works would take place in the summer to avoid the Christmas
market. Ward members have been consulted and support the proposal.
"""


# --- hand-made PDFs ------------------------------------------------------------------------------

def raw_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF from numbered objects (object i is objects[i - 1]) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", compress: bool = True) -> bytes:
    body = zlib.compress(data, 9) if compress else data
    filters = b" /Filter /FlateDecode" if compress else b""
    return b"<< /Length %d%s %s >>\nstream\n" % (len(body), filters, extra) + body + b"\nendstream"


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def text_content(text: str) -> bytes:
    """Content stream writing ``text`` line by line in 10 pt Helvetica (Windows-1252)."""
    ops = [b"BT /F1 10 Tf 12 TL 56 790 Td"]
    for line in text.splitlines():
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(" + escaped.encode("cp1252") + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def one_page_pdf(content: bytes, page_extra: bytes = b"", resources: bytes = b"") -> bytes:
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> " + resources + b">> " + page_extra + b">>",
        stream(content),
        HELVETICA,
    ])


def deeply_nested_pdf(depth: int = 20_000) -> bytes:
    """A readable paper whose page dictionary also holds an array nested ``depth`` levels deep
    (parsers that recurse per level overflow their stack)."""
    return one_page_pdf(text_content(SHORT_PAPER), page_extra=b"/Junk " + b"[" * depth + b"]" * depth)


def nested_forms_pdf(levels: int = 30) -> bytes:
    """Each form XObject draws the next one twice: 2**levels draws of one word. The PDF is 6 KB;
    a reader that follows it never finishes and keeps allocating."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /X0 6 0 R >> >> >>",
        stream(text_content(SHORT_PAPER) + b"\n/X0 Do"),
        HELVETICA,
    ]
    for level in range(levels):
        last = level == levels - 1
        body = b"BT /F1 1 Tf 0 0 Td (Fass) Tj ET" if last else b"/X%d Do /X%d Do" % (level + 1, level + 1)
        xobjects = b"" if last else b"/XObject << /X%d %d 0 R >>" % (level + 1, 7 + level)
        objects.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 5 0 R >> " + xobjects + b" >> /Length %d >>\nstream\n"
                       % len(body) + body + b"\nendstream")
    return raw_pdf(objects)


def inflating_pdf(gigabytes: float = 1.0) -> bytes:
    """A decompression bomb: a ~1 MB page content stream that inflates to ``gigabytes`` of blanks
    before a short paper. Made from one compressed megabyte repeated: after a full flush the
    pieces are independent, so a valid stream costs nothing to build."""
    blank, paper = b" " * 2**20, b"\n" + text_content(SHORT_PAPER)
    copies = int(gigabytes * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate, wrapped by hand below
    piece = compressor.compress(blank) + compressor.flush(zlib.Z_FULL_FLUSH)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    end = compressor.compress(paper) + compressor.flush()
    checksum = 1
    for _ in range(copies):
        checksum = zlib.adler32(blank, checksum)
    checksum = zlib.adler32(paper, checksum)
    body = b"\x78\xda" + piece * copies + end + checksum.to_bytes(4, "big")
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream",
        HELVETICA,
    ])


def blank_pages_pdf(pages: int = 2000) -> bytes:
    """``pages`` empty A4 pages sharing one empty content stream."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
               stream(b"")]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * pages
    return raw_pdf(objects)


def huge_text(megabytes: float = 4.0) -> bytes:
    """One enormous council text (a budget plan exported whole): slow to extract, not broken."""
    paper = synthetic.render_text(synthetic.compose(0)).encode("utf-8")
    return paper * int(megabytes * 2**20 // len(paper) + 1)


# --- files that need other tools --------------------------------------------------------------

def paper_pdf(index: int = 6) -> bytes:
    return synthetic.render_pdf(synthetic.compose(index))


def encrypted_pdf(source: bytes, user: str, owner: str) -> bytes:
    """The PDF encrypted with qpdf (AES-256); an empty ``user`` password opens it for reading."""
    qpdf = shutil.which("qpdf")
    if not qpdf:
        raise RuntimeError("qpdf is needed to make the encrypted PDFs (apt-get install qpdf)")
    tmp = HERE / ".tmp-encrypt.pdf"
    tmp.write_bytes(source)
    try:
        return subprocess.run([qpdf, "--encrypt", user, owner, "256", "--", str(tmp), "-"],
                              check=True, capture_output=True).stdout
    finally:
        tmp.unlink()


def scanned_pdf(text: str = SCAN_PAPER, dpi: int = 200) -> bytes:
    """An A4 page that is only an image of typed German text: no text layer, OCR must read it."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    width, height = int(8.27 * dpi), int(11.69 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    size = int(11 / 72 * dpi)
    font = ImageFont.truetype(str(DEJAVU), size) if DEJAVU.exists() else ImageFont.load_default(size)
    y = int(0.9 * dpi)
    for line in text.splitlines():
        draw.text((int(0.9 * dpi), y), line, font=font, fill=0)
        y += int(size * 1.5)
    buffer = io.BytesIO()
    image.convert("1").save(buffer, format="PNG", optimize=True)
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=595.28, h=841.89)
    return bytes(pdf.output())


def jpeg_bytes() -> bytes:
    """A small photo-like JPEG (noise and a gradient)."""
    from PIL import Image

    rng = random.Random(7)
    image = Image.new("RGB", (160, 120))
    image.putdata([(x, y * 2, rng.randrange(256)) for y in range(120) for x in range(160)])
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


# --- corpora and databases for the scale tests (workers, Dask, crash) ---------------------------

def mixed_corpus(folder: Path, papers: int, pdfs: int = 0) -> Path:
    """``papers`` synthetic text papers (the first ``pdfs`` of them as PDFs too) plus a few hostile
    files, so that error rows are compared as well as papers."""
    for index in range(papers):
        formats = ("txt", "pdf") if index < pdfs else ("txt",)
        synthetic.write_paper(folder, index, formats=formats)
    for name in ("truncated.pdf", "noise.txt", "english.txt", "empty.pdf"):
        shutil.copy(HERE / name, folder / "txt" / name)
    return folder


def database_rows(db_path: Path, skip_columns: frozenset = frozenset()) -> dict[str, list]:
    """Every row of every table except the run log, sorted: what must be equal between two
    databases built from the same files (run ids included unless skipped: both count from 1)."""
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'papers_fts%' "
            "AND name NOT IN ('runs', '_sqlite_migrations') "
            "AND name NOT LIKE 'sqlite!_%' ESCAPE '!'")]  # SQLite's own: sequences, planner statistics
        rows = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")
                       if r[1] not in skip_columns]
            rows[table] = sorted(map(repr, conn.execute(
                f"SELECT {', '.join(f'[{c}]' for c in columns)} FROM [{table}]")))
        return rows


# --- the committed files -------------------------------------------------------------------------

def committed_files() -> dict[str, bytes]:
    paper = paper_pdf()
    return {
        "paper.pdf": paper,
        "paper.txt": synthetic.render_text(synthetic.compose(12)).encode("utf-8"),
        "truncated.pdf": paper[: len(paper) * 2 // 5],
        "encrypted-user-password.pdf": encrypted_pdf(paper, "geheim", "verwaltung"),
        "encrypted-owner-password-only.pdf": encrypted_pdf(paper_pdf(13), "", "verwaltung"),
        "empty.pdf": b"",
        "photo.pdf": jpeg_bytes(),
        "deeply-nested.pdf": deeply_nested_pdf(),
        "scan.pdf": scanned_pdf(),
        "windows-1252.txt": synthetic.render_text(synthetic.compose(14)).encode("cp1252"),
        "utf-16.txt": synthetic.render_text(synthetic.compose(15)).encode("utf-16"),
        "noise.txt": random.Random(11).randbytes(6000),
        "english.txt": ENGLISH_PAPER.encode("utf-8"),
    }


def main() -> None:
    for name, data in committed_files().items():
        (HERE / name).write_bytes(data)
        print(f"{name:38} {len(data):>8} bytes")


if __name__ == "__main__":
    main()
