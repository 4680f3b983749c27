"""Decisions: item shapes table-driven, the seeds and shape papers against their gold, the Koblenz
Beschlussvorlagen, and never-raise properties."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import decisions
from pipeline.evaluate import score_document
from pipeline.normalize import normalize
from tests.extractors.pdf_text import pdf_text

ROOT = Path(__file__).resolve().parents[2]


def items(text: str) -> list[tuple[str, str]]:
    return [(d.number, d.wording) for d in decisions.extract(text)]


# (paper text, expected [(number, wording)])
CASES = [
    # "1." items; the intro sentence before them is no item; the section ends at "gezeichnet:".
    ("Beschlussentwurf:\nDer Rat beschließt die nachfolgenden Maßnahmen:\n\n1. Die Verwaltung wird be-\nauftragt, "
     "Mittel bereitzustellen.\n\n2. Der Stellenplan\nwird ergänzt.\n\ngezeichnet:\nRichrath",
     [("1", "Die Verwaltung wird beauftragt, Mittel bereitzustellen."), ("2", "Der Stellenplan wird ergänzt.")]),
    # "1)" items with nested "a)"/"b)" kept inside their item.
    ("Beschlussvorschlag:\n1) Dem Plan wird zugestimmt.\n2) Die Verwaltung wird beauftragt,\na) zu verhandeln,\n"
     "b) zu berichten.\nSachverhalt:\nText.",
     [("1", "Dem Plan wird zugestimmt."), ("2", "Die Verwaltung wird beauftragt, a) zu verhandeln, b) zu berichten.")]),
    ("Beschlussvorschlag:\n(1) Erstens.\n(2) Zweitens.", [("1", "Erstens."), ("2", "Zweitens.")]),
    # Erfurt's zero-padded numbers alone on their lines; Hannover's "Antrag," over the items.
    ("Betreff: X\n\nBeschlussvorschlag\n\n01\nDer Rat beschließt A.\n\n02\nDer Rat beschließt B.\n\nSachverhalt\nText.",
     [("1", "Der Rat beschließt A."), ("2", "Der Rat beschließt B.")]),
    ("Betreff: X\n\nAntrag,\n\n1. der Sanierung zuzustimmen und\n2. die Verwaltung zu beauftragen.\n\n"
     "Begründung des Antrages\nText.", [("1", "der Sanierung zuzustimmen und"), ("2", "die Verwaltung zu beauftragen.")]),
    # A council group's motion.
    ("Betreff: X\n\nDie CDU-Fraktion beantragt, folgenden Beschluss zu fassen:\n\n1. Die Stadt richtet ein Programm "
     "ein.\n2. Hierfür werden Mittel bereitgestellt.\n\nBegründung:\nText.",
     [("1", "Die Stadt richtet ein Programm ein."), ("2", "Hierfür werden Mittel bereitgestellt.")]),
    # Form fields after the items end them.
    ("Beschlussvorschlag:\n1. A.\n2. B.\nBeschlussvorschriften: § 22 Abs. 2 KV M-V\nSachverhalt:\nText.",
     [("1", "A."), ("2", "B.")]),
    ("Beschlussvorschlag:\n1. A.\n2. B.\n\nTanja Schweiger\nLandrätin", [("1", "A."), ("2", "B.")]),
    # Roman numerals; a number alone on its line with its text on the next (a PDF's number column).
    ("Beschlussvorschlag:\nI. Der Rat stimmt zu.\nII. Die Verwaltung wird\nbeauftragt.\nIII. Drittens.\n"
     "IV. Viertens.\n\nBegründung:\nX",
     [("I", "Der Rat stimmt zu."), ("II", "Die Verwaltung wird beauftragt."), ("III", "Drittens."),
      ("IV", "Viertens.")]),
    ("Beschlussvorschlag:\n1.\nDer Rat beschließt A.\n2.\nDer Rat beschließt B.\n\nBegründung:\nX",
     [("1", "Der Rat beschließt A."), ("2", "Der Rat beschließt B.")]),
    # a dash alone on its line is no bullet (it may be a wrapped dash)
    ("Beschlussvorschlag:\nDer Rat beschließt:\n- erstens,\n-\nkein Punkt.\n\nBegründung:\nX",
     [("1", "erstens, - kein Punkt.")]),
    # ALLRIS "Der Ausschuss ... beschließt," then lettered items.
    ("Beschlussentwurf:\nDer Ausschuss für Mobilität beschließt,\na) den Entwurf;\nb) die Auslegung.\nBegründung:\nX",
     [("a", "den Entwurf;"), ("b", "die Auslegung.")]),
    # Bullets "-" and "•" count up from 1.
    ("Beschlussvorschlag:\nDer Ausschuss beschließt:\n- Die Vergabe erfolgt.\n- Die Ergebnisse werden vorgestellt.",
     [("1", "Die Vergabe erfolgt."), ("2", "Die Ergebnisse werden vorgestellt.")]),
    ("Beschlussantrag:\n• Eins.\n• Zwei.\n• Drei.", [("1", "Eins."), ("2", "Zwei."), ("3", "Drei.")]),
    ("Beschlussvorschlag:\n- vorab\n1. Erstens:\n- a\n- b\n2. Zweitens.",
     [("1", "Erstens: - a - b"), ("2", "Zweitens.")]),
    # Unnumbered text is item "1"; the place-and-date line ends it.
    ("Beschlussvorschlag:\n\nDer Ausschuss empfiehlt dem Rat, in seiner Sitzung am\n1. Juli 2024 die Stelle zu "
     "beschließen.\n\nSiegburg, 12.06.2024",
     [("1", "Der Ausschuss empfiehlt dem Rat, in seiner Sitzung am 1. Juli 2024 die Stelle zu beschließen.")]),
    # Inline after the heading (Hückeswagen's table export).
    ("Beschlussentwurf: Der Rat beschließt die Einrichtung einer Stelle.\n\nBeratungsfolge\tTermin\nRat\t26.09.2023",
     [("1", "Der Rat beschließt die Einrichtung einer Stelle.")]),
    # An intro that is itself the decision stays: "... wie folgt zu ändern:" before a table.
    ("Beschlussvorschlag:\nDer Rat beschließt, den Plan wie folgt zu ändern:\n\nProdukt\tÄnderung\n0401\t-25.000 €",
     [("1", "Der Rat beschließt, den Plan wie folgt zu ändern: Produkt Änderung 0401 -25.000 €")]),
    # A resolution sentence opens the decision text; its intro is not part of the item.
    ("Sachverhalt:\nText.\nDer Gemeinderat beschließt:\nDer Zuschuss wird gewährt.\nFinanzielle Auswirkungen:\nkeine",
     [("1", "Der Zuschuss wird gewährt.")]),
    ("Die Bezirksverordnetenversammlung möge beschließen:\nDas Bezirksamt wird ersucht, zu prüfen.\n\nBegründung:\nX",
     [("1", "Das Bezirksamt wird ersucht, zu prüfen.")]),
    # A wrapped number that does not count on is no new item.
    ("Beschlussvorschlag:\n1. Es werden\n12. Stellen eingerichtet.\n2. Zweitens.",
     [("1", "Es werden 12. Stellen eingerichtet."), ("2", "Zweitens.")]),
    # ALLRIS page furniture inside the text is dropped from the wording.
    ("Beschlussentwurf:\nDer Stadtrat fasst den\nSeite 2 von 8 aus Vorlage: BV/0197/2026\nGrundsatzbeschluss.",
     [("1", "Der Stadtrat fasst den Grundsatzbeschluss.")]),
    # A page break inside an item: running header and footer, footnotes, are no words of it; what
    # ends the items: a heading without colon ("Sachverhalt / Begründung"), a form's checkbox line,
    # form fields ("Überweisungsvorschlag:", "Ziel:"), a group's signatures.
    ("Beschlussvorschlag:\n1. Die Deckung erfolgt, deren Baubeginn sich in das\nLandeshauptstadt Kiel   Drucksache "
     "0412/2024   Seite 1 von 3\nDruckdatum: 06.03.2024\nLandeshauptstadt Kiel   Drucksache 0412/2024   Seite 2 von 3\n\n"
     "Haushaltsjahr 2025 verschiebt.\n2. Zweitens.\n__________\n1 Kostenberechnung nach DIN 276.\n- 2 -\n\n"
     "3. Drittens.\nSachverhalt / Begründung\nMit Vorlage VO/2023/1987 hatte der Rat beschlossen.",
     [("1", "Die Deckung erfolgt, deren Baubeginn sich in das Haushaltsjahr 2025 verschiebt."), ("2", "Zweitens."),
      ("3", "Drittens.")]),
    ("Beschlussvorschlag:\n1. Erstens.\n2. Zweitens.\nFinanzielle Auswirkungen ☐ nein ☒ wenn ja,\nAufwendungen 2026",
     [("1", "Erstens."), ("2", "Zweitens.")]),
    ("Beschlussvorschlag:\n1. Erstens.\nÜberweisungsvorschlag: Hauptausschuss\n", [("1", "Erstens.")]),
    ("Beschlussvorschlag:\n1. Erstens.\nZiel: Lückenschluss im Radverkehrsnetz.\n", [("1", "Erstens.")]),
    ("Petitum:\nDie Bezirksversammlung möge beschließen:\n1. Erstens.\n\nMichael Osterburg, Ayse Celik und "
     "Fraktion GRÜNE\n", [("1", "Erstens.")]),
    # A group's motion: "Der Gemeinderat möge beschließen:" after a sentence on its line; Bavaria's
    # "Sachvortrag:" and a Neufassung's "Änderungen gegenüber der 1. Neufassung:" end the items.
    ("gemäß § 34 GemO beantragen wir, folgenden Gegenstand auf die\nTagesordnung zu setzen. Der Gemeinderat möge "
     "beschließen:\n\n1. Die Verwaltung legt ein Programm vor.\n\n2. Mittel werden veranschlagt.\n\nBegründung:\nText.",
     [("1", "Die Verwaltung legt ein Programm vor."), ("2", "Mittel werden veranschlagt.")]),
    ("Beschlussvorschlag:\n1. Erstens.\nSachvortrag:\nDer Stadtrat hat 2019 beschlossen.", [("1", "Erstens.")]),
    ("Beschlussvorschlag:\n1. Erstens.\nÄnderungen gegenüber der 1. Neufassung: In Ziffer 2 wurde gekürzt.",
     [("1", "Erstens.")]),
    # Items run on in one line, as a Word export prints them.
    ("Beschlussentwurf: 1. Der Gemeinderat beschließt die Fortführung bis zum 31.12.2025. 2. Die Verwaltung wird "
     "ermächtigt, Fördermittel zu beantragen. 3. Der Beschluss vom 19.06.2023 wird geändert.\n\nBeratungsfolge\n",
     [("1", "Der Gemeinderat beschließt die Fortführung bis zum 31.12.2025."),
      ("2", "Die Verwaltung wird ermächtigt, Fördermittel zu beantragen."),
      ("3", "Der Beschluss vom 19.06.2023 wird geändert.")]),
    ("Beschlussentwurf: 1. Der Jugendhilfeausschuss empfiehlt die Erweiterung.\n2. Der Stellenplan wird ergänzt.\n"
     "3. Die Verwaltung wird beauftragt.\n\nBeratungsfolge\n",
     [("1", "Der Jugendhilfeausschuss empfiehlt die Erweiterung."), ("2", "Der Stellenplan wird ergänzt."),
      ("3", "Die Verwaltung wird beauftragt.")]),
    # "Beschlussfassung" as a consultation row's role cell heads no resolution.
    ("Beratungsfolge\nGemeinderat\tBeschlussfassung\töffentlich\t25.06.2024\n\nSanierung der Mensa\n\n"
     "Beschlussvorschlag:\nDer Gemeinderat beschließt die Sanierung.\n",
     [("1", "Der Gemeinderat beschließt die Sanierung.")]),
    # No resolution section: none (a Mitteilung, an Anlage).
    ("Mitteilung:\nDie Verwaltung berichtet.\n1. Punkt eins.", []),
    ("Anlage 4 zum Beschlussentwurf „KIM NRW“\n\nKonzept\n\n1. Allgemeines\n- Handlungsfeld A", []),
    ("Beschlussentwurf:\n\ngezeichnet:\nMüller", []),
    ("", []),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_item_shapes(text, expected):
    assert items(text) == expected


def test_span_is_the_printed_item():
    text = "Beschlussentwurf:\n1. Die Verwaltung wird be-\nauftragt.\n2. Zwei."
    first, second = decisions.extract(text)
    assert first.text == text[first.start:first.end] == "Die Verwaltung wird be-\nauftragt."
    assert first.wording == "Die Verwaltung wird beauftragt."
    assert second.text == "Zwei."


def _gold_papers() -> list[tuple[Path, Path]]:
    with (ROOT / "tests/gold/MANIFEST.csv").open(encoding="utf-8") as handle:
        pairs = [(ROOT / "tests/gold" / row["gold"], ROOT / row["corpus_path"]) for row in csv.DictReader(handle)]
    for gold in sorted((ROOT / "tests/shapes").glob("*.json")):
        if gold.name.startswith(("header-", "decisions-")) and "decisions" in json.loads(gold.read_text("utf-8")):
            pairs.append((gold, gold.with_suffix(".txt")))
    return pairs


@pytest.mark.parametrize("gold_path, paper_path", _gold_papers(), ids=lambda p: p.stem)
def test_gold_decisions(gold_path, paper_path):
    gold = {"decisions": json.loads(gold_path.read_text(encoding="utf-8"))["decisions"]}
    text = normalize(paper_path.read_text(encoding="utf-8")).text
    found = {"decisions": [{"number": d.number, "text": d.wording} for d in decisions.extract(text)]}
    counts, _ = score_document(gold, found)
    count = counts["decisions"]
    assert (count.fp, count.fn) == (0, 0), found["decisions"]
    assert [d["number"] for d in found["decisions"]] == [d["number"] for d in gold["decisions"]]


KOBLENZ = {
    "BV-0109-2021.pdf": ["a", "b"],
    "BV-0197-2026.pdf": ["1"],
    "UV-0310-2025.pdf": [],
    "BV-0197-2026-Anlage-1.pdf": [],
    "ASM-2026-04-21-Nachtrag-1.pdf": [],
}


@pytest.mark.parametrize("name", sorted(KOBLENZ))
def test_koblenz_pdfs(name):
    path = ROOT / "corpus/koblenz" / name
    if not path.exists():
        pytest.skip(f"{path} not in this checkout")
    found = decisions.extract(pdf_text(path))
    assert [d.number for d in found] == KOBLENZ[name]
    if name == "BV-0109-2021.pdf":
        assert found[0].wording == "den Entwurf des Bebauungsplans Nr. 336 „Entwicklung Quartier Goldgrube“;"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Beschlussentwurf:\n1.2)a(b-• Der Rat beschließt:gez")), max_size=300))
def test_never_raises_on_item_soup(text):
    for d in decisions.extract(text):
        assert d.text == text[d.start:d.end]
        assert d.wording


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_on_any_text(text):
    found = decisions.extract(text)
    assert [d.start for d in found] == sorted(d.start for d in found)
