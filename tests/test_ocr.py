"""OCR of scanned pages (issue 5): Tesseract's German model through its TSV output, with the
page's mean word confidence; bounded in pages and pixels; skipped cleanly without Tesseract."""
from pathlib import Path

import pytest

from pipeline import ocr, sources
from pipeline.ingest import process_file
from pipeline.sources import read_source
from tests.hostile import make_hostile

needs_tesseract = pytest.mark.skipif(not ocr.tesseract_available(),
                                     reason="tesseract is not installed (make system-deps)")


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scan") / "scan.pdf"
    path.write_bytes((make_hostile.HERE / "scan.pdf").read_bytes())
    return path


def test_render_scale_is_300_dpi_but_never_a_gigantic_image():
    assert ocr.ocr_scale(595, 842) == pytest.approx(300 / 72)  # A4
    scale = ocr.ocr_scale(14400, 14400)  # a 5 m square page
    assert (14400 * scale) ** 2 <= ocr.MAX_OCR_PIXELS * 1.001


@needs_tesseract
def test_scanned_page_is_read_with_its_confidence(scan):
    source = read_source(scan)
    assert [page.method for page in source.pages] == ["ocr"]
    page = source.pages[0]
    assert 60 <= page.ocr_confidence <= 100
    for words in ("Vorlage Nr. 2023/0816", "Turnhalle", "Begründung:", "450.000 Euro"):
        assert words in page.text
    assert "\n\n" in page.text  # paragraphs stay apart


def test_without_ocr_a_scan_has_no_text(scan):
    outcome = process_file(str(scan), ocr=False)
    assert outcome.error == "no_text" and "scan without OCR" in outcome.message


def test_without_tesseract_the_page_keeps_its_empty_text_layer(scan, monkeypatch):
    monkeypatch.setattr(ocr, "tesseract_available", lambda: False)
    source = read_source(scan)
    assert [(page.method, page.text.strip()) for page in source.pages] == [("pdf", "")]


def test_ocr_stops_after_the_page_budget(tmp_path, monkeypatch):
    """A 3-page scan with a budget of 2: the third page is not sent to Tesseract."""
    from fpdf import FPDF

    calls = []
    monkeypatch.setattr(sources, "MAX_OCR_PAGES", 2)
    monkeypatch.setattr(ocr, "ocr_page", lambda page: calls.append(page) or ocr.Recognised("Seite", 90.0))
    pdf = FPDF(unit="pt", format="A4")
    image = tmp_path / "dot.png"
    from PIL import Image

    Image.new("L", (40, 40), 0).save(image)
    for _ in range(3):
        pdf.add_page()
        pdf.image(str(image), x=100, y=100, w=40, h=40)
    path = tmp_path / "three.pdf"
    pdf.output(str(path))
    source = read_source(path)
    assert [page.method for page in source.pages] == ["ocr", "ocr", "pdf"]
    assert len(calls) == 2


@needs_tesseract
def test_tsv_lines_and_confidence_from_an_image():
    import io

    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1400, 260), 255)
    draw = ImageDraw.Draw(image)
    font_path = make_hostile.DEJAVU
    font = ImageFont.truetype(str(font_path), 40) if font_path.exists() else ImageFont.load_default(40)
    draw.text((40, 40), "Der Rat beschließt die Änderung", font=font, fill=0)
    draw.text((40, 140), "der Gebührensatzung für 2024.", font=font, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    recognised = ocr.ocr_image_bytes(buffer.getvalue())
    assert recognised.text.splitlines()[0].startswith("Der Rat beschließt")
    assert "Gebührensatzung" in recognised.text
    assert recognised.confidence > 70
