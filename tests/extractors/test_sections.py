"""Sections: table-driven heading shapes, the seeds' section sequence, and invariants."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.sections import find_sections, section_named
from pipeline.normalize import normalize

ROOT = Path(__file__).resolve().parents[2]


def names(text: str) -> list[tuple[str, str]]:
    return [(s.name, s.heading) for s in find_sections(text)]


# (paper text, expected [(name, heading as printed)])
CASES = [
    # A heading alone on its line, with and without colon.
    ("Betreff:\nNeubau einer Kita\n\nBegründung\nDer Bedarf ist gestiegen.",
     [("subject", "Betreff:"), ("reasoning", "Begründung")]),
    # Label and text on one line: "Beschlussentwurf: Der Haupt- und Finanzausschuss ...".
    ("Beschlussentwurf: Der Haupt- und Finanzausschuss empfiehlt.\nSachverhalt:\nText.",
     [("resolution", "Beschlussentwurf:"), ("facts", "Sachverhalt:")]),
    # A table cell after a tab: "TOP<TAB>Betreff Ergänzung des Stellenplans".
    ("TOP\tBetreff Ergänzung des Stellenplans 2023: Fachbereich II\nBeschlussentwurf: Der Rat beschließt.",
     [("subject", "Betreff"), ("resolution", "Beschlussentwurf:")]),
    # A numbered heading with a qualifying tail (Leverkusen's finance form).
    ("Text.\nI) Finanzielle Auswirkungen im Jahr der Umsetzung und in den Folgejahren\nNein",
     [("finance", "I) Finanzielle Auswirkungen im Jahr der Umsetzung und in den Folgejahren")]),
    ("II) Nachhaltigkeit der Maßnahme im Sinne des Klimaschutzes:\nKlimaschutz\nbetroffen",
     [("climate", "II) Nachhaltigkeit der Maßnahme im Sinne des Klimaschutzes:")]),
    # Consultation headings with column titles; ALLRIS "Gremienweg:".
    ("Beratungsfolge Datum Zuständigkeit Behandlung\nRat 13.12.2021 Entscheidung öffentlich",
     [("consultation", "Beratungsfolge Datum Zuständigkeit Behandlung")]),
    ("Beratungsfolge\tTermin\tBehandlung\nRat\t26.09.2023\töffentlich", [("consultation", "Beratungsfolge")]),
    ("Gremienweg:\n28.05.2026 Stadtrat", [("consultation", "Gremienweg:")]),
    ("Unterrichtung:\nIm Oktober wurde ...\nAuswirkungen auf den Klimaschutz:\nkeine",
     [("information", "Unterrichtung:"), ("climate", "Auswirkungen auf den Klimaschutz:")]),
    ("Auswirkungen auf Klima und Umwelt:\nkeine\nAnlagen:\n1. Lageplan",
     [("climate", "Auswirkungen auf Klima und Umwelt:"), ("attachments", "Anlagen:")]),
    # Combined headings and qualifying words before the colon.
    ("Sachdarstellung/Begründung:\nText.\nBeschlussvorschlag der Verwaltung:\nJa.",
     [("facts", "Sachdarstellung/Begründung:"), ("resolution", "Beschlussvorschlag der Verwaltung:")]),
    # A resolution sentence opens the decision text.
    ("Sachverhalt:\nText.\nDer Gemeinderat beschließt:\nDer Zuschuss wird gewährt.",
     [("facts", "Sachverhalt:"), ("resolution", "Der Gemeinderat beschließt:")]),
    ("Die Bezirksverordnetenversammlung möge beschließen:\nDas Bezirksamt wird ersucht, zu prüfen.",
     [("resolution", "Die Bezirksverordnetenversammlung möge beschließen:")]),
    # ... but not a second time inside a Beschlussentwurf.
    ("Beschlussentwurf:\nDer Rat der Stadt Leverkusen beschließt die nachfolgenden Maßnahmen:\n1. Eins.",
     [("resolution", "Beschlussentwurf:")]),
    # Signature blocks: "gezeichnet:" once, however many "In Vertretung" follow.
    ("Beschlussentwurf:\nText.\ngezeichnet:\nIn Vertretung\nMolitor\nIn Vertretung\nLünenbach",
     [("resolution", "Beschlussentwurf:"), ("signature", "gezeichnet:")]),
    ("Beteiligte Fachbereiche:\nFB\nBürgermeister o.V.i.A.\nAlexander Stehl",
     [("departments", "Beteiligte Fachbereiche:"), ("signature", "Bürgermeister o.V.i.A.")]),
    # A place-and-date line ends the body, but atop a letter it is the letter's date.
    ("Beschlussvorschlag:\nDer Ausschuss ist einverstanden.\n\nSiegburg, 12.06.2024",
     [("resolution", "Beschlussvorschlag:"), ("signature", "Siegburg, 12.06.2024")]),
    ("Koblenz, 09.04.2026\nAn alle Mitglieder\nTagesordnung\nPunkt 1.1",
     [("agenda", "Tagesordnung")]),
    # "Der Oberbürgermeister" in the letterhead is no signature.
    ("Stadt Leverkusen\nDer Oberbürgermeister\nBetreff:\nX", [("subject", "Betreff:")]),
    ("Begründung:\nText.\nDer Oberbürgermeister\nIn Vertretung",
     [("reasoning", "Begründung:"), ("signature", "Der Oberbürgermeister")]),
    # Form fields after the items: the legal basis, who decides, equality, the climate, a referral.
    ("Beschlussvorschlag:\n1. A.\nRechtsgrundlage:\n§ 41 Abs. 2 SächsGemO\nBeschlusskompetenz: Rat\n"
     "Zuständigkeit: Rat\nKlimawirkung:\npositiv\nBerücksichtigung von Gender-Aspekten\nKeine.\n"
     "Überweisung in den Ortsbeirat/die Ortsbeiräte: nein\n26.02.2024 gez. A. Horn",
     [("resolution", "Beschlussvorschlag:"), ("legal", "Rechtsgrundlage:"), ("legal", "Beschlusskompetenz:"),
      ("legal", "Zuständigkeit:"), ("climate", "Klimawirkung:"), ("equality", "Berücksichtigung von Gender-Aspekten"),
      ("referral", "Überweisung in den Ortsbeirat/die Ortsbeiräte: nein"), ("signature", "26.02.2024 gez. A. Horn")]),
    ("Zuständigkeit und Rolle Stabsstelle KI beim Kommunalen Integrationsmanagement:\n\nText", []),
    ("Beschlussvorschlag:\n1. A.\n\nÄnderungen gegenüber der Ursprungsfassung:\nZiffer 2\nHinweis:\nX",
     [("resolution", "Beschlussvorschlag:"), ("notes", "Änderungen gegenüber der Ursprungsfassung:"),
      ("notes", "Hinweis:")]),
    # Frankfurt's outline: "I. Die Stadtverordnetenversammlung wolle beschließen:".
    ("Betreff: X\n\nI. Die Stadtverordnetenversammlung wolle beschließen:\n\n1. Zugestimmt.\n\nII. Begründung:\nText.",
     [("subject", "Betreff:"), ("resolution", "I. Die Stadtverordnetenversammlung wolle beschließen:"),
      ("reasoning", "II. Begründung:")]),
    # A name over the signer's office; a form's vote field; a finance question with its answer.
    ("Beschlussvorschlag:\n1. Der Kreistag beschließt.\n\nTanja Schweiger\nLandrätin",
     [("resolution", "Beschlussvorschlag:"), ("signature", "Tanja Schweiger\nLandrätin")]),
    ("Stadt Kassel\nSabine Muster\nOberbürgermeisterin\nBetreff:\nX", [("subject", "Betreff:")]),
    ("Beschlussvorschlag:\nDer Marktgemeinderat beschließt die Satzung.\n\nAbstimmungsergebnis:\nJa: ___",
     [("resolution", "Beschlussvorschlag:"), ("vote", "Abstimmungsergebnis:")]),
    ("Beschlussantrag:\nDer Gemeinderat stimmt zu.\nFinanzielle Auswirkungen? ja\nGesamtkosten 450.000 €",
     [("resolution", "Beschlussantrag:"), ("finance", "Finanzielle Auswirkungen? ja")]),
    ("Beschlussantrag:\nDer Gemeinderat stimmt zu.\nFinanzielle Auswirkungen Ja ☒ Nein ☐\nX",
     [("resolution", "Beschlussantrag:"), ("finance", "Finanzielle Auswirkungen Ja ☒ Nein ☐")]),
    # Not headings: a sentence that starts with a heading word, an attachment's own heading,
    # a document title, items of an Anlagen list.
    ("Antrag auf Förderung wurde gestellt.\nAnlage 1 zu BV/0197/2026\nBegründung\nzum Bebauungsplan Nr. 336", []),
    ("Anlage/n:\nSatzung\nBegründung\nHistorie:\n", [("attachments", "Anlage/n:"), ("history", "Historie:")]),
    ("", []),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_heading_shapes(text, expected):
    assert names(text) == expected


def test_running_page_header_is_not_a_section():
    page = "Bebauungsplan Nr. 336 • Stadt Koblenz\nBegründung\n{n}\nText auf Seite {n}.\n"
    text = "Inhaltsverzeichnis\n1. Anlass\n" + "".join(page.format(n=n) for n in range(2, 6))
    assert [s.name for s in find_sections(text)] == ["contents"]


def test_body_and_end():
    text = "Betreff:\n\nNeubau einer Kita\n\nBeschlussentwurf: Der Rat beschließt.\n\ngezeichnet:\nMüller"
    subject, resolution, signature = find_sections(text)
    assert text[subject.body_start:subject.end] == "Neubau einer Kita"
    assert text[resolution.body_start:resolution.end] == "Der Rat beschließt."
    assert signature.heading == "gezeichnet:"
    assert section_named(find_sections(text), "resolution") == resolution
    assert section_named(find_sections(text), "finance") is None


SEED_SECTIONS = {
    "corpus/leverkusen/2024-3092.txt": ["consultation", "subject", "resolution", "signature", "finance",
                                        "climate", "reasoning", "finance", "reasoning"],
    "corpus/leverkusen/2021-1121.txt": ["consultation", "subject", "resolution", "signature", "finance",
                                        "climate", "reasoning", "reasoning"],
    "corpus/siegburg/3360-VIII.txt": ["facts", "finance", "resolution", "signature"],
    "corpus/hueckeswagen/FB-II-4753-2023.txt": ["subject", "resolution", "consultation", "facts", "finance",
                                                "climate", "departments", "signature"],
    "corpus/leverkusen/2021-1121-anlage-4.txt": [],
}


def _manifest_papers() -> list[str]:
    with (ROOT / "tests/gold/MANIFEST.csv").open(encoding="utf-8") as handle:
        return [row["corpus_path"] for row in csv.DictReader(handle)]


@pytest.mark.parametrize("path", _manifest_papers())
def test_seed_sections(path):
    text = normalize((ROOT / path).read_text(encoding="utf-8")).text
    sections = find_sections(text)
    assert [s.name for s in sections] == SEED_SECTIONS[path]
    _check_invariants(text, sections)


def _check_invariants(text, sections):
    previous_end = 0
    for s in sections:
        assert s.text == text[s.start:s.end]
        assert text[s.start:s.start + len(s.heading)] == s.heading
        assert s.start + len(s.heading) <= s.body_start <= s.end or s.body_start == s.end
        assert s.start >= previous_end
        previous_end = s.end


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Betreff:Beschlussentwurf Sachverhalt\n\t .1)a-gez")) , max_size=300))
def test_never_raises_on_heading_soup(text):
    _check_invariants(text, find_sections(text))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_on_any_text(text):
    _check_invariants(text, find_sections(text))
