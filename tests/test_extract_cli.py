"""`ratsspur extract` prints the gold files' shape, every fact with its span and page."""
import json
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli

ROOT = Path(__file__).resolve().parent.parent
FACT_LISTS = ("consultations", "decisions", "amounts", "dates", "references", "positions", "entities")


def extract(*paths):
    result = CliRunner().invoke(cli, ["extract", *map(str, paths)])
    return result, [json.loads(line) for line in result.output.splitlines() if line.strip()]


def test_shape_of_a_text_paper():
    result, records = extract(ROOT / "corpus/leverkusen/2024-3092.txt")
    assert result.exit_code == 0
    (record,) = records
    assert set(record) == {"source", "paper", *FACT_LISTS}
    assert {"path", "sha256", "pages"} <= set(record["source"])
    assert {"body", "reference", "type", "date", "subject", "parent"} <= set(record["paper"])
    assert record["paper"]["reference"] == "2024/3092"
    for name in FACT_LISTS:
        assert record[name], name
        for fact in record[name]:
            assert fact["end"] > fact["start"] >= 0 and fact["page"] == 1, (name, fact)


def test_pdf_facts_carry_their_page():
    result, (record,) = extract(ROOT / "corpus/koblenz/BV-0197-2026.pdf")
    assert result.exit_code == 0
    assert record["source"]["pages"] == 8
    assert record["paper"]["reference"] == "BV/0197/2026"
    pages = {fact["page"] for name in FACT_LISTS for fact in record[name]}
    assert max(pages) > 1 and min(pages) == 1


def test_unreadable_file_gives_an_error_record(tmp_path):
    empty = tmp_path / "leer.pdf"
    empty.write_bytes(b"")
    result, (record,) = extract(empty)
    assert result.exit_code == 1
    assert record["error"]["error"] == "empty"
