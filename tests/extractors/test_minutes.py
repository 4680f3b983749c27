"""Minutes and their excerpts (Niederschrift, Protokoll, Auszug, Beschlussauszug): read as minutes,
not as a Vorlage. One test per convention of the annotation guide as it applies to them."""
from __future__ import annotations

from datetime import date

import pytest

from extractors import consultations, decisions, header, references
from extractors.sections import find_sections
from pipeline.normalize import normalize

EXCERPT = """Stadt Troisdorf
Der Bürgermeister

Auszug aus der Niederschrift
über die öffentliche Sitzung des Ausschusses für Planung, Umwelt und Verkehr
am 05.06.2024

TOP 7    Vorlage Nr. 2024/0456
         Ausbau der Kölner Straße zwischen Larstraße und Kreisverkehr Sieglar;
         hier: Ausführungsbeschluss

Frau Yilmaz regt an, die Radverkehrsanlage breiter auszuführen.

Beschluss: (einstimmig)
1. Der Ausschuss stimmt der Ausführungsplanung gemäß Vorlage Nr. 2024/0456 zu.
2. Die Verwaltung wird beauftragt, die Bauleistungen auszuschreiben.

Einstimmig beschlossen.

Troisdorf, 12.06.2024

Volker Mießeler   Nadine Becker
Bürgermeister     Schriftführerin
"""


def _text(raw: str) -> str:
    return normalize(raw).text


def test_an_excerpt_is_no_vorlage():
    """Its kind is the type; the agenda item's Vorlage is a reference, not its number; its date is the
    signature's, not the session's; its subject is the item's title."""
    text = _text(EXCERPT)
    values = header.header_values(header.extract(text, find_sections(text)))
    assert values["type"] == "Auszug"
    assert values.get("reference") is None
    assert values["date"] == "2024-06-12"
    assert values["subject"] == ("Ausbau der Kölner Straße zwischen Larstraße und Kreisverkehr Sieglar; "
                                 "hier: Ausführungsbeschluss")
    found = references.extract(text, find_sections(text))
    assert "2024/0456" in {r.target for r in found}


def test_a_vorlage_about_minutes_stays_a_vorlage():
    text = _text("Stadt Musterstadt\nMitteilungsvorlage\nProtokoll der Sitzung des Beirats\nVorlage Nr. 2024/0815\n"
                 "Datum: 12.03.2024\n\nBetreff: Protokoll der Sitzung des Seniorenbeirats\n")
    values = header.header_values(header.extract(text, find_sections(text)))
    assert (values["type"], values["reference"], values["date"]) == ("Mitteilungsvorlage", "2024/0815", "2024-03-12")


def test_the_session_is_the_consultation():
    text = _text(EXCERPT)
    [session] = consultations.extract(text, find_sections(text))
    assert (session.organization, session.date, session.public) == (
        "Ausschuss für Planung, Umwelt und Verkehr", date(2024, 6, 5), True)


@pytest.mark.parametrize("raw, expected", [
    ("Niederschrift\nüber die 23. Sitzung des Rates der Stadt Bergheim am 14.03.2024\n- öffentlicher Teil -\n",
     ("Rat der Stadt Bergheim", date(2024, 3, 14), True)),
    ("Beschlussauszug\naus der öffentlichen Sitzung des Gemeinderats\nvom 23.10.2024\n",
     ("Gemeinderat", date(2024, 10, 23), True)),
    ("Stadt Delmenhorst\nAuszug - Rat der Stadt Delmenhorst - 26.09.2024\n\nTOP Ö 7 Neufassung\n",
     ("Rat der Stadt Delmenhorst", date(2024, 9, 26), None)),
    ("Niederschrift\nüber die 7. Sitzung des Ausschusses für Bau, Planung und Umwelt\n(öffentlicher Teil)\n\n"
     "Sitzungstermin: Dienstag, 10.09.2024\n", ("Ausschuss für Bau, Planung und Umwelt", date(2024, 9, 10), True)),
    ("Niederschrift\nüber die 31. Sitzung der Bezirksvertretung Ehrenfeld in der Wahlperiode 2020/2025\n"
     "am Montag, dem 11. November 2024, 17:00 Uhr bis 20:35 Uhr,\n",
     ("Bezirksvertretung Ehrenfeld", date(2024, 11, 11), None)),
    ("NIEDERSCHRIFT (Auszug)\nüber die 21. Sitzung des Kreistages\nam Montag, 16.12.2024, 15:00 Uhr, im Kreishaus "
     "Steinfurt, Sitzungssaal 1\n\nÖffentlicher Teil\n", ("Kreistag", date(2024, 12, 16), True)),
    ("Stadt Heilbronn\n\nAuszug aus dem Protokoll\nder öffentlichen Sitzung des Gemeinderats vom 14.11.2024\n",
     ("Gemeinderat", date(2024, 11, 14), True)),
])
def test_session_headers(raw, expected):
    text = _text(raw)
    [session] = consultations.extract(text, find_sections(text))
    assert (session.organization, session.date, session.public) == expected


def test_the_resolution_ends_at_the_vote_and_the_signature():
    text = _text(EXCERPT)
    items = decisions.extract(text, find_sections(text))
    assert [(d.number, d.text) for d in items] == [
        ("1", "Der Ausschuss stimmt der Ausführungsplanung gemäß Vorlage Nr. 2024/0456 zu."),
        ("2", "Die Verwaltung wird beauftragt, die Bauleistungen auszuschreiben.")]


@pytest.mark.parametrize("opening", [
    "Der Rat fasst einstimmig folgenden Beschluss:",
    "Dringlichkeitsentscheidung:",
    "Der Bürgermeister und das unterzeichnende Ratsmitglied entscheiden anstelle des Rates:",
])
def test_resolutions_taken_in_minutes_and_in_place_of_the_council(opening):
    text = _text(f"Niederschrift\n\nTOP 3 Haushalt\n\n{opening}\n1. Erstens wird beschlossen.\n2. Zweitens.\n\n"
                 "Ja 25   Nein 3   Enthaltungen 2\n")
    assert [d.text for d in decisions.extract(text, find_sections(text))] == [
        "Erstens wird beschlossen.", "Zweitens."]


def test_agenda_numbers_alone_on_their_line_and_amending_ones_own_resolution():
    text = _text("Niederschrift\n\n9.2     Ausbau des Radwegs Vogelsanger Straße\n        3102/2024\n\n"
                 "Die Bezirksvertretung beschließt in Abänderung ihres Beschlusses vom 16.09.2024 "
                 "(Vorlage 2544/2024) die Planung.\n")
    found = {r.target: r.relation for r in references.extract(text, find_sections(text)) if r.target_kind == "paper"}
    assert found == {"3102/2024": "mentions", "2544/2024": "amends"}
