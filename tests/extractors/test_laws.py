"""Law references: annotated shapes (``<0>...</0>`` marks each expected mention), sections whose
law cannot be named, the law names table, and a hypothesis property."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import laws
from tests.extractors.annotate import parse_annotated

# (annotated text, [(target, relation) per marked mention, in tag order]).
CASES = [
    # Law names (data/laws.yml).
    ("Im <0>§ 9 des Teilhabe- und Integrationsgesetzes</0> ist die Förderung geregelt.",
     [("§ 9 TIntG", "mentions")]),
    ("auf der Grundlage des <0>Gesetzes zur Förderung der gesellschaftlichen Teilhabe und Integration NRW "
     "(§ 7)</0> und des Integrationskonzeptes", [("§ 7 TIntG", "based_on")]),
    # Abbreviations (refex and data/laws.yml).
    ("Die Satzung beruht auf <0><1>§§ 3, 4 Abs. 2 GemO</1></0>.",
     [("§ 3 GemO", "mentions"), ("§ 4 GemO", "mentions")]),
    ("Das Selbstverwaltungsrecht (<0>Art. 28 Abs. 2 GG</0>) bleibt unberührt.", [("Art. 28 GG", "mentions")]),
    ("b) gemäß <0><1>§ 3 Abs. 2 und § 4 Abs. 2 Baugesetzbuch</1></0> – BauGB – die Auslegung",
     [("§ 3 BauGB", "based_on"), ("§ 4 BauGB", "based_on")]),
    ("der in <0>§ 1 Abs. 6 Nr. 7 Buchstabe b BauGB</0> genannten Schutzgüter", [("§ 1 BauGB", "mentions")]),
    ("Die Förderung erfolgt nach <0>§ 16i SGB II</0>.", [("§ 16i SGB II", "mentions")]),
    # A state printed after a state law's abbreviation is part of it; the full name maps through the table.
    ("Die Gebühren werden nach <0><1>§§ 7, 8 KAG NRW</1></0> erhoben.",
     [("§ 7 KAG NRW", "mentions"), ("§ 8 KAG NRW", "mentions")]),
    ("gemäß <0>§ 44 GemO BW</0> und <1>§ 4 des Kommunalabgabengesetzes NRW</1>",
     [("§ 44 GemO BW", "based_on"), ("§ 4 KAG NRW", "based_on")]),
    ("nach <0>§ 58 Abs. 1 KVG LSA</0>", [("§ 58 KVG LSA", "mentions")]),
    ("Gemäß <0>§ 36 Abs. 2 Buchst. a BezVG</0> ist die BVV zuständig; <1>§ 82 GemHVO-Doppik</1> gilt.",
     [("§ 36 BezVG", "based_on"), ("§ 82 GemHVO-Doppik", "mentions")]),
    ("gemäß <0>§ 178\nAbs. 4 KSVG</0>; nach <1>§ 26\nAbs. 1 KrO NRW</1>", [("§ 178 KSVG", "based_on"), ("§ 26 KrO NRW", "mentions")]),
    # "i. V. m." chains one clause: its "i." ends no sentence, so the cue before reaches the second law.
    ("2. den Bebauungsplan \"Heiligkreuz-Areal (H 93)\" gemäß <0>§ 10 Abs. 1 BauGB</0> i. V. m.\n   <1>§ 24 GemO</1> als Satzung.",
     [("§ 10 BauGB", "based_on"), ("§ 24 GemO", "based_on")]),
    # A law the table does not know, named in full with its abbreviation in brackets; not a contract.
    ("gemäß <0>§ 4 Abs. 2 Nr. 1 des Wärmeplanungsgesetzes (WPG)</0>; nach <1>§ 64 des Schulgesetzes des Landes "
     "Sachsen-Anhalt (SchulG LSA)</1>; § 5 des Vertrages mit der Stadtwerke GmbH (SWG)",
     [("§ 4 WPG", "based_on"), ("§ 64 SchulG LSA", "mentions")]),
    # A section after a law's name that names its own law after it is that law's.
    ("gemäß <0><1>§ 4 und § 28 Abs. 2 Nr. 4 SächsGemO</1></0>, <2>§ 7 Abs. 2 SächsKAG</2>",
     [("§ 4 SächsGemO", "based_on"), ("§ 28 SächsGemO", "based_on"), ("§ 7 SächsKAG", "based_on")]),
    # Article lists (refex reads "3 und" as "3u"); the states' local government acts by name.
    ("Nach <0><1><2>Art. 2, 3 und 5 BayKAG</2></1></0>.",
     [("Art. 2 BayKAG", "mentions"), ("Art. 3 BayKAG", "mentions"), ("Art. 5 BayKAG", "mentions")]),
    ("Nach <0>Art. 70 Abs. 1 der Bayerischen Gemeindeordnung</0> und <1>§ 2 der Hessischen Gemeindeordnung</1>.",
     [("Art. 70 BayGO", "mentions"), ("§ 2 HGO", "mentions")]),
    ("Gemäß <0>§ 58 des Niedersächsischen Kommunalverfassungsgesetzes</0> und <1>§ 34 des "
     "Kommunalselbstverwaltungsgesetzes</1>", [("§ 58 NKomVG", "based_on"), ("§ 34 KSVG", "based_on")]),
]


@pytest.mark.parametrize("annotated, expected", CASES)
def test_annotated_shapes(annotated, expected):
    text, spans = parse_annotated(annotated)
    found = laws.extract(text)
    assert [(r.target, r.relation) for r in found] == expected
    assert all(r.target_kind == "law" and r.date is None for r in found)
    assert [(r.start, r.end) for r in found] == spans
    assert all(r.text == text[r.start:r.end] for r in found)


@pytest.mark.parametrize("text", [
    # A section of a contract, and sections whose law is not named: no law to cite.
    "Gemäß dem Kooperations- und Weiterleitungsvertrag zur Implementierung, § 5 (7), ist vereinbart:",
    "Sachbearbeitung Aufenthaltsrecht nach §§ 25 a und b (neu)",
])
def test_no_law(text):
    assert laws.extract(text) == []


def test_law_table_is_well_formed():
    table = laws.law_table()
    assert table["TIntG"] and "GO NRW" in table
    for abbreviation, names in table.items():
        assert abbreviation.strip() == abbreviation and all(n.strip() == n for n in names)


_WORDS = ["§", "§§", "9", "3,", "Abs.", "2", "und", "i.V.m.", "den", "TIntG", "GemO", "BauGB", "SGB II",
          "Art.", "GG", "des", "Teilhabe- und Integrationsgesetzes", "NRW", "(", ")", "gemäß", "\n", "."]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=60).map(" ".join))
def test_never_raises_on_law_like_word_salad(text):
    found = laws.extract(text)
    assert [(r.start, r.end) for r in found] == sorted((r.start, r.end) for r in found)
    assert all(r.text == text[r.start:r.end] and r.target_kind == "law" for r in found)


def test_bad_input():
    assert laws.extract("") == [] and laws.extract(None) == []  # type: ignore[arg-type]
