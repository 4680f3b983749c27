"""Money amounts: table-driven shapes, the seeds and the shape papers, and hostile input."""
from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.amounts import extract
from extractors.sections import find_sections
from pipeline.evaluate import score_document
from pipeline.normalize import normalize
from tests.extractors.annotate import parse_annotated

ROOT = Path(__file__).resolve().parents[2]
ROLES = {"cost", "funding", "own_share", "savings", "refund", "revenue", "other"}


def cost(value, **details):
    return {"value": value, "role": "cost", **details}


def funding(value, **details):
    return {"value": value, "role": "funding", **details}


def own_share(value, **details):
    return {"value": value, "role": "own_share", **details}


def savings(value, **details):
    return {"value": value, "role": "savings", **details}


def amount(value, role, **details):
    return {"value": value, "role": role, **details}


# (annotated text, expected amounts in order). The marked span is the quote the fact must carry.
CASES = [
    # Where the currency stands.
    ("Gesamtkosten von <0>EUR 45.000</0> für die Sanierung.", [cost("45000.00")]),
    ("Die Kosten betragen <0>45.000 EUR</0>.", [cost("45000.00")]),
    ("Für die Entsorgung entstehen Kosten von <0>€ 1.500,00</0>.", [cost("1500.00")]),
    ("Aufwendungen für die Maßnahme: <0>1.500,- €</0>", [cost("1500.00")]),
    ("Die Sparkasse hat eine Spende von <0>1.500,00 EUR</0> zugesagt.", [funding("1500.00")]),
    ("Der Förderverein stellt dafür <0>7.300 Euro</0> bereit.", [funding("7300.00")]),
    ("Aufwendungen für die Maßnahme: <0>651.895,80 €</0>", [cost("651895.80")]),
    # Thousands grouped by spaces (no-break or thin spaces in the PDF, plain after normalisation),
    # the currency beside them; a count before a noun stays a count.
    ("Die Gesamtkosten betragen <0>1 234 567,89 €</0>.", [cost("1234567.89")]),
    ("Der Verein erhält einen Zuschuss von <0>€ 45 000</0>.", [funding("45000.00")]),
    ("Es nehmen 3 500 Personen teil, die Kosten betragen <0>2 000 €</0>.", [cost("2000.00")]),
    ("Die Mietkosten liegen zwischen <0>10 000 und 15 000 Euro</0>.", [cost("10000.00", range_end="15000.00")]),
    ("Für 2023 sind <0>456.000,-- €</0> an Fördergelder an das Land erstattet worden.",
     [amount("456000.00", "refund")]),
    ("Dies entspricht einer Fördersumme von <0>66.865, -- €</0>.", [funding("66865.00")]),
    # Scale words.
    ("Die Förderung würde sich dann auf <0>ca. 57 T€</0> belaufen.", [funding("57000.00", qualifier="approx")]),
    ("Die Planungsleistungen kosten <0>45 TEUR</0>.", [cost("45000.00")]),
    ("Das Land beteiligt sich mit einer Kofinanzierung von <0>45 Tsd. €</0>.", [funding("45000.00")]),
    ("Die Baukosten liegen bei <0>1,2 Mio. €</0>.", [cost("1200000.00")]),
    ("Im Vorjahr wurden <0>1,2 Millionen Euro</0> für die Sporthalle aufgewendet.", [cost("1200000.00")]),
    ("Das Land stellt den Kommunen insgesamt <0>2 Mrd. Euro</0> zur Verfügung.", [funding("2000000000.00")]),
    ("Auszahlungen Investition: <0>EUR 3,4 Mio.</0>", [cost("3400000.00")]),
    ("Die Landesregierung förderte 2020 mit <0>25 Millionen</0> eine flächendeckende Einführung.",
     [funding("25000000.00")]),
    ("Der Gesetzgeber hat eine Mindestsumme von <0>130 Millionen Euro</0> zur Förderung festgeschrieben.",
     [funding("130000000.00")]),
    # A form of labelled fields: each label names the sum on its own line, not the one above it.
    ("Gesamtkosten: <0>450.000 €</0>\nFördermittel: <1>300.000 €</1>\nLandesmittel (Programm): <2>100.000 €</2>\n"
     "Eigenanteil: <3>50.000 €</3>",
     [cost("450000.00"), funding("300000.00"), funding("100000.00"), amount("50000.00", "own_share")]),
    ("Gesamtkosten: <0>5.350.000,00 EUR</0>\nFördermittel: <1>ca. 3.745.000 EUR</1>\nFolgekosten p.a.: <2>ca. 42 TEUR</2>",
     [cost("5350000.00"), funding("3745000.00", qualifier="approx"),
      cost("42000.00", qualifier="approx", period="year")]),
    ("Unvorhergesehenes\t<0>14.000,00 €</0>\nBaunebenkosten\t<1>28.000,00 €</1>",
     [amount("14000.00", "other"), cost("28000.00")]),
    # The town's share by its name; the state's funds for investments; the state named.
    ("Der Gemeindeanteil beträgt 30 %, d.h. <0>rund 146.194 EUR</0>.", [amount("146194.00", "own_share", qualifier="approx")]),
    # A district's share: its own in a district's paper, a grant in a town's; what the town bears itself.
    ("Landkreis Emsland\nDer Landrat\n\nmit einem Kreisanteil von <0>höchstens 2,9 Mio. €</0>",
     [own_share("2900000.00", qualifier="max")]),
    ("Stadt Musterstadt\n\nmit einem Kreisanteil von <0>40.000 €</0> für die Stadt", [funding("40000.00")]),
    ("Da die Förderung gedeckelt ist, muss die Stadt den Mehrbetrag von <0>185.000 €</0> vollständig selbst tragen.",
     [own_share("185000.00")]),
    # A Markdown table's columns name the roles of their cells; a total column takes its parts' role.
    ("| Träger | Arbeitgeberbrutto | Sachkosten | Gesamt | Landesförderung | städtischer Zuschuss |\n|---|---|---|---|---|---|\n"
     "| AWO | <0>74.300,00 €</0> | <1>9.800,00 €</1> | <2>84.100,00 €</2> | <3>57.000,00 €</3> | <4>27.100,00 €</4> |",
     [cost("74300.00"), cost("9800.00"), cost("84100.00"), funding("57000.00"), own_share("27100.00")]),
    # The state or the federation as the giver; paid out is spent; given back is a refund; a field's
    # label up to 60 characters names its own line's sum; a programme's name is no cost.
    ("Der Freistaat hat den Betroffenen Soforthilfen von <0>bis zu 5.000 €</0> gewährt.", [funding("5000.00", qualifier="max")]),
    ("Bis Ende 2023 wurden insgesamt <0>412.600 €</0> ausgezahlt; <1>38.000 €</1> wurden an den Haushalt zurückgeführt.",
     [cost("412600.00"), amount("38000.00", "refund")]),
    ("Die Mehrkosten von <0>rund 2,75 Mio. €</0> sind auf Preissteigerungen zurückzuführen.",
     [cost("2750000.00", qualifier="approx")]),
    ("Gesamtkosten (Kostenberechnung DIN 276, KG 200–700): <0>EUR 2.814.500,00</0>\nBundesmittel Investitionsprogramm "
     "Ganztagsausbau (70 %): <1>EUR 1.970.150,00</1>\nEigenanteil Stadt Erfurt: <2>EUR 844.350,00</2>",
     [cost("2814500.00"), funding("1970150.00"), own_share("844350.00")]),
    # A fraction of the costs is their base, not them; a fee's costs are costs; fares are revenue;
    # the district bears it: a grant in a town's paper, its own share in the district's.
    ("Die Förderung durch das Land beträgt zwei Drittel der förderfähigen Kosten, also <0>1.900.000 EUR</0>.",
     [funding("1900000.00")]),
    ("Gebührenfähige Kosten <0>1.500 €</0>\nFahrgelderlöse (Prognose) <1>110.000,00 €</1>",
     [cost("1500.00"), amount("110000.00", "revenue")]),
    ("Stadt Kleinhausen\n\nDie Personal- und Sachkosten von <0>etwa 36.000 Euro</0> trägt der Landkreis.",
     [funding("36000.00", qualifier="approx")]),
    ("Landkreis Fürstenfeldbruck\n\nDie Personal- und Sachkosten von <0>etwa 36.000 Euro</0> trägt der Landkreis.",
     [own_share("36000.00", qualifier="approx")]),
    ("Die Stadt übernimmt die Mehrkosten <0>bis zu einer Höhe von 48.000 €</0>.", [cost("48000.00", qualifier="max")]),
    ("Ansatz 2024      EUR   <0>650.000,00</0>", [amount("650000.00", "other")]),
    # A new total after its change takes the change's role.
    ("die Aufstockung des städtischen Eigenanteils für das Landesprogramm um <0>185.000,00 EUR</0> auf insgesamt "
     "<1>465.000,00 EUR</1>.", [own_share("185000.00"), own_share("465000.00")]),
    # A range wrapped after "und" or "bis" is one sum.
    ("Die Personalkosten liegen zwischen <0>60.000 und\n65.000 €</0> pro Jahr.",
     [cost("60000.00", range_end="65000.00", period="year")]),
    # "rd." is "rund"; Minderaufwand and Minderauszahlungen are money saved.
    ("Die Mehrkosten betragen <0>rd. 1,12 Mio. €</0>.", [cost("1120000.00", qualifier="approx")]),
    ("Es entsteht ein Minderaufwand von <0>95.000 EUR</0>; die Deckung erfolgt durch Minderauszahlungen "
     "in Höhe von <1>480.000 EUR</1>.", [amount("95000.00", "savings"), amount("480000.00", "savings")]),
    ("Die Finanzierung durch städtischen Haushalt beträgt <0>146.199 EUR</0>.", [amount("146199.00", "own_share")]),
    ("Das Land gewährt eine Zuwendung aus dem Investitionsstock in Höhe von <0>121.000 EUR</0>.",
     [funding("121000.00")]),
    ("Das Land Hessen beteiligt sich im Rahmen des Programms mit <0>EUR 4.200.000,00</0>.", [funding("4200000.00")]),
    # A grant from the state's investment programme; years over columns in thousands are no sums.
    ("Das Land gewährt eine Zuwendung aus dem Investitionsprogramm Ganztagsausbau in Höhe von <0>2.130.000 €</0>.",
     [funding("2130000.00")]),
    ("Haushaltsjahr 2025 T€ 2026 T€\nAuszahlungen 1.200 3.900", []),
    # The council grants money to others: what the town pays.
    ("Die Bezirksvertretung beschließt, dem Verein einen Zuschuss in Höhe von <0>bis zu 12.500 €</0> zu gewähren.",
     [cost("12500.00", qualifier="max")]),
    # The town bears it; a label on the next line names that line's sum; "Minderausgaben" that cover it.
    ("Die Mehrkosten von <0>rund 185.000 €</0> trägt die Stadt vollständig.", [amount("185000.00", "own_share", qualifier="approx")]),
    ("Zuschuss des Landkreises Mayen-Koblenz <0>5.000,00 €</0>\nEigenanteil der Ortsgemeinde <1>53.435,20 €</1>",
     [funding("5000.00"), amount("53435.20", "own_share")]),
    ("Die Mehrausgabe von <0>8.435,20 €</0> ist überplanmäßig und kann durch Minderausgaben gedeckt werden.",
     [cost("8435.20")]),
    # A table whose columns a PDF's single spaces lost: its header still says the currency.
    ("Beträge in EUR\nProdukt Sachkonto Bezeichnung Ansatz 2024 Mehrauszahlung\n12.02.01 785100 Sanierung K 8 "
     "<0>1.850.000,00</0> <1>420.000,00</1>", [cost("1850000.00"), cost("420000.00")]),
    # Table rows under a block's heading take its role; a negative cost is a saving.
    ("Personalaufwand (jährlich):\n3,0 Stellen EG 9c TVöD je <0>82.100 €</0> <1>246.300 €</1>\n"
     "Wegfall 1,5 Stellen EG 8 TVöD <2>-110.250 €</2>",
     [cost("82100.00"), cost("246300.00"), amount("-110250.00", "savings")]),
    # What is subtracted names no role.
    ("Jährlich laufende Belastung (Folgekosten abzüglich Folgeerträge und Folgeeinsparungen): <0>87.000 €</0>",
     [cost("87000.00")]),
    # Budget cuts.
    ("040201\tStadtfest\t<0>-25.000 €</0>", [savings("-25000.00")]),
    ("Die Kürzung des städtischen Zuschusses für das Stadtfest um <0>25.000 €</0> ist vertretbar.",
     [savings("25000.00")]),
    ("Der Ansatz für Öffentlichkeitsarbeit kann um <0>10.000 €</0> gekürzt werden.", [savings("10000.00")]),
    # Ranges.
    ("Die Mietkosten werden auf <0>10.000 bis 15.000 €</0> geschätzt.", [cost("10000.00", range_end="15000.00")]),
    ("Die Personalkosten liegen zwischen <0>62.000 und 68.000 Euro</0> jährlich.",
     [cost("62000.00", range_end="68000.00", period="year")]),
    ("Die Baukosten betragen <0>1 bis 2 Mio. €</0>.", [cost("1000000.00", range_end="2000000.00")]),
    ("Kosten: <0>10.000 € – 15.000 €</0>", [cost("10000.00", range_end="15000.00")]),
    # Per unit, per year.
    ("Die Förderung beträgt pro Stelle <0>57.000 €</0> pro Jahr.",
     [funding("57000.00", per_unit="Stelle", period="year")]),
    ("Es stehen aktuell <0>57.000 €</0> p.a. für die Vollzeitstelle zur Verfügung.",
     [funding("57000.00", period="year")]),
    ("Die Stellen werden jährlich mit <0>55.000,00 Euro</0> pro Stelle von Landesseite gefördert.",
     [funding("55000.00", per_unit="Stelle", period="year")]),
    ("Die Eltern zahlen weiterhin <0>65 €</0> pro Monat.", [amount("65.00", "other", period="month")]),
    ("Die Einnahmen im Haushalt steigen um <0>rund 30.000 €/Jahr</0>.",
     [amount("30000.00", "own_share", qualifier="approx", period="year")]),
    ("insgesamt stehen jährlich <0>1.026.000,-- €</0> an Personalkostenerstattung zur Verfügung "
     "( 18 VZÄ a´<1>57.000,-- €</1> Personalkosten ).",
     [funding("1026000.00", period="year"), funding("57000.00", per_unit="VZÄ")]),
    # Qualifiers.
    ("Das Land fördert jährlich mit <0>bis zu insgesamt 160.000 Euro</0> maximal 2,5 Stellen.",
     [funding("160000.00", qualifier="max", period="year")]),
    ("Es verbleibt ein Eigenanteil von <0>mindestens 5.000 €</0>.", [own_share("5000.00", qualifier="min")]),
    ("Gesamtkosten: <0>höchstens 80.000 €</0>", [cost("80000.00", qualifier="max")]),
    ("Der Zuschuss des Landes beträgt 90 % der zuwendungsfähigen Ausgaben, <0>höchstens jedoch 250.000 Euro</0>.",
     [funding("250000.00", qualifier="max")]),
    ("Gemessen daran ist von einer Differenz zwischen der Fördersumme und den tatsächlichen "
     "Personalkosten in Höhe von bis zu <0>ca. 30 T€</0> p. a. auszugehen, welche zu Lasten des "
     "städtischen Haushaltes gehen würden.", [own_share("30000.00", qualifier="approx", period="year")]),
    ("fielen nur jährliche ungedeckte Kosten von z.Zt. <0>ca. 1.000 €</0> zu Lasten des Kommunalhaushaltes an",
     [own_share("1000.00", qualifier="approx", period="year")]),
    # Bare numbers made money by the field they stand in.
    ("Beantragte Förderhöhe: <0>625.600,00 €</0> (SK 414100 <1>78.100,00</1>) (SK 414101\n\n<2>547.500,00</2>)",
     [funding("625600.00"), funding("78100.00"), funding("547500.00")]),
    ("- Davon Förderung: 6x <0>57.000</0> = <1>342.000 €</1>.", [funding("57000.00"), funding("342000.00")]),
    ("Fördersumme: <0>45.000,00</0>", [funding("45000.00")]),
    # A sum split by a line break (PDF text).
    ("hat das Land eine Zuwendung von <0>bis zu 78.100\nEuro</0> in Aussicht gestellt.",
     [funding("78100.00", qualifier="max")]),
    ("Für Dolmetschleistungen wurden bisher <0>12.500\n\n€</0> ausgegeben.", [cost("12500.00")]),
    # Roles from the layout: a form block's heading, header lines over a row, table columns.
    ("Einsparungen ab Haushaltsjahr: 2025\n\nPersonal-/Sachaufwand: <0>309.895,80 €</0>", [savings("309895.80")]),
    ("Jährliche Folgeaufwendungen ab Haushaltsjahr: 2023\n\nPersonal-/Sachaufwand: <0>962.300,00 €</0>",
     [cost("962300.00")]),
    ("Einsparungen:\n- Personal: <0>30.000 €</0>\n- Sachmittel: <1>5.000 €</1>",
     [savings("30000.00"), savings("5000.00")]),
    ("Gesamtkosten Personal Gesamtfördersumme\n\nLand (Personal)\n\nMehrkosten Stadt Leverkusen\n\n"
     "<0>913.257,24 Euro</0> <1>576.600,00 Euro</1> <2>336.657,24 Euro</2>",
     [cost("913257.24"), funding("576600.00"), own_share("336657.24")]),
    ("Gegenstand\tKosten in €\tFörderung in €\tEigenanteil in €\nTafeln\t<0>48.000</0>\t<1>38.400</1>\t<2>9.600</2>",
     [cost("48000.00"), funding("38400.00"), own_share("9600.00")]),
    ("Laufende Kosten (Angaben in T€):\n\nPosition\t2026\t2027\nPersonalkosten\t<0>68</0>\t<1>70</1>\n"
     "Landeszuschuss\t<2>40</2>\t<3>40</3>",
     [cost("68000.00"), cost("70000.00"), funding("40000.00"), funding("40000.00")]),
    ("Maßnahme\tAufwand 2025\tÄnderung\nStadtfest\t<0>120.000 €</0>\t<1>-25.000 €</1>",
     [cost("120000.00"), savings("-25000.00")]),
    # Tables whose columns a text layer set with spaces: the caption's unit, the row label's role;
    # a row naming its own unit; a caption under the table; a finance heading over years (euros);
    # title lines naming one role per column.
    ("Finanzielle Auswirkungen (in Tsd. €)\n2025 2026 gesamt\nPersonalaufwand <0>98,4</0> <1>201,6</1> <2>300,0</2>\n"
     "Fördermittel Bund (60 %) <3>66,2</3> <4>131,8</4> <5>198,0</5>\n\nDie Mittel sind veranschlagt.",
     [cost("98400.00"), cost("201600.00"), cost("300000.00"), funding("66200.00"), funding("131800.00"),
      funding("198000.00")]),
    ("2. Mittelverwendung\n2019-2021 2022-2023 gesamt\nGesamtausgaben (Mio. €) <0>1,92</0> <1>3,06</1> <2>4,98</2>\n"
     "davon Eigenanteil (Mio. €) <3>0,19</3> – <4>0,19</4>\n",
     [cost("1920000.00"), cost("3060000.00"), cost("4980000.00"), own_share("190000.00"), own_share("190000.00")]),
    ("Haushaltsjahr 2024 2025 Gesamt\nAuszahlungen <0>150.000</0> <1>1.100.000</1> <2>1.250.000</2>\n"
     "Einzahlungen (Zuwendungen) – <3>660.000</3> <4>660.000</4>\nAngaben in Euro\nInvestitionsnummer 5410000123\n",
     [cost("150000.00"), cost("1100000.00"), cost("1250000.00"), amount("660000.00", "revenue"),
      amount("660000.00", "revenue")]),
    ("Finanzielle Auswirkungen:\n2025 2026\nMehraufwand FB 41 <0>120.000</0> <1>120.000</1>\n"
     "Kürzung FB 10 <2>-80.000</2> <3>-80.000</3>\n",
     [cost("120000.00"), cost("120000.00"), savings("-80000.00"), savings("-80000.00")]),
    ("Teilhaushalt Sachaufwand Ansatz 2025 Einsparziel\n(Tsd. €) (Tsd. €)\nGB Kultur und Sport <0>14.400</0> <1>2.160</1>\n"
     "Summe <2>54.700</2> <3>8.205</3>\n",
     [cost("14400000.00"), savings("2160000.00"), cost("54700000.00"), savings("8205000.00")]),
    ("in EUR 2025 2026\nMinderaufwand <0>95.000</0> <1>228.000</1>\n", [savings("95000.00"), savings("228000.00")]),
    # Other roles.
    ("Erträge (z. B. Gebühren, Beiträge): <0>18.400,00 €</0>", [amount("18400.00", "revenue")]),
    ("Der Verkaufserlös für das Grundstück beträgt <0>250.000 €</0>.", [amount("250000.00", "revenue")]),
    ("Die Rückzahlung an den Fördermittelgeber beträgt <0>12.000 €</0>.", [amount("12000.00", "refund")]),
    ("Die Stadt muss <0>15.000 €</0> zurückzahlen.", [amount("15000.00", "refund")]),
    ("Die Kosten werden vom Land erstattet, insgesamt <0>12.000 €</0>.", [funding("12000.00")]),
    ("Landesmittel für Sachausgaben von <0>78.100 Euro</0> (davon <1>29.100 Euro</1> Sachausgaben für "
     "Personal und <2>49.000 Euro</2> Sachausgaben für Veranstaltungen)",
     [funding("78100.00"), funding("29100.00"), funding("49000.00")]),
    ("Die Personalkosten je Stelle liegen nach der Entgeltgruppe S 12 bei <0>65.000 €</0>.", [cost("65000.00")]),
    ("Für das Stadtfest sind <0>5.000 €</0> vorgesehen.", [amount("5000.00", "other")]),
    ("Der Verein rechnet mit Betriebskosten von <0>212.000 €</0>, denen Eintrittserlöse von <1>rund 118.000 €</1> "
     "gegenüberstehen.", [cost("212000.00"), amount("118000.00", "revenue", qualifier="approx")]),
    ("Damit stiege der Zuschussbedarf des Teilplans um <0>rund 3,2 Mio. €</0>.",
     [own_share("3200000.00", qualifier="approx")]),
    ("Für die Festschrift liegt ein Angebot der Druckerei über <0>18.400 €</0> vor.", [cost("18400.00")]),
    ("Bis Ende April sind davon <0>1.862.000 €</0> abgerufen worden.", [funding("1862000.00")]),
    # The scale word and currency before the number, as budget tables print them; "kostet".
    ("Die Kosten von <0>TEUR 120</0> werden gedeckt.", [cost("120000.00")]),
    ("Die Einsparung beträgt <0>Mio. EUR 1,2</0>.", [savings("1200000.00")]),
    ("Förderung <0>Mio. € 2,5</0> (Vorjahr <1>T€ 900</1>)", [funding("2500000.00"), funding("900000.00")]),
    ("Investitionen von <0>5 MEUR</0> und <1>KEUR 12</1>", [cost("5000000.00"), cost("12000.00")]),
    ("Die Anschaffung kostet <0>45.000,- €</0>.", [cost("45000.00")]),
    # Another body's share is a grant; the town's own share is not ("Die Gemeinde beteiligt sich").
    ("Der Kreis beteiligt sich mit 50 % an den Kosten, <0>höchstens jedoch mit 40.000 €</0>.",
     [funding("40000.00", qualifier="max")]),
]


@pytest.mark.parametrize("annotated, expected", CASES)
def test_shapes(annotated, expected):
    text, spans = parse_annotated(annotated)
    found = extract(text)
    assert [(a.start, a.end) for a in found] == spans, [a.text for a in found]
    for fact, want in zip(found, expected):
        assert fact.text == text[fact.start:fact.end]
        assert f"{fact.value:.2f}" == want["value"]
        assert fact.role == want["role"], fact
        assert fact.currency == "EUR"
        for key in ("qualifier", "period", "per_unit"):
            assert getattr(fact, key) == want.get(key), (key, fact)
        range_end = f"{fact.range_end:.2f}" if fact.range_end is not None else None
        assert range_end == want.get("range_end")


NOT_AMOUNTS = [
    "Produkt: 061101 Sachkonto: 549900",
    "Produkt: IA 900006110102 Sachkonto: 549900",
    "(Kostenstelle 120550 - Produkte 1.31.11.01 und 1.31.11.02.)",
    "Fördermittel beantragt: Nein Ja 100 %",
    "Bisher wurden 10 der möglichen 18 Case-Manager eingestellt.",
    "Zunächst waren 3,0 von 5,0 geförderten Stellen angesiedelt; aktuell 1,173 VZÄen.",
    "Ratsbeschlüsse vom 13.12.2021 und vom 04.04.2022 zu den Vorlagen Nr. 2021/1121 und 2022/1410",
    "Deckung erfolgt aus Produkt/Finanzstelle\nin Höhe von €\n\nJährliche Folgeaufwendungen ab Haushaltsjahr: 2023",
    "Beantragte Förderhöhe: €\n\nMaßnahme ist im Haushalt ausreichend veranschlagt",
    "Auszahlungen für die Maßnahme:                    €",
    "Im Regierungsbezirk leben rund 2 Millionen Menschen.",
    "Der Kreis hat 300 Tsd. Einwohner.",
    "Menschen mit Migrationshintergrund in Leverkusen (Quelle: Zensus 2011)\t50.940",
    "Das Programm läuft ab 2025 bis 2030.",
    "Koordination des Programms mit 55.0000 Euro/ pro Stelle",  # misprint: not a German number
    "gemäß § 9 TIntG und § 5 (7) des Vertrags, siehe Seite 6 von 8",
    "Die Einrichtung hat 336 Plätze; 217 Fälle (Stichtag 31.10.2024).",
    "Telefon 02171 406-0, Zimmer 1.026",
    "Ansatz 2024",  # a year as a column's title; its sum follows the currency (see the shapes)
]


def test_a_column_of_counts_under_a_sum_is_no_money():
    assert [a.text for a in extract("Gesamtkosten: 45.000 €\n1.230\n4.560")] == ["45.000 €"]


@pytest.mark.parametrize("text", NOT_AMOUNTS)
def test_not_amounts(text):
    assert extract(text) == []


# --- the seeds and the shape papers, scored as `make eval` scores them ------------------------


def _score(gold_path: Path, paper_path: Path):
    text = normalize(paper_path.read_text(encoding="utf-8")).text
    found = extract(text, find_sections(text))
    gold = {"amounts": json.loads(gold_path.read_text(encoding="utf-8"))["amounts"]}
    counts, accuracy = score_document(gold, {"amounts": [a.as_dict() for a in found]})
    return counts["amounts"], accuracy.get("amounts.role")


def _seed_pairs():
    with (ROOT / "tests" / "gold" / "MANIFEST.csv").open(encoding="utf-8") as handle:
        return [(ROOT / "tests" / "gold" / row["gold"], ROOT / row["corpus_path"]) for row in csv.DictReader(handle)]


def _shape_pairs():
    return [(gold, gold.with_suffix(".txt")) for gold in sorted((ROOT / "tests" / "shapes").glob("amounts-*.json"))]


@pytest.mark.parametrize("gold_path, paper_path", _seed_pairs() + _shape_pairs(), ids=lambda p: p.stem)
def test_gold_values(gold_path, paper_path):
    count, _ = _score(gold_path, paper_path)
    assert count.prf()["f1"] == 1.0, count


@pytest.mark.parametrize("pairs", [_seed_pairs(), _shape_pairs()], ids=["seeds", "shapes"])
def test_gold_roles(pairs):
    right = total = 0
    for gold_path, paper_path in pairs:
        _, accuracy = _score(gold_path, paper_path)
        if accuracy:
            right, total = right + accuracy.right, total + accuracy.total
    assert total and right / total >= 0.95, (right, total)


def test_shape_papers_cover_the_issue():
    shapes = _shape_pairs()
    assert 6 <= len(shapes) <= 10 and all(paper.exists() for _, paper in shapes)
    printed = " ".join(a["text"] for gold, _ in shapes for a in json.loads(gold.read_text())["amounts"])
    for shape in ("EUR 45.000", "45.000 EUR", "T€", "Tsd. €", "Mio. €", "Millionen Euro", "Mrd.",
                  "-25.000 €", "7.300 Euro", "bis", "€ 1.500,00", "1.500,- €", "1.500,00 EUR", "\n"):
        assert shape in printed, shape


# --- hostile input -----------------------------------------------------------------------------

MONEYISH = st.sampled_from([
    "€", " EUR ", "Euro", "T€", " Tsd. ", " Mio. ", "Millionen", " Mrd.", ",--", ", --", ",- ", "-", "−",
    " bis ", " und ", "zwischen ", "ca. ", "bis zu ", "p.a.", " pro Stelle", "/Jahr", "\n", "\t", ": ",
    "Förderung", "Eigenanteil", "Kosten", "erstattet", "Einsparungen ab Haushaltsjahr: 2025\n",
    "(SK 414100 ", ")", "6x ", " = ", "in T€", "%", ".", "Kürzung um ", "zu Lasten des Haushaltes",
])
NUMBERS = st.one_of(st.integers(min_value=-10**7, max_value=10**16).map(lambda n: f"{n:,}".replace(",", ".")),
                    st.from_regex(r"\d{1,3}(\.\d{3}){0,3}(,\d{1,3})?", fullmatch=True))
TEXTS = st.lists(st.one_of(MONEYISH, NUMBERS, st.text(max_size=6)), max_size=40).map("".join)


def _check_facts(text, facts):
    assert [f.start for f in facts] == sorted(f.start for f in facts)
    for fact in facts:
        assert 0 <= fact.start < fact.end <= len(text)
        assert fact.text == text[fact.start:fact.end]
        assert isinstance(fact.value, Decimal) and fact.role in ROLES


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_never_raises_on_money_like_junk(text):
    _check_facts(text, extract(text))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_random_text(text):
    _check_facts(text, extract(text))


SEED_TEXTS = [normalize(paper.read_text(encoding="utf-8")).text for _, paper in _seed_pairs()]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(SEED_TEXTS), st.lists(st.tuples(st.floats(0, 1), st.integers(0, 40), TEXTS), max_size=6))
def test_never_raises_on_mutated_seeds(text, edits):
    for where, cut, insert in edits:
        pos = int(where * len(text))
        text = text[:pos] + insert + text[pos + cut:]
    _check_facts(text, extract(text))


def test_odd_input():
    assert extract("") == []
    assert extract(None) == []  # type: ignore[arg-type]
    assert extract("9" * 100_000 + " €") == []  # no 100,000-digit sums
    assert [a.value for a in extract("1" * 15 + " Mrd. €")] == [Decimal("111111111111111000000000.00")]

