"""Consultation rows (Beratungsfolge): table-driven layouts, the seeds, own shapes, Koblenz PDFs."""
from __future__ import annotations

import csv
import difflib
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import consultations
from extractors.sections import find_sections
from pipeline.normalize import normalize
from tests.extractors.annotate import parse_annotated
from tests.extractors.pdf_text import pdf_text

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "gold"
SHAPES = ROOT / "tests" / "shapes"
KOBLENZ = ROOT / "corpus" / "koblenz"




# (annotated text, [(organization, date, role, public, result, agenda_item), ...])
CASES = [
    pytest.param(
        "Beratungsfolge\tDatum\tZuständigkeit\tBehandlung\n"
        "<0>Ausschuss für Soziales, Gesundheit und Senioren\t18.11.2024\tBeratung\töffentlich</0>\n"
        "<1>Rat der Stadt Leverkusen\t16.12.2024\tEntscheidung\töffentlich</1>\n\nBetreff:\nX",
        [("Ausschuss für Soziales, Gesundheit und Senioren", date(2024, 11, 18), "Beratung", True, None, None),
         ("Rat der Stadt Leverkusen", date(2024, 12, 16), "Entscheidung", True, None, None)],
        id="tab-table"),
    pytest.param(
        "Beratungsfolge Datum Zuständigkeit Behandlung\n\n"
        "<0>Ausschuss für Bürgereingaben\nund Umwelt\n\n11.11.2021 Beratung öffentlich</0>\n\n"
        "<1>Rat der Stadt Leverkusen 13.12.2021 Entscheidung öffentlich</1>\n\nBetreff:\n",
        [("Ausschuss für Bürgereingaben und Umwelt", date(2021, 11, 11), "Beratung", True, None, None),
         ("Rat der Stadt Leverkusen", date(2021, 12, 13), "Entscheidung", True, None, None)],
        id="pdf-name-above-date"),
    pytest.param(
        "Beratungsfolge Datum Zuständigkeit Behandlung\n"
        "<0>Ausschuss für Soziales, Gesund- 15.11.2021 Beratung öffentlich\nheit und Senioren</0>\n"
        "<1>Rat 13.12.2021 Entscheidung nicht öffentlich</1>\nBegründung:\n",
        [("Ausschuss für Soziales, Gesundheit und Senioren", date(2021, 11, 15), "Beratung", True, None, None),
         ("Rat", date(2021, 12, 13), "Entscheidung", False, None, None)],
        id="pdf-name-wraps-after-date"),
    pytest.param(
        "Beratungsfolge\tTermin\tBehandlung\n<0>Haupt- und Finanzausschuss\t15.08.2023\töffentlich</0>\n"
        "<1>Rat\t26.09.2023\tnichtöffentlich</1>\n\nSachverhalt:\n",
        [("Haupt- und Finanzausschuss", date(2023, 8, 15), None, True, None, None),
         ("Rat", date(2023, 9, 26), None, False, None, None)],
        id="termin-behandlung"),
    pytest.param(
        "Beratungsfolge:\n| Gremium | Termin | TOP | ö | nö | Ergebnis |\n|---|---|---|---|---|---|\n"
        "| <0>Bauausschuss | 12.03.2024 | 7 | x |  | einstimmig</0> |\n"
        "| <1>Rat | 26.03.2024 | 4.1 |  | x | ungeändert beschlossen</1> |\n\nBetreff: X\n",
        [("Bauausschuss", date(2024, 3, 12), None, True, "einstimmig", "7"),
         ("Rat", date(2024, 3, 26), None, False, "ungeändert beschlossen", "4.1")],
        id="ergebnis-cross-columns"),
    pytest.param(
        "Gremienweg:\n<0>28.05.2026 Stadtrat einstimmig mehrheitl. ohne BE\nabgelehnt Kenntnis abgesetzt\n"
        "verwiesen vertagt geändert\nTOP öffentlich Enthaltungen Gegenstimmen</0>\n"
        "<1>13.11.2025 Schulträgerausschuss einstimmig mehrheitl. ohne BE\nabgelehnt Kenntnis abgesetzt\n"
        "verwiesen vertagt geändert\nTOP nicht öffentlich Enthaltungen Gegenstimmen</1>\nBeschlussentwurf:\n",
        [("Stadtrat", date(2026, 5, 28), None, True, None, None),
         ("Schulträgerausschuss", date(2025, 11, 13), None, False, None, None)],
        id="allris-gremienweg-form-labels-are-no-result"),
    pytest.param(
        "<0>Gremium: Haupt-, Finanz- und Beschwerde- öffentlich\nausschuss\nSitzung am: 13.06.2024</0>\n\n"
        "Kommunales Integrationsmanagement (KIM)\n",
        [("Haupt-, Finanz- und Beschwerdeausschuss", date(2024, 6, 13), None, True, None, None)],
        id="gremium-header"),
    pytest.param(
        "Beratungsfolge:\nDatum Gremium Zuständigkeit Status\n"
        "<0>10.02.2026 Ausschuss für Stadtentwicklung, Bauen Vorberatung Ö\nund Wohnen</0>\n"
        "<1>19.02.2026 Haupt- und Finanzausschuss Vorberatung N</1>\n\nBetreff:\n",
        [("Ausschuss für Stadtentwicklung, Bauen und Wohnen", date(2026, 2, 10), "Vorberatung", True, None, None),
         ("Haupt- und Finanzausschuss", date(2026, 2, 19), "Vorberatung", False, None, None)],
        id="date-first-status-letters"),
    pytest.param(
        "Beratungsfolge:\nGremium Sitzung am TOP Ergebnis\n"
        "<0>Kreisausschuss 3./4.12.2025 N 3 einstimmig empfohlen</0>\n"
        "<1>Kreistag 11.12.2025 Ö 12 ungeändert beschlossen</1>\n\nBetreff:\n",
        [("Kreisausschuss", date(2025, 12, 3), None, False, "einstimmig empfohlen", "N 3"),
         ("Kreistag", date(2025, 12, 11), None, True, "ungeändert beschlossen", "Ö 12")],
        id="day-range-and-top-with-status"),
    pytest.param(
        "Beratungsfolge\tSitzungstermin\tBeratungsart\tStatus\n"
        "<0>Gemeinderat\t03.07.2025\tzur Kenntnisnahme\t☐ öffentlich ☒ nichtöffentlich</0>\n"
        "<1>Seniorenbeirat\t09.07.2025\tAnhörung</1>\n\nBetreff:\n",
        [("Gemeinderat", date(2025, 7, 3), "zur Kenntnisnahme", False, None, None),
         ("Seniorenbeirat", date(2025, 7, 9), "Anhörung", None, None, None)],
        id="checkboxes-and-unprinted-status"),
    pytest.param(
        "Beratungsfolge:\nStatus Gremium Datum Zuständigkeit\n<0>Ö Hauptausschuss 12.03.24 Vorberatung</0>\n"
        "<1>N Rat der Stadt Brühl 26.03.24 Entscheidung</1>\n\nBetreff:\n",
        [("Hauptausschuss", date(2024, 3, 12), "Vorberatung", True, None, None),
         ("Rat der Stadt Brühl", date(2024, 3, 26), "Entscheidung", False, None, None)],
        id="leading-status-column"),
    pytest.param(
        "Beratungsfolge:\n<0>Haupt- und Finanzausschuss (Vorberatung)</0>\n<1>Rat (Entscheidung)</1>\n\nSachverhalt:\n",
        [("Haupt- und Finanzausschuss", None, "Vorberatung", None, None, None),
         ("Rat", None, "Entscheidung", None, None, None)],
        id="no-dates-yet"),
    pytest.param(
        "Beratungsfolge: <0>Ausschuss für Umwelt 12.03.2024</0>, <1>Rat 26.03.2024</1>\n",
        [("Ausschuss für Umwelt", date(2024, 3, 12), None, None, None, None),
         ("Rat", date(2024, 3, 26), None, None, None, None)],
        id="meetings-listed-on-one-line"),
    pytest.param(
        # Stuttgart: the role column stands before the date, so it ends the name; a role word
        # inside a name stays ("Beirat für Beratung und Pflege").
        "Beschlußvorlage\nVorlage an zur Sitzungsart Sitzungstermin\n"
        "<0>Verwaltungsausschuss Vorberatung öffentlich 15.05.2024</0>\n"
        "<1>Beirat für Beratung und Pflege Anhörung nichtöffentlich 16.05.2024</1>\n"
        "<2>Gemeinderat Beschlußfassung öffentlich 23.05.2024</2>\n\nBeschlußantrag:\n",
        [("Verwaltungsausschuss", date(2024, 5, 15), "Vorberatung", True, None, None),
         ("Beirat für Beratung und Pflege", date(2024, 5, 16), "Anhörung", False, None, None),
         ("Gemeinderat", date(2024, 5, 23), "Beschlußfassung", True, None, None)],
        id="stuttgart-role-column-before-date"),
    pytest.param(
        "Vorlage an:\n<0>Hauptausschuss zur Vorberatung am 12.03.2024</0>\n"
        "<1>Rat zur Entscheidung am 26.03.2024</1>\n\nBetreff: X\n",
        [("Hauptausschuss", date(2024, 3, 12), "Vorberatung", None, None, None),
         ("Rat", date(2024, 3, 26), "Entscheidung", None, None, None)],
        id="vorlage-an-role-after-zur"),
    pytest.param(
        "Beratungsfolge:\n<0>Ausschuss für Bildung am 12.03.2024 zur Vorberatung</0>\n"
        "<1>Stadtrat am 26.03.2024 zur Entscheidung</1>\n\nBetreff:\n",
        [("Ausschuss für Bildung", date(2024, 3, 12), "Vorberatung", None, None, None),
         ("Stadtrat", date(2024, 3, 26), "Entscheidung", None, None, None)],
        id="committee-am-date"),
    pytest.param(
        "Beratungsfolge: Sitzungsdatum: Öffentlich:\n<0>Kreisausschuss 12.03.2024 nein</0>\n"
        "<1>Kreistag 26.03.2024 ja</1>\n\nBetreff: X\n",
        [("Kreisausschuss", date(2024, 3, 12), None, False, None, None),
         ("Kreistag", date(2024, 3, 26), None, True, None, None)],
        id="oeffentlich-ja-nein"),
    pytest.param(
        "Beratungsfolge\nGremium Sitzungstermin Öffentlichkeitsstatus\n"
        "<0>Bezirksbeirat Mitte 05.02.2024 öffentlich</0>\n<1>Gemeinderat 22.02.2024 nichtöffentlich</1>\n\n"
        "Sachverhalt:\n",
        [("Bezirksbeirat Mitte", date(2024, 2, 5), None, True, None, None),
         ("Gemeinderat", date(2024, 2, 22), None, False, None, None)],
        id="oeffentlichkeitsstatus-column"),
    pytest.param(
        # a list's numbering goes; the ordinal of "1. Bezirksvertretung" is its name
        "Beratungsfolge:\n<0>1. Ausschuss für Finanzen (12.03.2024, nichtöffentlich, Vorberatung)</0>\n"
        "<1>2. Stadtrat (26.03.2024, öffentlich, Beschluss)</1>\n\nBeratungsfolge:\n"
        "<2>1. Bezirksvertretung 12.03.2024 Anhörung</2>\n\nBetreff:\n",
        [("Ausschuss für Finanzen", date(2024, 3, 12), "Vorberatung", False, None, None),
         ("Stadtrat", date(2024, 3, 26), "Beschluss", True, None, None),
         ("1. Bezirksvertretung", date(2024, 3, 12), "Anhörung", None, None, None)],
        id="numbered-list-in-parentheses"),
    pytest.param(
        # Mannheim's "N.Ö." column; roles of Bavarian committees ("Gutachten")
        "Beratungsfolge Sitzungstermin N.Ö. Zuständigkeit\n<0>Ausschuss für Umwelt und Technik 07.03.2024 Ö "
        "Vorberatung</0>\n<1>Jugendhilfeausschuss 19.03.2024 N Gutachten</1>\n\nBetreff:\n",
        [("Ausschuss für Umwelt und Technik", date(2024, 3, 7), "Vorberatung", True, None, None),
         ("Jugendhilfeausschuss", date(2024, 3, 19), "Gutachten", False, None, None)],
        id="n-oe-column-gutachten"),
    pytest.param(
        # Braunschweig: the role in brackets after the committee; Berlin's "Überweisung"
        "Beratungsfolge Sitzungstermin Status\n<0>Ausschuss für Planung und Hochbau (Vorberatung) 20.03.2024 Ö</0>\n"
        "<1>Bezirksverordnetenversammlung Pankow 24.01.2024 Überweisung</1>\n\nBeschluss:\n",
        [("Ausschuss für Planung und Hochbau", date(2024, 3, 20), "Vorberatung", True, None, None),
         ("Bezirksverordnetenversammlung Pankow", date(2024, 1, 24), "Überweisung", None, None, None)],
        id="role-in-brackets-ueberweisung"),
    pytest.param(
        "Beratungsfolge Sitzungstermin Status Zuständigkeit\n<0>Rat der Stadt Gütersloh 27.09.2024 Ö Genehmigung</0>\n\n",
        [("Rat der Stadt Gütersloh", date(2024, 9, 27), "Genehmigung", True, None, None)],
        id="genehmigung"),
    pytest.param(
        # Magdeburg's "Beratung Tag Behandlung"; "(geplant)" before the column titles; slashes between cells
        "Beratung Tag Behandlung\n<0>Ausschuss für Stadtplanung und Bauen 21.05.2024 öffentlich</0>\n\nSachverhalt:\n",
        [("Ausschuss für Stadtplanung und Bauen", date(2024, 5, 21), None, True, None, None)],
        id="beratung-tag-behandlung"),
    pytest.param(
        "Beratungsfolge (geplant) Sitzung Zuständigkeit\n<0>Rat der Stadt Oldenburg / 04.06.2024 / Entscheidung</0>\n\n"
        "Sachverhalt:\n",
        [("Rat der Stadt Oldenburg", date(2024, 6, 4), "Entscheidung", None, None, None)],
        id="geplant-slashes"),
    pytest.param(
        # Cottbus: a route with dates and roles in brackets, wrapped over lines
        "Beratungsfolge: <0>Dienstberatung OB (04.03.2024)</0> - <1>Ausschuss für Wirtschaft,\nBau und Verkehr "
        "(19.03.2024, Vorberatung)</1> - <2>Hauptausschuss (20.03.2024,\nVorberatung)</2> - "
        "<3>Stadtverordnetenversammlung (27.03.2024, Beschluss)</3>\n\nBetreff:\n",
        [("Dienstberatung OB", date(2024, 3, 4), None, None, None, None),
         ("Ausschuss für Wirtschaft, Bau und Verkehr", date(2024, 3, 19), "Vorberatung", None, None, None),
         ("Hauptausschuss", date(2024, 3, 20), "Vorberatung", None, None, None),
         ("Stadtverordnetenversammlung", date(2024, 3, 27), "Beschluss", None, None, None)],
        id="route-in-brackets-wrapped"),
    pytest.param(
        # a PDF table's text layer: a row's cells one a line after its date (a wrapped name, a role
        # no list knows, a status letter), and rows on one line
        "Beratungsfolge:\nDatum\nGremium\nZuständigkeit\nStatus\n<0>06.05.2024\nSenat\nSenatsberatung\nN</0>\n"
        "<1>14.05.2024\nAusschuss für Stadt- und Regionalentwicklung, Umwelt und\nOrdnung\nVorberatung\nÖ</1>\n"
        "<2>05.06.2024 Bürgerschaft Entscheidung Ö</2>\n\nBeschlussvorschlag:\n",
        [("Senat", date(2024, 5, 6), "Senatsberatung", False, None, None),
         ("Ausschuss für Stadt- und Regionalentwicklung, Umwelt und Ordnung", date(2024, 5, 14), "Vorberatung", True,
          None, None),
         ("Bürgerschaft", date(2024, 6, 5), "Entscheidung", True, None, None)],
        id="pdf-cells-one-a-line"),
    pytest.param(
        # a role cell wrapped onto a line of its own ("Information zur⏎Kenntnis") names no committee
        "Beratungsfolge:\nGremium Termin Zuständigkeit Status\n<0>Dienstberatung des Oberbürgermeisters 06.02.2024 "
        "Information zur nicht öffentlich\nKenntnis</0>\n<1>Jugendhilfeausschuss 04.03.2024 Vorberatung öffentlich</1>\n\n"
        "Beschlussvorschlag:\n",
        [("Dienstberatung des Oberbürgermeisters", date(2024, 2, 6), "Information", False, None, None),
         ("Jugendhilfeausschuss", date(2024, 3, 4), "Vorberatung", True, None, None)],
        id="role-wrapped-alone"),
    pytest.param(
        # more column titles ("Beratungsweise", "Vorlagenart", "Abstimmung", "öffentlich/nichtöffentlich");
        # a committee wrapped under a role column that stands before the date; "nicht öffentl."
        "Beratungsgremium Sitzungstermin Beratungsweise\n<0>Ausschuss für Bildung, 18.02.2025 Vorberatung\nKultur und "
        "Sport</0>\n<1>Gemeinderat 11.03.2025 Beschlussfassung</1>\n\nBetreff:\n",
        [("Ausschuss für Bildung, Kultur und Sport", date(2025, 2, 18), "Vorberatung", None, None, None),
         ("Gemeinderat", date(2025, 3, 11), "Beschlussfassung", None, None, None)],
        id="beratungsweise-wrapped"),
    pytest.param(
        "Beratungsfolge:\nGremium Zuständigkeit Sitzungstermin\n<0>Haupt-, Finanz-, Wirtschafts- und Beratung 19.09.2024\n"
        "Digitalisierungsausschuss</0>\n<1>Stadtverordnetenversammlung Entscheidung 26.09.2024</1>\n\nAntrag:\n",
        [("Haupt-, Finanz-, Wirtschafts- und Digitalisierungsausschuss", date(2024, 9, 19), "Beratung", None, None, None),
         ("Stadtverordnetenversammlung", date(2024, 9, 26), "Entscheidung", None, None, None)],
        id="role-before-date-wrapped"),
    pytest.param(
        "Beratungsfolge:\nGremium Sitzungstermin öffentlich/nichtöffentlich\n<0>Stadtverordnetenversammlung 23.09.2024 "
        "öffentlich</0>\n<1>Bau- und Umweltausschuss 22.04.2024 vorberatend, nicht öffentl.</1>\n\nWir fragen:\n",
        [("Stadtverordnetenversammlung", date(2024, 9, 23), None, True, None, None),
         ("Bau- und Umweltausschuss", date(2024, 4, 22), "vorberatend", False, None, None)],
        id="public-column-and-abbreviation"),
    pytest.param(
        # a step of the route as a field, beside the meeting the paper is for
        "<0>Gremium: Kreistag\nSitzung am: 09.12.2024</0>   öffentliche Sitzung\n<1>Vorberatung: Kreisausschuss am "
        "25.11.2024 (öffentlich)</1>\n<2>Behandlung: Kreistag am 27.06.2024, nichtöffentlich</2>\n\nBetreff:\n",
        [("Kreistag", date(2024, 12, 9), None, True, None, None),
         ("Kreisausschuss", date(2024, 11, 25), "Vorberatung", True, None, None),
         ("Kreistag", date(2024, 6, 27), None, False, None, None)],
        id="step-fields"),
    pytest.param(
        # tab rows without a title row: the committee is the first cell, role and status the others
        "Beratungsfolge\n<0>Verwaltungs-, Finanz- und Sozialausschuss\tVorberatung\töffentlich\t18.06.2024</0>\n"
        "<1>Gemeinderat\tBeschlussfassung\töffentlich\t25.06.2024</1>\n\nSanierung der Mensa\n",
        [("Verwaltungs-, Finanz- und Sozialausschuss", date(2024, 6, 18), "Vorberatung", True, None, None),
         ("Gemeinderat", date(2024, 6, 25), "Beschlussfassung", True, None, None)],
        id="tab-rows-without-titles"),
    pytest.param(
        # Schwerin: "Beratung und Beschlussfassung" heads the table
        "Beratung und Beschlussfassung\n\n<0>Hauptausschuss 02.04.2024 nichtöffentlich</0>\n"
        "<1>Stadtvertretung 22.04.2024 öffentlich</1>\n\nBetreff\n",
        [("Hauptausschuss", date(2024, 4, 2), None, False, None, None),
         ("Stadtvertretung", date(2024, 4, 22), None, True, None, None)],
        id="beratung-und-beschlussfassung"),
    pytest.param(
        # Schwerin: a cross under "Beratung" or "Beschluss"; the header row is no row
        "Beratungsfolge:\nGremium Datum Beratung Beschluss\n<0>Ausschuss für Stadtplanung und Bauen 06.02.2024 X</0>\n\n",
        [("Ausschuss für Stadtplanung und Bauen", date(2024, 2, 6), None, None, None, None)],
        id="cross-columns"),
    pytest.param(
        # Potsdam: cross columns on the heading line, the row of column titles under it
        "Beratungsfolge: Empfehlung Entscheidung\nDatum der Sitzung Gremium\n<0>06.03.2024 Jugendhilfeausschuss X</0>\n"
        "<1>03.04.2024 Stadtverordnetenversammlung X</1>\n\nBeschlussvorschlag:\n",
        [("Jugendhilfeausschuss", date(2024, 3, 6), None, None, None, None),
         ("Stadtverordnetenversammlung", date(2024, 4, 3), None, None, None, None)],
        id="potsdam-crosses-over-titles"),
    pytest.param(
        # a text layer without layout: one column title a line, one cell a line
        "Beratungsfolge:\nGremium\nSitzungstermin\nZuständigkeit\n<0>Umwelt-, Klima- und Verkehrsausschuss\n"
        "19.03.2024\nVorberatung</0>\n<1>Stadtrat\n11.04.2024\nEntscheidung</1>\nBetreff:\n",
        [("Umwelt-, Klima- und Verkehrsausschuss", date(2024, 3, 19), "Vorberatung", None, None, None),
         ("Stadtrat", date(2024, 4, 11), "Entscheidung", None, None, None)],
        id="one-title-a-line"),
    pytest.param(
        # a sentence under the list is no row
        "Beratungsfolge:\n<0>- Haupt- und Finanzausschuss, 04.04.2024</0>\n\nDer Magistrat hat in seiner "
        "Sitzung am 11. März 2024 beschlossen, der Stadtverordnetenversammlung\nfolgende Vorlage vorzulegen:\n",
        [("Haupt- und Finanzausschuss", date(2024, 4, 4), None, None, None, None)],
        id="prose-under-list"),
    pytest.param(
        # the one meeting a small town's header names without labels
        "Gemeinde Pullach\nSitzungsvorlage Nr. 2024/087\n<0>Sitzung des Gemeinderates am 23.04.2024</0>\n"
        "öffentlich\n\nBetreff: Zweitwohnungsteuer\n",
        [("Gemeinderat", date(2024, 4, 23), None, True, None, None)],
        id="sitzung-des-gremiums-am"),
    pytest.param(
        "Vorlage Nr. 23/2024\n<0>Sitzung des Ausschusses für Umwelt am 12.03.2024</0>, 17:00 Uhr, nichtöffentlich\n",
        [("Ausschuss für Umwelt", date(2024, 3, 12), None, False, None, None)],
        id="sitzung-des-ausschusses-am-time"),
    pytest.param(
        # a group's motion "zur Sitzung des Rates am …"; Bremen's deputation
        "CDU-Fraktion im Rat der Stadt Oldenburg\nAntrag\n<0>zur Sitzung des Rates am 21.03.2024</0>\n\nBetreff: X\n",
        [("Rat", date(2024, 3, 21), None, None, None, None)],
        id="zur-sitzung-des-rates"),
    pytest.param(
        "Vorlage Nr. 21/123 (S)\n\n<0>Vorlage für die Sitzung der städtischen Deputation für Mobilität am 28.03.2024</0>\n",
        [("Städtische Deputation für Mobilität", date(2024, 3, 28), None, None, None, None)],
        id="bremen-deputation"),
    pytest.param(
        # Hannover: the committees in order, undated
        "Landeshauptstadt Hannover\nBeschlussdrucksache\n<0>In den Sportausschuss</0>\n<1>In die Ratsversammlung</1>\n"
        "Nr. 1234/2024\n",
        [("Sportausschuss", None, None, None, None, None), ("Ratsversammlung", None, None, None, None, None)],
        id="hannover-in-den"),
    pytest.param(
        "Gemeinde Schwieberdingen\nSitzungsvorlage Nr. 23/2024\n<0>Gemeinderat\nöffentlich\n"
        "Sitzung am 16.04.2024</0>\n\nBetreff: Löschfahrzeug\n",
        [("Gemeinderat", date(2024, 4, 16), None, True, None, None)],
        id="committee-status-sitzung-am-lines"),
    pytest.param(
        "Gemeinde Schwieberdingen\nSitzungsvorlage Nr. 23/2024 <0>Gemeinderat\nöffentlich\nSitzung am 16.04.2024</0>\n",
        [("Gemeinderat", date(2024, 4, 16), None, True, None, None)],
        id="committee-at-the-end-of-the-number-line"),
    pytest.param(
        "Beratungsfolge Sitzungstermin Status\n<0>Kreisausschuss (Beschluss über die Vorlage) 13.05.2024 N</0>\n\nBetreff:\n",
        [("Kreisausschuss", date(2024, 5, 13), "Beschluss über die Vorlage", False, None, None)],
        id="role-sentence-in-brackets"),
]


@pytest.mark.parametrize("annotated, expected", CASES)
def test_layouts(annotated, expected):
    text, spans = parse_annotated(annotated)
    found = consultations.extract(text)
    got = [(c.organization, c.date, c.role, c.public, c.result, c.agenda_item) for c in found]
    assert got == expected
    assert [(c.start, c.end) for c in found] == spans
    assert all(c.text == text[c.start:c.end] for c in found)


@pytest.mark.parametrize("text", [
    "Die Beratungsfolge wurde am 12.03.2024 geändert, weil der Ausschuss nicht tagte.",
    "Beratungsfolge und Zuständigkeit ergeben sich aus der Hauptsatzung vom 01.01.2020.",
    "Der Rat hat am 13.12.2021 beschlossen.\nDer Ausschuss tagt am 15.11.2021 öffentlich.",
    "Gremium: \nSitzung am: ",
    "In der Sitzung des Rates am 12.03.2024 wurde beschlossen.\nSitzung des Rates am 12.03.2024 wurde vertagt.",
    "",
])
def test_no_consultations_outside_a_beratungsfolge(text):
    assert consultations.extract(text) == []


# --- gold: seeds and own shapes ------------------------------------------------------------

def _similar(a: str, b: str) -> float:
    fold = lambda s: " ".join(s.casefold().split())  # noqa: E731
    return difflib.SequenceMatcher(None, fold(a), fold(b), autojunk=False).ratio()


def score(expected: list[dict], found: list) -> dict:
    """The scoring rule of `make eval`: match on equal date and organisation similarity ≥ 0.85,
    then role and public accuracy on the matched rows."""
    pairs, used = [], set()
    for e in expected:
        options = [(i, _similar(e["organization"], c.organization)) for i, c in enumerate(found)
                   if i not in used and (c.date.isoformat() if c.date else None) == e["date"]]
        best = max(options, key=lambda o: o[1], default=None)
        if best and best[1] >= 0.85:
            used.add(best[0])
            pairs.append((e, found[best[0]]))
    tp = len(pairs)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(expected) if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    keys = [k for k in ("role", "public", "result", "agenda_item") if any(k in e for e, _ in pairs)]
    wrong = [(e["organization"], k, e[k], getattr(c, k)) for e, c in pairs for k in keys
             if k in e and e[k] != getattr(c, k)]
    return {"f1": f1, "wrong": wrong}


def _seed_cases():
    with (GOLD / "MANIFEST.csv").open(encoding="utf-8") as handle:
        return [pytest.param(GOLD / row["gold"], ROOT / row["corpus_path"], id=row["corpus_path"])
                for row in csv.DictReader(handle)]


def _shape_cases():
    return [pytest.param(path, path.with_suffix(".txt"), id=path.stem)
            for path in sorted(SHAPES.glob("consult-*.json"))]


@pytest.mark.parametrize("with_sections", [False, True], ids=["alone", "with-sections"])
@pytest.mark.parametrize("gold_path, paper_path", _seed_cases() + _shape_cases())
def test_gold(gold_path, paper_path, with_sections):
    expected = json.loads(gold_path.read_text(encoding="utf-8"))["consultations"]
    text = normalize(paper_path.read_text(encoding="utf-8")).text
    found_sections = find_sections(text) if with_sections else ()
    result = score(expected, consultations.extract(text, found_sections))
    assert result["f1"] == 1.0 and not result["wrong"], result


def test_shapes_cover_every_layout():
    assert len(_shape_cases()) >= 6


# --- Koblenz PDFs (ALLRIS) --------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("BV-0197-2026", [("Stadtrat", "2026-05-28", True), ("Haupt- und Finanzausschuss", "2026-05-18", True),
                      ("Schulträgerausschuss", "2026-04-21", True),
                      ("Ausschuss für Stadtentwicklung und Mobilität", "2026-04-21", True)]),
    ("BV-0109-2021", [("Ausschuss für Stadtentwicklung und Mobilität", "2021-03-16", True)]),
    ("UV-0310-2025", [("Schulträgerausschuss", "2025-11-13", False)]),
])
def test_koblenz_gremienweg(name, expected):
    path = KOBLENZ / f"{name}.pdf"
    if not path.exists():
        pytest.skip("Koblenz corpus not present")
    found = consultations.extract(pdf_text(path))
    assert [(c.organization, c.date.isoformat(), c.public) for c in found] == expected
    assert all(c.role is None and c.result is None for c in found)


# --- robustness -------------------------------------------------------------------------------

TABLE_TEXT = ("Beratungsfolge Datum Zuständigkeit Behandlung\nAusschuss für X\n12.03.2024 Beratung öffentlich\n"
              "Gremienweg:\n3./4.12.2025 Rat einstimmig\nGremium: Y öffentlich\nSitzung am: 1.1.24\n| x | ö |")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(TABLE_TEXT) + ["\t", "\n", "|", "☒", "ß"]), max_size=400))
def test_never_raises_and_spans_hold(text):
    found = consultations.extract(text)
    assert [c.start for c in found] == sorted(c.start for c in found)
    assert all(c.text == text[c.start:c.end] and c.organization for c in found)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=len(TABLE_TEXT)), st.text(max_size=20))
def test_mutated_tables_never_raise(cut, noise):
    text = TABLE_TEXT[:cut] + noise + TABLE_TEXT[cut:]
    for c in consultations.extract(text):
        assert c.text == text[c.start:c.end]


def test_odd_inputs():
    assert consultations.extract(None) == []  # type: ignore[arg-type]
    big = ("Beratungsfolge Datum Zuständigkeit Behandlung\n" + "Rat 12.03.2024 Beratung öffentlich\n" * 3000)
    assert len(consultations.extract(big)) == consultations.MAX_BLOCK_LINES
