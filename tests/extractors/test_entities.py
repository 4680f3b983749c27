"""Named entities: organisations, authorities, programmes, committees (EntityRuler) and signers."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import entities
from pipeline.commitments import load_programmes
from pipeline.normalize import normalize
from tests.extractors.annotate import parse_annotated

PROGRAMMES = load_programmes()  # the packaged programmes.yml
KIM = "Kommunales Integrationsmanagement"

ROOT = Path(__file__).resolve().parents[2]




# (annotated text, [(label, canonical name), ...] in order of the marks)
CASES = [
    ("Träger sind die <0>Arbeiterwohlfahrt</0> - <1>AWO</1>, der <2>Caritas-Verband</2> und die <3>Diakonie</3>.",
     [("ORG", "Arbeiterwohlfahrt"), ("ORG", "Arbeiterwohlfahrt"), ("ORG", "Caritasverband"), ("ORG", "Diakonie")]),
    ("Landesprogramm „<0>Kommunales Integrationsmanagement NRW</0>“ (<1>KIM NRW</1>) und <2>KIM</2>",
     [("PROGRAMME", KIM)] * 3),
    ("die Umsetzung des <0>Kommunalen Integrationsmanagements</0> im <1>Kommunalen Integrationszentrum</1> (<2>KI</2>)",
     [("PROGRAMME", KIM), ("AUTHORITY", "Kommunales Integrationszentrum"),
      ("AUTHORITY", "Kommunales Integrationszentrum")]),
    ("Mittel aus dem Programm KI 3.0 Kap. II und dem <0>DigitalPakt Schule</0>",  # "KI" without its long form
     [("PROGRAMME", "DigitalPakt Schule")]),
    ("mit <0>Bundesagentur für Arbeit</0>, <1>Jobcenter</1>, <2>Ausländerbehörde</2> u.a.",
     [("AUTHORITY", "Bundesagentur für Arbeit"), ("AUTHORITY", "Jobcenter"), ("AUTHORITY", "Ausländerbehörde")]),
    ("mit dem <0>Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration</0> des Landes",
     [("AUTHORITY", "Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration")]),
    ("Bescheid der <0>Bezirksregierung Arnsberg</0> an den <1>Rhein-Sieg-Kreis</1>",
     [("AUTHORITY", "Bezirksregierung Arnsberg"), ("AUTHORITY", "Rhein-Sieg-Kreis")]),
    ("Der <0>Rat der Stadt Leverkusen</0> folgt dem <1>Ausschuss für Soziales, Gesundheit und Senioren</1>.",
     [("COMMITTEE", "Rat der Stadt Leverkusen"),
      ("COMMITTEE", "Ausschuss für Soziales, Gesundheit und Senioren")]),
    ("Sitzung des <0>Finanz- und Digitalisierungsausschusses</0> und des <1>Haupt-, Finanz- und Beschwerdeausschusses</1>",
     [("COMMITTEE", "Finanz- und Digitalisierungsausschuss"),
      ("COMMITTEE", "Haupt-, Finanz- und Beschwerdeausschuss")]),
    ("Beschluss des <0>Ausschusses für Bürgereingaben\nund Umwelt</0>, dann <1>Stadtrat</1>, <2>Kreistag</2>, "
     "<3>Bezirksvertretung III</3> und <4>Rat</4>",
     [("COMMITTEE", "Ausschuss für Bürgereingaben und Umwelt"), ("COMMITTEE", "Stadtrat"),
      ("COMMITTEE", "Kreistag"), ("COMMITTEE", "Bezirksvertretung III"), ("COMMITTEE", "Rat")]),
]


@pytest.mark.parametrize("annotated, expected", CASES)
def test_ruler(annotated, expected):
    text, spans = parse_annotated(annotated)
    found = [e for e in entities.extract(text, programmes=PROGRAMMES) if e.label != "PERSON"]
    assert [(e.label, e.name) for e in found] == expected
    assert [(e.start, e.end) for e in found] == spans
    assert all(e.text == text[e.start:e.end] for e in found)


SIGNATURES = [
    # Leverkusen, Markdown export: one name a line, "In Vertretung" above.
    ("gezeichnet:\n\n<0>Richrath</0>\n\nIn Vertretung\n<1>Molitor</1>\n\nIn Vertretung\n<2>Lünenbach</2>\n\n"
     "I) Finanzielle Auswirkungen", ["Richrath", "Molitor", "Lünenbach"]),
    # Leverkusen, PDF: the three surnames on one line under "In Vertretung In Vertretung".
    ("gezeichnet:\nIn Vertretung In Vertretung\n<0>Richrath</0> <1>Molitor</1> <2>Lünenbach</2>\nI) Finanzielle",
     ["Richrath", "Molitor", "Lünenbach"]),
    ("Kenntnis genommen\n\nBürgermeister o.V.i.A.\n\n<0>Alexander Stehl</0>", ["Alexander Stehl"]),
    ("Mit freundlichen Grüßen Anlagen\nim Auftrag\n<0>Kehr</0>", ["Kehr"]),
    ("In Vertretung\n<0>Dr. Hartmann</0>\nBeigeordneter\n\nBegründung:", ["Dr. Hartmann"]),
    ("gez. <0>Schmitz-Wenzel</0>", ["Schmitz-Wenzel"]),
    ("Im Auftrag der Stadt hat das Büro die Zahlen geprüft.\nDie Ergebnisse folgen.", []),
    ("gemäß § 3 i.V.m. § 4 GO NRW\nMüller", []),
    ("Siegburg, 12.06.2024", []),
]


@pytest.mark.parametrize("annotated, expected", SIGNATURES)
def test_signers(annotated, expected):
    text, spans = parse_annotated(annotated)
    found = [e for e in entities.extract(text) if e.label == "PERSON"]
    assert [e.name for e in found] == expected
    assert [(e.start, e.end) for e in found] == spans


def _seed_texts() -> dict[str, str]:
    with (ROOT / "tests" / "gold" / "MANIFEST.csv").open(encoding="utf-8") as handle:
        return {row["corpus_path"]: normalize((ROOT / row["corpus_path"]).read_text(encoding="utf-8")).text
                for row in csv.DictReader(handle)}


def test_seeds():
    """What a reader of the seeds sees: every seed is about KIM NRW; who signed; who is involved."""
    found = {path: entities.extract(text, programmes=PROGRAMMES) for path, text in _seed_texts().items()}
    for path, ents in found.items():
        assert KIM in {e.name for e in ents if e.label == "PROGRAMME"}, path
        assert all(e.text == e.text.strip() and e.name for e in ents)
    names = lambda path, label: [e.name for e in found[path] if e.label == label]  # noqa: E731
    assert names("corpus/leverkusen/2024-3092.txt", "PERSON") == ["Richrath", "Molitor", "Lünenbach"]
    assert names("corpus/leverkusen/2021-1121.txt", "PERSON") == ["Richrath", "Molitor", "Lünenbach"]
    assert names("corpus/hueckeswagen/FB-II-4753-2023.txt", "PERSON") == ["Alexander Stehl"]
    assert names("corpus/siegburg/3360-VIII.txt", "PERSON") == []
    assert {"Arbeiterwohlfahrt", "Caritasverband", "Diakonie"} <= set(names("corpus/leverkusen/2024-3092.txt", "ORG"))
    assert {"Bundesagentur für Arbeit", "Jobcenter", "Ausländerbehörde"} <= set(
        names("corpus/siegburg/3360-VIII.txt", "AUTHORITY"))
    assert "Haupt-, Finanz- und Beschwerdeausschuss" in names("corpus/siegburg/3360-VIII.txt", "COMMITTEE")


def test_patterns_file_is_well_formed():
    config = yaml.safe_load(entities.PATTERNS_FILE.read_text(encoding="utf-8"))
    labels = {"ORG", "AUTHORITY", "COMMITTEE"}
    for item in config["entities"]:
        assert item["label"] in labels and item["patterns"], item


def test_pipeline_is_built_once():
    assert entities._pipeline() is entities._pipeline()


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("AWO KIM Rat der Stadt Ausschuss für, und -\ngez.:Müller")), max_size=200))
def test_never_raises_and_spans_hold(text):
    found = entities.extract(text, programmes=PROGRAMMES)
    assert [e.start for e in found] == sorted(e.start for e in found)
    assert all(e.text == text[e.start:e.end] for e in found)


def test_odd_inputs():
    assert entities.extract(None) == []  # type: ignore[arg-type]
    assert entities.extract("") == []
    big = "Die AWO und der Rat der Stadt Bonn.\n\n" * 8000  # > one spaCy chunk
    found = entities.extract(big)
    assert len(found) == 16000 and found[-1].text == "Rat der Stadt Bonn"


def _texts_for_windows() -> list[tuple[str, str]]:
    """Texts of every shape at hand: the seeds, the shape papers (text exports with and without
    blank lines) and a few hand-made PDF-like runs without any paragraph break."""
    texts = [(p.name, normalize(p.read_text(encoding="utf-8")).text)
             for folder in ("corpus", "tests/shapes") for p in sorted((ROOT / folder).rglob("*"))
             if p.suffix in (".txt", ".md")]
    texts.append(("run-on", "Der Rat der Stadt Much beschließt nach Beratung im Haupt-, Finanz- und "
                  "Beschwerdeausschuss sowie im Ausschuss für Soziales, Gesundheit, Senioren, Inklusion "
                  "und Integration z.B. mit dem Caritasverband (AWO) und dem Rhein-Erft-Kreis. "
                  "Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration"))
    return texts


@pytest.mark.parametrize("name,text", _texts_for_windows(), ids=lambda v: v if len(v) < 60 else "")
def test_windows_find_what_the_whole_text_gives(name, text):
    """spaCy reads only the windows around trigger hits (for speed); it must find exactly what
    reading the whole text finds."""
    assert entities._ruler_entities(text) == entities._ruler_entities(text, read_all=True)


def test_trigger_covers_every_pattern():
    """Every configured pattern starts with a token the trigger can express; else it is off."""
    nlp, _, trigger = entities._pipeline()
    assert trigger is not None
    assert entities._trigger(nlp, [[{"TEXT": "Rat", "OP": "?"}, {"TEXT": "X"}]]) is None
    assert entities._trigger(nlp, [[{"LEMMA": "Rat"}]]) is None
    assert entities._trigger(nlp, [[{"TEXT": "Rat", "OP": "!"}, {"TEXT": "X"}]]) is None
