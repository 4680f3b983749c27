# Generates the three PDF probe papers (10, 11, 12) with fpdf2.
import sys
from fpdf import FPDF
from fpdf.fonts import FontFace

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONTB = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
OUT = "/work/main/docs/probes/pdf-artifacts/"


class Doc(FPDF):
    def __init__(self, head_left, head_right, foot_left, first_page_header=False):
        super().__init__(format="A4")
        self.head_left, self.head_right, self.foot_left = head_left, head_right, foot_left
        self.first_page_header = first_page_header
        self.add_font("DejaVu", "", FONT)
        self.add_font("DejaVu", "B", FONTB)
        self.set_auto_page_break(True, margin=22)
        self.set_margins(22, 20, 20)

    def header(self):
        if self.page_no() == 1 and not self.first_page_header:
            return
        self.set_font("DejaVu", "", 8)
        self.cell(110, 5, self.head_left)
        self.cell(0, 5, self.head_right, align="R", new_x="LMARGIN", new_y="NEXT")
        self.line(22, self.get_y(), 190, self.get_y())
        self.ln(4)

    def footer(self):
        self.set_y(-15)
        self.set_font("DejaVu", "", 8)
        self.cell(110, 5, self.foot_left)
        self.cell(0, 5, f"Seite {self.page_no()} von {{nb}}", align="R")


def render(pdf, blocks):
    for b in blocks:
        kind = b[0]
        if kind == "h":
            pdf.set_font("DejaVu", "B", 11)
            pdf.ln(2)
            pdf.multi_cell(0, 6, b[1], new_x="LMARGIN", new_y="NEXT")
        elif kind == "big":
            pdf.set_font("DejaVu", "B", 15)
            pdf.multi_cell(0, 8, b[1], new_x="LMARGIN", new_y="NEXT")
        elif kind == "p":
            pdf.set_font("DejaVu", "", 10)
            pdf.multi_cell(0, 5, b[1], new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
        elif kind == "item":  # numbered item with hanging indent
            pdf.set_font("DejaVu", "", 10)
            pdf.cell(8, 5, b[1])
            pdf.multi_cell(0, 5, b[2], new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif kind == "two":  # letterhead left, fields right, same lines
            pdf.set_font("DejaVu", "", 10)
            for left, right in b[1]:
                pdf.cell(95, 5, left)
                pdf.cell(0, 5, right, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif kind == "table":
            rows, widths = b[1], b[2]
            align = b[3] if len(b) > 3 else None
            pdf.set_font("DejaVu", "", 9)
            with pdf.table(col_widths=widths, text_align=align or "LEFT",
                           headings_style=FontFace(emphasis="BOLD"), line_height=5) as t:
                for r in rows:
                    row = t.row()
                    for c in r:
                        row.cell(c)
            pdf.ln(2)
        elif kind == "gap":
            pdf.ln(b[1])
        elif kind == "page":
            pdf.add_page()


def make(name, head_left, head_right, foot_left, blocks, first_page_header=False):
    pdf = Doc(head_left, head_right, foot_left, first_page_header)
    pdf.add_page()
    render(pdf, blocks)
    pdf.output(OUT + name)
    print(name, pdf.page_no(), "pages")


# ---------------------------------------------------------------- 10 Rostock
rostock = [
    ("two", [("Hanse- und Universitätsstadt Rostock", "Beschlussvorlage"),
             ("Der Oberbürgermeister", "Vorlage-Nr.: 2024/BV/4567"),
             ("Brandschutz- und Rettungsamt", "Datum: 02.05.2024"),
             ("Erich-Schlesinger-Straße 24, 18059 Rostock", "Status: öffentlich")]),
    ("h", "Beratungsfolge:"),
    ("table", [("Datum", "Gremium", "Zuständigkeit"),
               ("14.05.2024", "Ausschuss für Stadt- und Regionalentwicklung, Umwelt und Ordnung", "Vorberatung"),
               ("16.05.2024", "Finanzausschuss", "Vorberatung"),
               ("05.06.2024", "Bürgerschaft", "Entscheidung")], (25, 110, 35)),
    ("h", "Betreff:"),
    ("p", "Neubau der Feuer- und Rettungswache Süd in der Südstadt – Baubeschluss und "
          "Verpflichtungsermächtigung"),
    ("h", "Beschlussvorschlag:"),
    ("p", "Die Bürgerschaft beschließt:"),
    ("item", "1.", "Der Neubau der Feuer- und Rettungswache Süd am Standort Nobelstraße wird auf "
                   "der Grundlage der Entwurfsplanung (Anlage 1) mit Gesamtkosten in Höhe von "
                   "18.750.000 EUR beschlossen."),
    ("item", "2.", "Für das Haushaltsjahr 2025 wird eine Verpflichtungsermächtigung in Höhe von "
                   "9.000.000 EUR zu Lasten der Haushaltsjahre 2026 und 2027 erteilt."),
    ("item", "3.", "Der Oberbürgermeister wird beauftragt, bei dem Ministerium für Inneres, Bau und "
                   "Digitalisierung Mecklenburg-Vorpommern eine Sonderbedarfszuweisung zu "
                   "beantragen und der Bürgerschaft bis zum 31.10.2024 über den Stand zu berichten."),
    ("h", "Beschlussvorschriften:"),
    ("p", "§ 22 Abs. 2 Kommunalverfassung Mecklenburg-Vorpommern (KV M-V)"),
    ("h", "bereits gefasste Beschlüsse:"),
    ("p", "2022/BV/3210 – Brandschutzbedarfsplan der Hanse- und Universitätsstadt Rostock, "
          "beschlossen am 06.07.2022\n"
          "2023/BV/3988 – Grundsatzbeschluss Standortsuche Feuerwache Süd, beschlossen am "
          "15.03.2023"),
    ("h", "Sachverhalt:"),
    ("p", "Auf der Grundlage des Brandschutzbedarfsplans (2022/BV/3210) ist die Hilfsfrist "
          "von 10 Minuten nach § 2 Abs. 1 des Brandschutz- und Hilfeleistungsgesetzes M-V "
          "(BrSchG) in den südlichen Stadtteilen nur mit einer zusätzlichen Wache einzuhalten. "
          "Mit dem Grundsatzbeschluss 2023/BV/3988 hat die Bürgerschaft den Standort "
          "Nobelstraße festgelegt. Das Grundstück wurde am 20.11.2023 erworben."),
    ("p", "Die Wache erhält sechs Fahrzeugstellplätze, eine Rettungswache mit zwei Stellplätzen "
          "für Rettungswagen sowie Ruhe- und Sozialräume für 24 Einsatzkräfte je Wachabteilung. "
          "Der Baubeginn ist für den 01.04.2025 vorgesehen, die Inbetriebnahme für den "
          "30.09.2027."),
    ("h", "Finanzielle Auswirkungen:"),
    ("table", [("Teilfinanzhaushalt 37 – Brandschutz", "2024", "2025", "2026", "2027", "Gesamt"),
               ("Auszahlungen für Baumaßnahmen", "750.000 €", "5.000.000 €", "7.500.000 €", "5.500.000 €", "18.750.000 €"),
               ("Einzahlungen aus Zuweisungen des Landes", "–", "1.500.000 €", "2.000.000 €", "1.500.000 €", "5.000.000 €"),
               ("Eigenanteil der Stadt", "750.000 €", "3.500.000 €", "5.500.000 €", "4.000.000 €", "13.750.000 €")],
     (52, 22, 24, 24, 24, 24), "RIGHT"),
    ("p", "Investitionsnummer: 1260000012, Produkt 12601 Brandschutz"),
    ("p", "Die Gesamtkosten von 18.750.000 EUR werden durch eine Sonderbedarfszuweisung des "
          "Landes von voraussichtlich 5.000.000 EUR teilweise gedeckt. Der Eigenanteil der Stadt "
          "in Höhe von 13.750.000 EUR wird über Kredite finanziert. Nach Inbetriebnahme entstehen "
          "jährliche Folgekosten für Bewirtschaftung und Unterhaltung von rund 410.000 EUR; "
          "zusätzliche Personalkosten entstehen nicht, da die Einsatzkräfte aus der Wache Mitte "
          "umgesetzt werden."),
    ("h", "Anlagen:"),
    ("p", "Anlage 1 Entwurfsplanung Feuer- und Rettungswache Süd\n"
          "Anlage 2 Kostenberechnung"),
    ("gap", 6),
    ("p", "Eva-Maria Kröger\nOberbürgermeisterin"),
]

# ---------------------------------------------------------------- 11 Halle
halle = [
    ("big", "Stadt Halle (Saale)"),
    ("two", [("Geschäftsbereich Bildung und Soziales", "Vorlagen-Nummer: VII/2024/00123"),
             ("Fachbereich Bildung", "TOP:"),
             ("Marktplatz 1, 06108 Halle (Saale)", "Datum: 16.01.2024"),
             ("", "Beschlussvorlage")]),
    ("h", "Beratungsfolge"),
    ("table", [("Gremium", "Termin", "Status"),
               ("Dienstberatung Oberbürgermeister", "23.01.2024", "nicht öffentlich Vorberatung"),
               ("Bildungsausschuss", "06.02.2024", "öffentlich Vorberatung"),
               ("Finanzausschuss", "13.02.2024", "öffentlich Vorberatung"),
               ("Stadtrat", "28.02.2024", "öffentlich Entscheidung")], (80, 30, 60)),
    ("h", "Betreff: Umsetzung des DigitalPakts Schule – Ausstattung der Grund- und "
          "Förderschulen mit digitalen Endgeräten, Änderung des Medienentwicklungsplans"),
    ("h", "Beschlussvorschlag:"),
    ("item", "1.", "Der Stadtrat beschließt die Ausstattung der Grund- und Förderschulen mit "
                   "digitalen Endgeräten gemäß der Übersicht in Anlage 1 mit einem Gesamtvolumen "
                   "von 3.560.000 EUR."),
    ("item", "2.", "Der Medienentwicklungsplan 2022–2026, beschlossen am 28.09.2022 "
                   "(VII/2022/04321), wird entsprechend Anlage 2 geändert."),
    ("item", "3.", "Der Beschluss VII/2023/05512 vom 22.03.2023 über die Anmietung von "
                   "Tablet-Koffern wird aufgehoben."),
    ("item", "4.", "Der Oberbürgermeister wird ermächtigt, die erforderlichen Vergaben bis zu einem "
                   "Auftragswert von 1.200.000 EUR je Los vorzunehmen."),
    ("h", "Finanzielle Auswirkungen (Angaben in T€)"),
    ("table", [("Jahr", "Auszahlungen", "Fördermittel DigitalPakt", "Eigenanteil Stadt"),
               ("2024", "2.140", "1.926", "214"),
               ("2025", "1.420", "1.278", "142"),
               ("Summe", "3.560", "3.204", "356")], (30, 45, 50, 45), "RIGHT"),
    ("p", "Folgekosten: Für Wartung, Lizenzen und Ersatzbeschaffung fallen ab 2026 jährlich "
          "etwa 480.000 EUR an, die vollständig aus dem städtischen Haushalt zu finanzieren "
          "sind."),
    ("h", "Begründung:"),
    ("p", "Die Stadt Halle (Saale) hat als Schulträger nach § 64 Abs. 1 des Schulgesetzes des "
          "Landes Sachsen-Anhalt (SchulG LSA) für die sächliche Ausstattung der Schulen zu "
          "sorgen. Mit dem DigitalPakt Schule stehen der Stadt nach der Richtlinie über die "
          "Gewährung von Zuwendungen zur Umsetzung des DigitalPakts Schule in Sachsen-Anhalt "
          "Fördermittel in Höhe von 3.204.000 EUR zur Verfügung (Förderquote 90 %). Der "
          "Eigenanteil von 356.000 EUR ist im Haushaltsplan 2024 veranschlagt."),
    ("p", "Der Förderzeitraum endet am 16.05.2025; Mittel, die bis dahin nicht abgerufen sind, "
          "verfallen. Bereits im Jahr 2023 mussten 86.400 EUR an das Land zurückgezahlt werden, "
          "weil Lieferungen nicht rechtzeitig erfolgten."),
    ("p", "Die im Beschluss VII/2023/05512 vorgesehene Anmietung von Tablet-Koffern hat sich "
          "als unwirtschaftlich erwiesen; der Kauf spart gegenüber der Miete über fünf Jahre "
          "rund 215.000 EUR ein."),
    ("p", "Die Zuständigkeit des Stadtrates ergibt sich aus § 45 Abs. 2 Nr. 1 KVG LSA."),
    ("h", "Anlagen:"),
    ("p", "Anlage 1 – Ausstattungsübersicht nach Schulen\n"
          "Anlage 2 – Änderungen des Medienentwicklungsplans (Synopse)"),
    ("gap", 4),
    ("p", "Dr. Alexander Vogt\nOberbürgermeister"),
]

# ---------------------------------------------------------------- 12 Tübingen
tuebingen = [
    ("two", [("Universitätsstadt Tübingen", "Vorlage 123/2024"),
             ("Fachabteilung Verkehrsplanung", "Datum 18.04.2024"),
             ("Jan Sommer, Telefon: 07071 204-2263", ""),
             ("Gesch. Z.: 72/", "")]),
    ("h", "Beschlussvorlage"),
    ("h", "zur Vorberatung im Ausschuss für Planung, Verkehr und Stadtentwicklung\n"
          "zur Behandlung im Gemeinderat"),
    ("table", [("Gremium", "Datum", "Behandlung", "Sitzungsart"),
               ("Ortschaftsrat Hirschau", "29.04.2024", "Anhörung", "öffentlich"),
               ("Ausschuss für Planung, Verkehr und Stadtentwicklung", "06.05.2024", "Vorberatung", "öffentlich"),
               ("Gemeinderat", "16.05.2024", "Entscheidung", "öffentlich")], (75, 25, 35, 30)),
    ("h", "Betreff: Radschnellverbindung Tübingen – Rottenburg, Abschnitt Hirschau; "
          "Bau- und Finanzierungsbeschluss"),
    ("h", "Bezug:"),
    ("p", "Vorlage 230/2020 Klimaschutzprogramm 2020–2030 (Beschluss vom 29.10.2020)\n"
          "Vorlage 58/2023 Machbarkeitsstudie Radschnellverbindung"),
    ("h", "Anlagen:"),
    ("p", "Anlage 1: Lageplan Abschnitt Hirschau\nAnlage 2: Kostenberechnung"),
    ("h", "Beschlussantrag:"),
    ("item", "1.", "Dem Bau des Abschnitts Hirschau der Radschnellverbindung Tübingen – Rottenburg "
                   "nach der Planung in Anlage 1 wird zugestimmt."),
    ("item", "2.", "Die Verwaltung wird ermächtigt, die Zuwendung nach dem "
                   "Landesgemeindeverkehrsfinanzierungsgesetz (LGVFG) in Höhe von bis zu "
                   "2.565.000 € anzunehmen."),
    ("item", "3.", "Der städtische Anteil von 1.035.000 € wird im Haushalt 2025 bereitgestellt."),
    ("h", "Ziel:"),
    ("p", "Lückenschluss im Radverkehrsnetz zwischen Tübingen und Rottenburg am Neckar."),
    ("h", "Begründung:"),
    ("p", "1. Anlass / Problemstellung"),
    ("p", "In Umsetzung des Klimaschutzprogramms 2020–2030 (Vorlage 230/2020) soll der Anteil "
          "des Radverkehrs bis 2030 auf 35 % steigen. Die Machbarkeitsstudie (Vorlage 58/2023) "
          "hat für den Abschnitt Hirschau eine Trasse entlang der Bahnlinie empfohlen. "
          "Der Gemeinderat hat die Studie am 15.06.2023 zur Kenntnis genommen."),
    ("p", "2. Sachstand"),
    ("p", "Die Entwurfsplanung sieht einen 4 m breiten, beleuchteten Radweg auf 2,8 km Länge "
          "vor. Das Regierungspräsidium Tübingen hat am 12.03.2024 den vorzeitigen "
          "Maßnahmenbeginn zugelassen."),
    ("p", "3. Lösungsvorschlag"),
    ("p", "Die Kostenberechnung (Anlage 2) schließt mit Gesamtkosten von 3.600.000 € brutto ab. "
          "Das Land fördert nach § 2 Nr. 1 LGVFG 50 % der zuwendungsfähigen Kosten, zuzüglich "
          "eines Bonus für Radschnellwege von 25 %; die Förderung beträgt damit bis zu "
          "2.565.000 €. Der verbleibende Eigenanteil der Stadt beträgt 1.035.000 €. Der "
          "Landkreis Tübingen beteiligt sich an den Planungskosten mit einem Zuschuss von "
          "pauschal 60.000 €, der bereits im Jahr 2023 eingegangen ist."),
    ("p", "4. Finanzielle Auswirkungen"),
    ("table", [("Produkt/Projekt", "Bezeichnung", "Ansatz 2024", "Ansatz 2025"),
               ("7.5410.0.1.07", "Auszahlungen Radschnellverbindung", "450.000 €", "3.150.000 €"),
               ("7.5410.0.1.07", "Einzahlungen Zuwendung LGVFG", "–", "2.565.000 €")],
     (35, 65, 35, 35)),
    ("p", "Die Zuständigkeit des Gemeinderats ergibt sich aus § 39 Abs. 2 Nr. 10 GemO."),
    ("gap", 4),
    ("p", "Boris Palmer\nOberbürgermeister"),
]

make("10-rostock-feuerwache.pdf", "Hanse- und Universitätsstadt Rostock",
     "Beschlussvorlage 2024/BV/4567", "Ausdruck vom: 08.05.2024", rostock)
make("11-halle-digitalpakt.pdf", "Stadt Halle (Saale) · Beschlussvorlage",
     "VII/2024/00123", "Druckdatum: 17.01.2024", halle, first_page_header=False)
make("12-tuebingen-radschnellweg.pdf", "Universitätsstadt Tübingen",
     "Vorlage 123/2024", "Vorlage 123/2024", tuebingen, first_page_header=True)
