"""Header fields: annotated shapes (the span is marked ``<0>...</0>``), the seeds against their gold,
the shape papers in tests/shapes, the Koblenz PDFs, and never-raise properties."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import header
from pipeline.evaluate import score_paper_field
from pipeline.normalize import normalize
from tests.extractors.pdf_text import pdf_text

ROOT = Path(__file__).resolve().parents[2]
MARK = re.compile(r"</?0>")


def field_of(annotated: str, name: str):
    """Run the extractor on the text without its ``<0>...</0>`` mark; return (found field, marked
    span or None, text)."""
    text = MARK.sub("", annotated)
    marks = [m.start() - len("<0>") * i for i, m in enumerate(MARK.finditer(annotated))]
    found = [f for f in header.extract(text) if f.field == name]
    return (found[0] if found else None), (tuple(marks) if marks else None), text


# (field, annotated text, expected value); no marker means the field must be absent.
CASES = [
    # reference: labels, shapes, label and number on separate lines, empty field.
    ("reference", "Stadt Leverkusen Vorlage Nr. <0>2021/1121</0>\nDer Oberbürgermeister", "2021/1121"),
    ("reference", "Vorlage Nr.: <0>2023/0575/1</0>\nDatum: 02.05.2023", "2023/0575/1"),
    ("reference", "Vorlage Nr.:\n<0>2023/0575</0>\nDatum:\n02.05.2023", "2023/0575"),
    ("reference", "Drucksache: <0>DS/0355/III</0>\n", "DS/0355/III"),
    ("reference", "Landeshauptstadt Stuttgart GRDrs <0>456/2024</0>\nReferat Allgemeine Verwaltung", "456/2024"),
    ("reference", "Bundesstadt Bonn\nDrucksachen-Nr. <0>2312345</0>\n", "2312345"),
    # a resolution's number in the header is not the paper's
    ("reference", "Stadt Lindenau\nBeschluss-Nr. 0123/2023\nVorlage Nr. <0>2023/0456</0>\n", "2023/0456"),
    ("reference", "Stadt Dortmund\nDrucksache Nr.: <0>30164-23</0>\nDatum: 12.03.2023", "30164-23"),
    ("reference", "Stadt Aachen\nVorlage-Nr: <0>FB 61/0123/WP18</0>\n", "FB 61/0123/WP18"),
    ("type", "Landeshauptstadt Stuttgart\n<0>Beschlußvorlage</0>\nVorlage an zur", "Beschlussvorlage"),
    ("reference", "Mitteilungsvorlage\nDrucksache <0>0281/IV</0>\n", "0281/IV"),
    ("reference", "Vorlage: <0>V/2023/0123</0> Datum: 12.09.2023", "V/2023/0123"),
    ("reference", "Vorlage: <0>BV/0456/2021</0> Datum: 22.06.2021", "BV/0456/2021"),
    ("reference", "Drucksache <0>20-26 / V 01234</0>\nDatum 04.11.2025", "20-26 / V 01234"),
    ("reference", "Vorlagen-Nr.:\n<0>DHH/2024/1234</0>\n", "DHH/2024/1234"),
    ("reference", "Vorlage\n\nDatum: 01.08.2023\nVorlage <0>FB II/4753/2023</0>\n", "FB II/4753/2023"),
    ("reference", "Dezernat IV\n<0>3360/VIII</0>\n\nGremium: Rat", "3360/VIII"),
    # A "Bezugsvorlage:" field names another paper; the paper's own number follows, or none.
    ("reference", "Bezugsvorlage: 2019/0123\nVorlage Nr.: <0>2024/0815</0>\nDatum: 01.02.2024", "2024/0815"),
    ("reference", "Stadt Lindenau\nBezugsvorlage: 2019/0123\nDatum: 01.02.2024\n", None),
    # A plain serial after a paper's number label; a self-labelled number closing a letterhead line.
    ("reference", "Stadt Solingen Vorlage Nr. <0>1834</0>\nDer Oberbürgermeister", "1834"),
    ("reference", "Betreff:\nBebauungsplan Nr. 336\nBegründung:\nText", None),
    ("reference", "Kreis Nordhagen Beschlussvorlage\nDer Landrat <0>BV/0456/2021</0>\nDatum: 22.02.2021",
     "BV/0456/2021"),
    ("reference", "Sitzungsvorlage\n\nVorlage Nr.:\n\nDatum: 27.02.2025\nBetreff: Straßenname", None),
    # A number in the Betreff or of an agenda item belongs to another paper.
    ("reference", "Betreff:\nÄnderung des Beschlusses zur Vorlage Nr. 2021/1121\nBegründung:\nText", None),
    ("reference", "Koblenz, 09.04.2026\n1. Nachtrag\nTagesordnung\nPunkt 1.1: Schule\nVorlage: BV/0197/2026", None),
    ("reference", "Anlage 1 zu BV/0197/2026\nStandortbewertung", None),
    # type: as printed, capitals folded; a number's label names the kind; null when unsaid.
    ("type", "<0>BESCHLUSSVORLAGE</0>\nVorlage: BV/0456/2021", "Beschlussvorlage"),
    ("type", "Kreis Nordhagen <0>Beschlussvorlage</0>\nDer Landrat BV/0456/2021", "Beschlussvorlage"),
    ("type", "Kreis Viersen Drucksache Nr. IX/412\n<0>Beschlussvorlage</0> – öffentlich\n", "Beschlussvorlage"),
    ("type", "<0>Beschlussvorlage</0> Nr. 51/014/2025\nAmt 51", "Beschlussvorlage"),
    ("type", "Öffentliche <0>Beschlussvorlage</0>\nDrucksachen-Nr. 0512/2024", "Beschlussvorlage"),
    ("type", "Seite 1 von 2 aus Vorlage: UV/0310/2025\n<0>Unterrichtungsvorlage</0>\n", "Unterrichtungsvorlage"),
    ("type", "Stadt Leverkusen <0>Vorlage</0> Nr. 2021/1121\n", "Vorlage"),
    ("type", "<0>KLEINE ANFRAGE</0>\nder Abgeordneten Jana Petersen (SPD)\n", "Kleine Anfrage"),
    ("type", "Koblenz, 09.04.2026\n1. <0>Nachtrag</0>\nzur Sitzung des Ausschusses", "Nachtrag"),
    ("type", "<0>Anlage</0> 4 zum Beschlussentwurf „Kommunales Integrationsmanagement NRW“\n", "Anlage"),
    ("type", "Dezernat IV\n3360/VIII\n\nKommunales Integrationsmanagement (KIM)\n\nSachverhalt:\n", None),
    # date: the paper's own, never a meeting's.
    ("date", "Vorlage: BV/0197/2026 Datum: <0>10.04.2026</0>\n", "2026-04-10"),
    ("date", "/III-pe\n\nDezernat/Fachbereich/AZ\n\n<0>08.11.2024</0>\n\nDatum\n", "2024-11-08"),
    ("date", "Datum:\n<0>02.05.2023</0>\nBetreff:", "2023-05-02"),
    ("date", "Koblenz, <0>09.04.2026</0>\nAn alle Mitglieder\nDienstag, den 21.04.2026, 15:00 Uhr,", "2026-04-09"),
    ("date", "Gremium: Rat\nSitzung am: 13.06.2024\n\nTitel\n\nBeschlussvorschlag:\nJa.\n\nSiegburg, <0>12.06.2024</0>",
     "2024-06-12"),
    ("date", "Die Bewilligung wurde mit Datum 15.02.2021 an die Stadt übersandt.", None),
    ("date", "Beratungsfolge\tDatum\tZuständigkeit\nRat\t16.12.2024\tEntscheidung\nBetreff:\nX", None),
    # body: letterhead > place-and-date line > "der Stadt X" by frequency; never guessed.
    ("body", "Stadt <0>Leverkusen</0>\n\nVorlage Nr. 2024/3092", "Leverkusen"),
    ("body", "Stadtverwaltung\n<0>Koblenz</0>\nENTWURF", "Koblenz"),
    ("body", "<0>Rhein-Sieg-Kreis</0>\nDer Landrat\n", "Rhein-Sieg-Kreis"),
    ("body", "<0>Städteregion Aachen</0>\nDer Städteregionsrat\n", "Städteregion Aachen"),
    ("body", "<0>Region Hannover</0>\nDer Regionspräsident\n", "Region Hannover"),
    ("body", "Der Oberbürgermeister der Stadt <0>Bonn</0>\nIn Vertretung", "Bonn"),
    ("body", "Text über den Rhein-Sieg-Kreis.\nBeschlussvorschlag:\nJa.\n<0>Siegburg</0>, 12.06.2024", "Siegburg"),
    ("body", "Die Schloss-Stadt <0>Hückeswagen</0> und die Schloss-Stadt Hückeswagen; in Lindlar, in der Stadt "
             "Wipperfürth.", "Hückeswagen"),
    ("body", "Stadt <0>Hennef (Sieg)</0>\nDie Bürgermeisterin", "Hennef (Sieg)"),
    ("body", "Der Bürgermeister der Stadt <0>Monheim am Rhein</0>\n", "Monheim am Rhein"),
    ("body", "Für die Stadt Kosten von 1.000 €; die Stadt erhält Mittel.", None),
    ("body", "Wissenschaftsstadt <0>Darmstadt</0>\nMagistrat\nVorlage 2024/0456", "Darmstadt"),
    ("body", "Ortsgemeinde <0>Dudenhofen</0>\nVerbandsgemeinde Römerberg-Dudenhofen\n", "Dudenhofen"),
    ("body", "Innenstadt Nord\nStadt <0>Kleve</0>\nVorlage Nr. 2024/123", "Kleve"),
    # A council group's motion names its council.
    ("body", "CDU-Kreistagsfraktion im <0>Landkreis Harburg</0>\n\nAn den\nLandrat\n Winsen, den 04.03.2024\n",
     "Landkreis Harburg"),
    # Bremen: the issuer's office and the place-and-date on one line; the meeting's line is no title.
    ("body", "Die Senatorin für Bau, Mobilität und Stadtentwicklung <0>Bremen</0>, 12.03.2024\nLfd. Nr. 21/123 (S)\n", "Bremen"),
    ("subject", "Die Senatorin für Bau Bremen, 12.03.2024\nLfd. Nr. 21/123 (S)\n\nVorlage für die Sitzung der "
     "städtischen Deputation für Bau am 28.03.2024\n\n<0>Sanierung der Stephanibrücke</0>\n\nA. Problem\nText.",
     "Sanierung der Stephanibrücke"),
    # The kind before a labelled number; "Datum" over its value; an Anfrage "gemäß"; a letter after the Betreff.
    ("type", "Stadt Hamm\n<0>Beschlussvorlage</0> Vorlage Nr.: 0612/2024\n", "Beschlussvorlage"),
    # the kinds of printed matter; "- Antrag -"; a kind beside its number's label in capitals; the
    # kind with its status; a generic "Drucksache" yields to the kind printed beside it
    ("type", "Stadt Pforzheim\nDezernat III   Vorlage Nr. P 0873\n\n<0>Gemeinderatsdrucksache</0>\n", "Gemeinderatsdrucksache"),
    ("type", "Universitätsstadt Gießen\n\n   <0>Antrag</0> -\n   Vorlagen-Nr.: STV/1836/2024\n", "Antrag"),
    ("type", "Landkreis Fulda\n\n<0>KREISTAGSDRUCKSACHE</0>  Nr. 18/2025\n", "Kreistagsdrucksache"),
    ("type", "Kreisstadt Homburg\n<0>BESCHLUSSVORLAGE</0>   Drucksache: BV/2024/123\n", "Beschlussvorlage"),
    ("type", "Landkreis Merzig-Wadern\n<0>Drucksache</0> 0234/2024/1\n", "Drucksache"),
    ("type", "Landeshauptstadt Schwerin\n\n<0>Informationsvorlage</0>   Drucksache Nr.\nöffentlich   00456/2025\n",
     "Informationsvorlage"),
    ("type", "Gemeinde Eichental\n\n<0>Antrag</0> öffentlich\nDrucksache Nr.: 0023/2015\n", "Antrag"),
    # "Vorlage" says less than a kind printed near it, wherever that stands
    ("type", "Stadt Würzburg\nVorlage\n<0>Beschlussvorlage</0>\nVorlagen-Nr.:\nVO/2024/0456\n", "Beschlussvorlage"),
    ("type", "Ortsgemeinde Kettig\nVorlage Nr.: 3-0152/24/31-104\n<0>Beschlussvorlage</0> Datum: 19.02.2024\n",
     "Beschlussvorlage"),
    ("type", "Stadt Hamm\n<0>Anfrage</0> gemäß § 17 der Geschäftsordnung\nVorlage Nr.: 0612/2024\n", "Anfrage"),
    ("date", "Stadt Hamm\nVorlage Nr.: 0612/2024\nDatum\n<0>05.09.2024</0>\n", "2024-09-05"),
    # a title without a label: not a field with its date, Hannover's route, a city-state's letterhead,
    # a table's column titles or rows, the kind and its status, the kind and its occasion; a title
    # wrapped at the margin runs on; a Betreff ends before a one-sentence paragraph and a salutation
    ("subject", "Landeshauptstadt Hannover   Beschlussdrucksache\nDezernat V   Nr. 0412/2025\n\nDatum 03.03.2025\n\n"
     "In den Jugendhilfeausschuss\nIn die Ratsversammlung\n\n<0>Kofinanzierung der Partnerschaft für Demokratie</0>\n\n"
     "Antrag,\n1. den Beschluss aufzuheben.\n", "Kofinanzierung der Partnerschaft für Demokratie"),
    ("subject", "Freie und Hansestadt Hamburg\nBezirksamt Hamburg-Mitte\n\nAntrag\nder Fraktionen GRÜNE und SPD\n\n"
     "<0>Sichere Schulwege in Wilhelmsburg - Schulstraße am Bildungszentrum\nTor zur Welt erproben</0>\n\nSachverhalt:\n",
     "Sichere Schulwege in Wilhelmsburg - Schulstraße am Bildungszentrum Tor zur Welt erproben"),
    ("subject", "Abteilung 5 - Verkehr Lfd. Nr.: VL 21/1187\n\nVorlage\nfür die Sitzung der Deputation für Mobilität, "
     "Bau und\nStadtentwicklung (städtisch) am 07.03.2024\n\n<0>Umbau der Kreuzung Am Stern</0>\n\nA. Problem\n",
     "Umbau der Kreuzung Am Stern"),
    ("subject", "Hansestadt LÜBECK   Vorlage - VO/2025/13456\nBeschlussvorlage\nöffentlich\nDatum: 08.04.2025\n\n"
     "<0>Fahrradverleihsystem StadtRad Lübeck</0>\n\nBeratungsfolge:\n", "Fahrradverleihsystem StadtRad Lübeck"),
    ("subject", "Beschlussvorlage der Verwaltung   Stadt Bielefeld\n\nGremium   Sitzung am   Beratung\n"
     "Sportausschuss   13.05.2025   öffentlich\n\nBeratungsgegenstand (Bezeichnung des Tagesordnungspunktes)\n"
     "<0>Sanierung der Sporthalle Brackwede</0>\n\nBetroffene Produktgruppe\n", "Sanierung der Sporthalle Brackwede"),
    ("subject", "Betreff: <0>Haushaltssperre nach § 29 Abs. 1 KomHVO</0>\n\nDer Stadtrat nimmt die Information zur Kenntnis.\n",
     "Haushaltssperre nach § 29 Abs. 1 KomHVO"),
    ("subject", "Betreff: <0>Wohnungslosigkeit in Hamm</0>\n\nSehr geehrter Herr Oberbürgermeister,\n\ndie Zahl steigt.",
     "Wohnungslosigkeit in Hamm"),
    # "Entwurf" alone is a draft's stamp; "Entwurf der Satzung" under an Anlage's heading is its title
    ("subject", "Stadt Rabenstein\n\nAnlage 3 zur Drucksache 0038/VIII\n<0>Entwurf der Satzung</0>\nDie Kostenberechnung "
     "beruht auf den Preisen des Vorjahres und enthält die gesetzliche\nUmsatzsteuer.\n", "Entwurf der Satzung"),
    # dates: "Datum" or "Erstellungsdatum" without a colon; a place and date after the number; a date
    # closing a letterhead line (not a meeting's); "Hannover / 18.06.2024" closing the paper
    ("date", "Fachabteilung Verkehrsplanung   Datum <0>18.04.2024</0>\n\nBetreff: X\n", "2024-04-18"),
    ("date", "Landeshauptstadt Potsdam\nErstellungsdatum <0>18.02.2025</0>\n\nBetreff: X\n", "2025-02-18"),
    ("date", "Landkreis Emsland\nSitzungsvorlage Nr. 2025/0231   Meppen, <0>07.02.2025</0>\n\nBetreff: X\n", "2025-02-07"),
    ("date", "Stadt Halle (Saale)   <0>11.03.2025</0>\nGeschäftsbereich II\n\nBetreff: X\n", "2025-03-11"),
    ("date", "Stadt Halle (Saale)\nSitzung am 11.03.2025\n\nBetreff: X\n", None),
    ("date", "Betreff: X\n\nBegründung:\nDie Bauzeit ist lang.\n\n66.2\nHannover / <0>18.06.2024</0>\n", "2024-06-18"),
    # a motion's own number beside its kind in capitals; a supplement's suffix; motions by purpose
    ("reference", "FRAKTION IM ULMER GEMEINDERAT\n\nANTRAG   Antrag Nr. <0>0087/24</0>\n", "0087/24"),
    ("type", "FRAKTION IM ULMER GEMEINDERAT\n\n<0>ANTRAG</0>   Antrag Nr. 0087/24\n", "Antrag"),
    ("reference", "Ergänzungsvorlage   Vorlagen-Nr.: <0>24/0815-01</0>\nzur Vorlage 24/0815 vom 12.03.2024\n", "24/0815-01"),
    ("type", "SPD-Fraktion\nAntrag Nr.: 20243187\n\n<0>Haushaltsantrag</0> zum Haushaltsplanentwurf 2025\n", "Haushaltsantrag"),
    ("reference", "Der Antrag wurde abgelehnt, wie im Antrag Nr. 0815/24 gefordert.\n", None),
    # "Tagesordnungspunkt:" labels the title; a Fachdienst's line is no title; an Anlage stays an Anlage
    # over a table whose column is titled "Vorlage"
    ("subject", "Landratsamt Rosenheim\nSachgebiet 14 - Kreisfinanzen\n\nTagesordnungspunkt:\n<0>Bezuschussung der "
     "RoMed Kliniken GmbH</0>\n\nBeschlussvorschlag:\n", "Bezuschussung der RoMed Kliniken GmbH"),
    ("subject", "Landkreis Ludwigslust-Parchim\nFachdienst Jugend\nBV/0131/2024\n\n<0>Schulsozialarbeit an Schulen</0>\n\n"
     "Sachverhalt:\n", "Schulsozialarbeit an Schulen"),
    ("type", "<0>Anlage</0> 1 zur Vorlage Nr. 2024/1187\n\nDatum\tGremium\tVorlage\n07.12.2021\tRat\t1456/21\n", "Anlage"),
    ("body", "<0>Rheinisch-Bergischer Kreis</0>\nDer Landrat\n\nDezernat 2 – Jugend\nDS 0468/2024\n", "Rheinisch-Bergischer Kreis"),
    # a two-column letterhead: the label ends one line, its value ends the next
    ("reference", "Landeshauptstadt Kiel        Drucksache\nDer Oberbürgermeister      <0>0412/2024</0>\n", "0412/2024"),
    ("date", "Beschlussvorlage   VO/2024/12877\nDer Bürgermeister   Datum:\nFachbereich 5 - Planen   <0>12.04.2024</0>\n",
     "2024-04-12"),
    # a number in a shape no rule knows, after a kind's label; one we know wins wherever it is
    ("reference", "Stadt Neuss\nBeschlussvorlage\nVorlage-Nr.: <0>20/0816/XVII/2024</0>\n", "20/0816/XVII/2024"),
    ("reference", "Drucksache DS <0>0815/2022</0>\nDatum: 14.03.2022\n", "0815/2022"),
    ("subject", "Vorlage Nr.: 0612/2024\nBetreff: <0>Wohnungslosigkeit in Hamm</0>\n\nSehr geehrter Herr Oberbürgermeister,"
     "\nwir bitten um Beantwortung folgender Fragen:\n", "Wohnungslosigkeit in Hamm"),
    ("date", "Stadt Ludwigshafen am Rhein\nVorlage Nr. 2024/0123\nBereich Tiefbau Ludwigshafen, <0>03.04.2024</0>\n",
     "2024-04-03"),
    # Magdeburg: labels in one row, values in the next.
    ("reference", "Landeshauptstadt Magdeburg\nDrucksache Datum\n<0>DS0123/24</0> 15.02.2024\n\nBetreff: X\n", "DS0123/24"),
    ("date", "Landeshauptstadt Magdeburg\nDrucksache Datum\nDS0123/24 <0>15.02.2024</0>\n\nBetreff: X\n", "2024-02-15"),
    ("subject", "Landeshauptstadt Magdeburg\nDrucksache Datum\nDS0123/24 15.02.2024\n\n<0>Ersatzneubau der Brücke</0>\n\n"
                "Der Stadtrat beschließt:\nText.", "Ersatzneubau der Brücke"),
    # A district's executive and office name the district.
    ("body", "Kreisausschuss des <0>Landkreises Darmstadt-Dieburg</0>\nVorlage", "Landkreis Darmstadt-Dieburg"),
    ("body", "Der Kreisausschuss des <0>Main-Kinzig-Kreis</0>es\n", "Main-Kinzig-Kreis"),
    ("body", "Landratsamt <0>Esslingen</0>\nSitzungsvorlage\n", "Landkreis Esslingen"),
    ("body", "Landratsamt <0>Ortenaukreis</0>\n", "Ortenaukreis"),
    # The kind before the number or the date in another column; Frankfurt's Magistrat papers.
    ("type", "Stadt Augsburg\n<0>BESCHLUSSVORLAGE</0> BSV/24/01234\nBetreff: X", "Beschlussvorlage"),
    ("type", "Landeshauptstadt Saarbrücken Vorlage Nr.: VWT/0417/24\nAmt für Finanzen\n<0>Beschlussvorlage</0> "
             "Datum: 27.02.2024\n", "Beschlussvorlage"),
    ("type", "Stadt Frankfurt am Main\n<0>Vortrag des Magistrats</0>\n\nBetreff: X", "Vortrag des Magistrats"),
    # A letterhead in capitals gives the name in its usual spelling; "STADTWERKE" names no town.
    ("body", "STADT <0>BAD HONNEF</0>\nDer Bürgermeister\nVorlage Nr. 2024/0123", "Bad Honnef"),
    ("body", "STADT\n<0>MÜLHEIM AN DER RUHR</0>    Der Oberbürgermeister\n", "Mülheim an der Ruhr"),
    ("body", "<0>LANDKREIS HARBURG</0>\nDer Landrat\n", "Landkreis Harburg"),
    ("body", "<0>RHEIN-SIEG-KREIS</0>\n", "Rhein-Sieg-Kreis"),
    ("body", "STADTWERKE\nMARKTPLATZ 1\nSTADT UND LAND GMBH\nSTADT KOSTEN\n", None),
    ("body", "Bezirksverordnetenversammlung <0>Friedrichshain-Kreuzberg</0>\nDrucksache DS/1234/VI", "Friedrichshain-Kreuzberg"),
    ("date", "Stadt Kleve\nVorlage Nr. 2024/123\nerstellt am: <0>05.03.2024</0>\n", "2024-03-05"),
    # A form field in the header holds its line only.
    ("date", "Stadt Rostock\nBeschlussvorlage 2024/0123\nBeteiligte Ämter: Liegenschaftsamt\nDatum: <0>10.01.2024</0>\n\n"
             "Neubau der Brücke\n\nBeschlussvorschlag:\nText.", "2024-01-10"),
    # A paper that opens with its kind, which is also a heading word elsewhere (Berlin districts).
    ("type", "<0>Beschlussempfehlung</0>\nDrucksache DS/2345/IX\nBezirksverordnetenversammlung Pankow\n\n"
             "Betreff: Benennung einer Grünfläche\n", "Beschlussempfehlung"),
    ("reference", "Beschlussempfehlung\nDrucksache <0>DS/2345/IX</0>\nBezirksverordnetenversammlung Pankow\n",
     "DS/2345/IX"),
    ("subject", "Gremium Datum\nStadtentwicklungsausschuss 14.03.2024\n\nBetreff\n<0>Sachstand zum Radwegekonzept "
                "Innenstadt</0>\n", "Sachstand zum Radwegekonzept Innenstadt"),
    # subject: the Betreff folded; a title without label; an attachment's title.
    ("subject", "Betreff:\n\n<0>Haushaltssicherungskonzept - Änderung eines Ratsbeschlusses\n(Finanzierung von "
                "Personalstellen)</0>\n\nBeschlussentwurf:",
     "Haushaltssicherungskonzept - Änderung eines Ratsbeschlusses (Finanzierung von Personalstellen)"),
    # Headings in capitals; a type line "- öffentlich -"; the date beside the paper's number or "Stand:".
    ("subject", "Stadt Musterstadt\nDrucksache Nr. 0815/2024\nBETREFF: <0>Sanierung der Turnhalle</0>\n\n"
     "BESCHLUSSVORSCHLAG:\nDer Rat beschließt.", "Sanierung der Turnhalle"),
    ("type", "Stadt Musterstadt\n<0>Beschlussvorlage</0> - öffentlich -\nVorlage Nr. 2024/0123\nBetreff: X",
     "Beschlussvorlage"),
    ("date", "Stadt Musterstadt\nVorlage Nr. 2024/0123 vom <0>12.03.2024</0>\nBetreff: X", "2024-03-12"),
    ("date", "Stadt Musterstadt | Vorlage 2024/0123 | <0>12.03.2024</0>\nBetreff: X", "2024-03-12"),
    ("date", "Stadt Musterstadt\nDrucksache 0815/2024\nStand: <0>12.03.2024</0>\nBetreff: X", "2024-03-12"),
    # An unlabelled title is none of the letterhead's lines: a town in capitals, its executive body.
    ("subject", "STADT KARLSRUHE\n\nBeschlussvorlage\nVorlage Nr.: 2024/0317\n\n<0>Sanierung der Rheinbrücke "
     "Maxau</0>\n\nBeschlussantrag\nX", "Sanierung der Rheinbrücke Maxau"),
    ("subject", "Stadt Kassel\nDer Magistrat\n\nVorlage Nr. 2024/0123\n\n<0>Sanierung des Auebads</0>\n\nAntrag:\nX",
     "Sanierung des Auebads"),
    # The issuer's place and the date closing a header line, beside another column.
    ("date", "Stadt Trier\n\nVorlage Nr. 123/2024 Trier, den <0>12. Februar 2024</0>\nBeschlussvorlage\n", "2024-02-12"),
    ("date", "Landkreis Regensburg\nSitzungsvorlage Nr. 2024/123\nSachgebiet 21 - Kreisfinanzen Regensburg, "
     "<0>05.02.2024</0>\n", "2024-02-05"),
    ("date", "Stadt Trier\nBeratungsfolge:\n- Stadtrat, 12.03.2024\n- Hauptausschuss Koblenz, 01.03.2024\n", None),
    # Erfurt's "Titel" alone; a title after the Beratungsfolge's rows; a letterhead is no title.
    ("subject", "Landeshauptstadt Erfurt\nDrucksache 1234/24\nBeschlussvorlage\nöffentlich\nTitel\n<0>Abschluss einer "
     "Finanzierungsvereinbarung</0>\n\nSachverhalt\nText.", "Abschluss einer Finanzierungsvereinbarung"),
    ("subject", "Samtgemeinde Sottrum\nVorlage Nr. SG/0123/2024\n\nBeratungsfolge Termin Status\nSamtgemeindeausschuss "
     "21.05.2024 N\nSamtgemeinderat 04.06.2024 Ö\n\n<0>Beschaffung eines Löschfahrzeuges</0>\n\nSachverhalt:\nText.",
     "Beschaffung eines Löschfahrzeuges"),
    ("subject", "Hanse- und Universitätsstadt Rostock\nDer Oberbürgermeister\nBeschlussvorlage\n2024/0123\n\n"
     "<0>Neubau der Brücke am Petridamm</0>\n\nBeschlussvorschlag:\nText.", "Neubau der Brücke am Petridamm"),
    ("body", "Hanse- und Universitätsstadt <0>Rostock</0>\nDer Oberbürgermeister\n", "Rostock"),
    ("body", "Hanse- und Universitätsstadt Beschlussvorlage\n<0>Rostock</0> 2024/0123\n", "Rostock"),
    ("body", "Landeshauptstadt Informations-\n<0>Hannover</0> drucksache\n\nNr. 0456/2024\n", "Hannover"),
    ("subject", "Vorlage Nr. 21/123 (S)\n\nBetreff: <0>Sanierung der Stephanibrücke</0>\n\nA. Problem\nDie Brücke ist "
     "schadhaft.\n", "Sanierung der Stephanibrücke"),
    ("type", "Landeshauptstadt Hannover\n<0>Informationsdrucksache</0>\nNr. 0456/2024\n", "Informationsdrucksache"),
    # Header lines beside a right-hand column are no title; a "- Vergabe" line goes on the title.
    ("subject", "Gemeinde Schwieberdingen\n\nSitzungsvorlage Nr. 23/2024 Gemeinderat\nöffentlich\nSitzung am 16.04.2024\n"
     "Datum: 02.04.2024\n\n<0>Beschaffung eines Löschfahrzeugs\n- Vergabe</0>\n\nBeschlussantrag:\nX",
     "Beschaffung eines Löschfahrzeugs - Vergabe"),
    ("subject", "Stadt Heidelberg\n\nBetreff:\n<0>Neubau eines Radwegs</0>\n\nBeschlussvorlage\n\nBeratungsfolge:\n",
     "Neubau eines Radwegs"),
    ("type", "STADT FRANKFURT AM MAIN\n<0>Vortrag des Magistrats</0> an die Stadtverordnetenversammlung\n", "Vortrag des Magistrats"),
    # The header's fields after a Betreff are no part of it (ALLRIS's print of a Vorlage).
    ("subject", "Vorlage - VO/2024/3456\n\nBetreff: <0>Radverkehrsplan 2030 - Fortschreibung</0>\nStatus: öffentlich\n"
     "Vorlage-Art: Beschlussvorlage\nDatum: 12.03.2024\n\nBeschlussvorschlag:\nX", "Radverkehrsplan 2030 - Fortschreibung"),
    ("date", "Vorlage - VO/2024/3456\n\nBetreff: Radverkehrsplan\nStatus: öffentlich\nDatum: <0>12.03.2024</0>\n\n"
             "Beschlussvorschlag:\nX", "2024-03-12"),
    ("type", "Vorlage - VO/2024/3456\n\nBetreff: Radverkehrsplan\nVorlage-Art: <0>Beschlussvorlage</0>\n", "Beschlussvorlage"),
    ("subject", "Drucksache 24-23456\n\nBetreff:\n<0>Neubau der Grundschule</0>\n\nOrganisationseinheit:\nDezernat III\n",
     "Neubau der Grundschule"),
    # A paragraph of running text after the Betreff's title is not part of it; a "hier:" line is.
    ("subject", "Vorlage Nr. 2024/0123\nBetreff: <0>Sanierung des Auebads</0>\n\nDer Magistrat hat in seiner Sitzung "
     "am 11. März 2024 beschlossen, der Stadtverordnetenversammlung folgende Vorlage vorzulegen:\n\nAntrag:\nX",
     "Sanierung des Auebads"),
    ("subject", "Vorlage Nr. 2024/0123\nBetreff: <0>Sanierung des Auebads\n\nhier: Vergabe der Planungsleistungen "
     "für die Sanierung der Technik des Bades.</0>\n\nBeschlussvorschlag:\nX",
     "Sanierung des Auebads hier: Vergabe der Planungsleistungen für die Sanierung der Technik des Bades."),
    ("subject", "Vorlage Nr. 2024/0123\nBetrifft: <0>Sanierung der Turnhalle</0>\n\nBeschlussvorschlag:\nX",
     "Sanierung der Turnhalle"),
    ("subject", "Vorlage Nr. 2024/0123\nThema: <0>Sanierung der Turnhalle</0>\n\nBegründung:\nDas Thema: X.",
     "Sanierung der Turnhalle"),
    ("subject", "TOP\tBetreff <0>Ergänzung des Stellenplans 2023</0>\nBeschlussentwurf: Der Rat beschließt.",
     "Ergänzung des Stellenplans 2023"),
    ("subject", "Dezernat IV\n3360/VIII\n\nGremium: Rat öffentlich\nSitzung am: 13.06.2024\n\n"
                "<0>Kommunales Integrationsmanagement (KIM)</0>\n\nSachverhalt:\nText.",
     "Kommunales Integrationsmanagement (KIM)"),
    ("subject", "Anlage 4 zum Beschlussentwurf „KIM NRW“\n\nDas Konzept wurde übermittelt.\n\n<0>Konzept zur "
                "Umsetzung des Förderprogramms</0>\n\n1. Allgemeines", "Konzept zur Umsetzung des Förderprogramms"),
    ("subject", "<0>Übersicht der vergleichenden Standortbewertung</0> Anlage 1 zu BV/0197/2026\nKriterium",
     "Übersicht der vergleichenden Standortbewertung"),
    # parent and the attachment's own label and the title of the paper it belongs to.
    ("parent", "Übersicht Anlage 1 zu <0>BV/0197/2026</0>\n", "BV/0197/2026"),
    ("parent", "Anlage 2 zur Vorlage Nr. <0>2023/0575</0>\nLageplan", "2023/0575"),
    ("parent", "Anlage 4 zum Beschlussentwurf „Kommunales Integrationsmanagement NRW“\n", None),
    ("attachment_label", "<0>Anlage 4</0> zum Beschlussentwurf „Kommunales Integrationsmanagement NRW“\n", "Anlage 4"),
    ("attachment_of_title", "Anlage 4 zum Beschlussentwurf „<0>Kommunales Integrationsmanagement NRW</0>“\n",
     "Kommunales Integrationsmanagement NRW"),
]


@pytest.mark.parametrize("name, annotated, expected", CASES)
def test_field_shapes(name, annotated, expected):
    found, span, text = field_of(annotated, name)
    if expected is None:
        assert found is None or found.value is None
        return
    assert found is not None and found.value == expected
    assert found.text == text[found.start:found.end]
    if span is not None:
        assert (found.start, found.end) == span


def _record(text: str) -> dict:
    return header.header_values(header.extract(text))


def _manifest() -> list[tuple[str, str]]:
    with (ROOT / "tests/gold/MANIFEST.csv").open(encoding="utf-8") as handle:
        return [(row["gold"], row["corpus_path"]) for row in csv.DictReader(handle)]


@pytest.mark.parametrize("gold_name, path", _manifest())
def test_seed_papers(gold_name, path):
    gold = json.loads((ROOT / "tests/gold" / gold_name).read_text(encoding="utf-8"))["paper"]
    found = _record(normalize((ROOT / path).read_text(encoding="utf-8")).text)
    for name in ("body", "reference", "type", "date", "subject", "parent"):
        if name == "parent" and "parent_note" in gold:
            continue  # named by title only: the linker resolves it (see the attachment fields)
        count = score_paper_field(name, gold, found)
        assert not (count.fp or count.fn), f"{name}: expected {gold.get(name)!r}, found {found.get(name)!r}"


def test_attachment_named_by_title():
    text = normalize((ROOT / "corpus/leverkusen/2021-1121-anlage-4.txt").read_text(encoding="utf-8")).text
    found = _record(text)
    assert found["attachment_label"] == "Anlage 4"
    assert found["attachment_of_title"] == "Kommunales Integrationsmanagement NRW"
    assert found.get("parent") is None


def _shape_golds() -> list[Path]:
    shapes = ROOT / "tests/shapes"
    return sorted(p for p in shapes.glob("*.json")
                  if p.name.startswith(("header-", "decisions-")) and "paper" in json.loads(p.read_text("utf-8")))


@pytest.mark.parametrize("gold_path", _shape_golds(), ids=lambda p: p.stem)
def test_shape_papers(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["paper"]
    found = _record(normalize(gold_path.with_suffix(".txt").read_text(encoding="utf-8")).text)
    for name in gold:
        count = score_paper_field(name, gold, found)
        assert not (count.fp or count.fn), f"{name}: expected {gold.get(name)!r}, found {found.get(name)!r}"


# The Koblenz PDFs (corpus-extra SOURCES table); only what the text itself prints. Nachträge and the
# Bekanntgabe are letters: no number of their own; a value of ... means "not checked".
KOBLENZ = {
    "BV-0197-2026.pdf": dict(reference="BV/0197/2026", type="Beschlussvorlage", date="2026-04-10",
                             subject="Errichtung einer Interimsschule", parent=None),
    "BV-0197-2026-Anlage-1.pdf": dict(reference=None, type="Anlage", date=None, parent="BV/0197/2026",
                                      subject="Übersicht der vergleichenden Standortbewertung"),
    "BV-0197-2026-Anlage-2.pdf": dict(reference=None, date=None, parent=None),
    "UV-0310-2025.pdf": dict(reference="UV/0310/2025", type="Unterrichtungsvorlage", date="2025-11-03",
                             subject="Aktueller Sachstand Max-von-Laue-Gymnasium", body="Koblenz", parent=None),
    "BV-0109-2021.pdf": dict(reference="BV/0109/2021", type="Beschlussvorlage", date="2021-02-17", parent=None,
                             subject='Bebauungsplan Nr. 336 "Entwicklung Quartier Goldgrube" - Entwurfs- und '
                                     'Offenlagebeschluss -'),
    "BV-0109-2021-Anlage-Satzung.pdf": dict(reference=None, type="Satzung", date=None, body="Koblenz",
                                            subject="Satzung der Stadt Koblenz zum Bebauungsplan Nr. 336: "
                                                    "„Entwicklung Quartier Goldgrube“"),
    "BV-0109-2021-Anlage-Begruendung.pdf": dict(reference=None, date=None, body="Koblenz",
                                                subject="Begründung zum Bebauungsplan Nr. 336 „Entwicklung "
                                                        "Quartier Goldgrube“"),
    "ASM-2026-04-21-Nachtrag-1.pdf": dict(reference=None, type="Nachtrag", date="2026-04-09", body="Koblenz"),
    "ASM-STA-2026-04-21-Nachtrag-2.pdf": dict(reference=None, type="Nachtrag", date="2026-04-13", body="Koblenz"),
    "STA-2026-04-21-Nachtrag.pdf": dict(reference=None, type="Nachtrag", date="2026-04-12", body="Koblenz"),
    "ASM-2026-04-21-Bekanntgabe.pdf": dict(reference=None, type=None, date="2026-03-27", body="Koblenz"),
}


@pytest.mark.parametrize("name", sorted(KOBLENZ))
def test_koblenz_pdfs(name):
    path = ROOT / "corpus/koblenz" / name
    if not path.exists():
        pytest.skip(f"{path} not in this checkout")
    found = _record(pdf_text(path))
    for field_name, expected in KOBLENZ[name].items():
        count = score_paper_field(field_name, {field_name: expected}, found)
        assert not (count.fp or count.fn), f"{field_name}: expected {expected!r}, found {found.get(field_name)!r}"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Vorlage Nr.:2023/0575\nDatum01.8Stadt Kreis-Betreff\tAnlage zu„“")),
               max_size=300))
def test_never_raises_on_header_soup(text):
    for f in header.extract(text):
        assert f.text == text[f.start:f.end]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_on_any_text(text):
    fields = header.extract(text)
    assert [f.start for f in fields] == sorted(f.start for f in fields)
