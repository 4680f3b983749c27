"""Synthetic council papers for benchmarks and scale tests: text exports and PDFs, deterministic.

Real corpora cannot be shipped in bulk, so the benchmark and the crash, worker and Dask tests run
on papers written here: six fictitious municipalities with the numbering schemes and layouts of
the council information systems in use (SessionNet ``2019/0153``, ALLRIS ``BV/0153/2019``,
``DS 0153/2019``, ``V/2019/0153``, ``0153/VIII``, Hamburg-style ``21-26 / V 00153``), a
Beratungsfolge or Gremienweg, Beschlussentwurf items, sums written the many ways towns write them
(``1,2 Mio. €``, ``EUR 45.000``, ``ca. 30 T€``), posts, laws, Anlagen, and papers that amend or
rescind earlier ones (``Ratsbeschluss vom 13.12.2021 zur Vorlage Nr. 2021/1121``). Every cited
paper is an earlier paper of the same body, so the links resolve inside the corpus.

Each paper is a pure function of ``(seed, index)``: what a paper needs to know about another (its
number, date, decision date, kind) comes from :func:`paper_meta`, which is cheap and draws from its
own random stream. Papers can therefore be written in any order and in parallel, and the first
1,000 papers of a 10,000-paper corpus are the 1,000-paper corpus.

    python -m pipeline.bench corpus --out data/bench --papers 10000
"""
from __future__ import annotations

import copy
import csv
import io
import os
import random
import textwrap
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional

DEFAULT_SEED = 2024
START = date(2015, 1, 5)
PAPERS_PER_BODY_AND_YEAR = 300
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
FORMATS = ("txt", "pdf")


# --- municipalities and their numbering ------------------------------------------------------

@dataclass(frozen=True)
class Body:
    key: str
    letterhead: str          # first line of every paper: "Stadt Lindenau"
    place: str               # "Lindenau"
    council: str             # "Rat der Stadt Lindenau"
    council_short: str       # "Rat", "Stadtrat", "Kreistag": used in "Ratsbeschluss vom"
    resolution_word: str     # "Ratsbeschluss", "Beschluss des Stadtrates"
    head: str                # "Der Bürgermeister"
    head_name: str
    scheme: str              # numbering scheme, see paper_number()
    label: str               # how the paper calls its own number: "Vorlage Nr."
    layout: str              # sessionnet | allris | markdown | kreis | plain | hamburg
    committees: tuple[str, ...]
    offices: tuple[str, ...]
    parties: tuple[str, ...] = ("CDU", "SPD", "BÜNDNIS 90/DIE GRÜNEN", "FDP", "DIE LINKE")


BODIES: tuple[Body, ...] = (
    Body("lindenau", "Stadt Lindenau", "Lindenau", "Rat der Stadt Lindenau", "Rat", "Ratsbeschluss",
         "Der Bürgermeister", "Hartmann", "sessionnet", "Vorlage Nr.", "sessionnet",
         ("Ausschuss für Schule, Sport und Kultur", "Ausschuss für Stadtentwicklung, Bauen und Verkehr",
          "Ausschuss für Soziales, Gesundheit und Senioren", "Ausschuss für Umwelt und Klimaschutz",
          "Finanz- und Digitalisierungsausschuss", "Haupt- und Personalausschuss",
          "Bezirksvertretung Lindenau-Nord"),
         ("Dezernat I", "Dezernat II", "Dezernat III/Fachbereich Finanzen", "Dezernat IV/Fachbereich 51")),
    Body("burgwalde", "Stadtverwaltung Burgwalde", "Burgwalde", "Stadtrat Burgwalde", "Stadtrat",
         "Beschluss des Stadtrates", "Der Oberbürgermeister", "Dr. Keller", "allris", "Vorlage:", "allris",
         ("Haupt- und Finanzausschuss", "Schulträgerausschuss", "Ausschuss für Stadtentwicklung und Mobilität",
          "Werkausschuss Eigenbetrieb Grünflächen", "Jugendhilfeausschuss", "Sozialausschuss",
          "Ortsbeirat Altstadt"),
         ("40-Schulverwaltungsamt", "61-Amt für Stadtentwicklung", "65-Zentrales Gebäudemanagement",
          "20-Kämmerei", "50-Amt für Jugend, Familie und Senioren")),
    Body("eichental", "Gemeinde Eichental", "Eichental", "Gemeinderat Eichental", "Gemeinderat",
         "Beschluss des Gemeinderates", "Die Bürgermeisterin", "Vogt", "drucksache", "Drucksache",
         "markdown",
         ("Bau-, Planungs- und Umweltausschuss", "Haupt- und Finanzausschuss",
          "Ausschuss für Bildung, Kultur und Soziales", "Rechnungsprüfungsausschuss"),
         ("Fachbereich 1 - Zentrale Dienste", "Fachbereich 2 - Finanzen", "Fachbereich 3 - Bauen und Umwelt")),
    Body("hohenwald", "Kreis Hohenwald", "Hohenwald", "Kreistag des Kreises Hohenwald", "Kreistag",
         "Kreistagsbeschluss", "Der Landrat", "Brandt", "kreis", "Sitzungsvorlage", "kreis",
         ("Kreisausschuss", "Ausschuss für Gesundheit und Soziales", "Ausschuss für Schule und Bildung",
          "Ausschuss für Mobilität, Umwelt und Planung", "Jugendhilfeausschuss"),
         ("Dezernat 1 - Finanzen und Personal", "Dezernat 2 - Soziales und Gesundheit",
          "Dezernat 3 - Bauen, Umwelt, Verkehr")),
    Body("rabenstein", "Stadt Rabenstein", "Rabenstein", "Rat der Stadt Rabenstein", "Rat",
         "Ratsbeschluss", "Der Bürgermeister", "Schulte", "roman", "Drucksache Nr.", "plain",
         ("Haupt-, Finanz- und Beschwerdeausschuss", "Ausschuss für Planung und Umwelt",
          "Ausschuss für Generationen, Soziales und Integration", "Betriebsausschuss Stadtwerke"),
         ("Dezernat I", "Dezernat II", "Dezernat IV")),
    Body("nordufer", "Bezirksamt Nordufer", "Nordufer", "Bezirksversammlung Nordufer",
         "Bezirksversammlung", "Beschluss der Bezirksversammlung", "Das Bezirksamt", "Petersen",
         "hamburg", "Drucksache", "hamburg",
         ("Hauptausschuss", "Ausschuss für Mobilität", "Regionalausschuss Nordufer-Ost",
          "Ausschuss für Soziales, Arbeit, Integration und Gleichstellung", "Haushaltsausschuss"),
         ("Fachamt Sozialraummanagement", "Fachamt Management des öffentlichen Raumes",
          "Dezernat Wirtschaft, Bauen und Umwelt")),
)

ROMAN_PERIODS = ((2014, "VIII"), (2020, "IX"), (2025, "X"))


def paper_number(body: Body, serial: int, year: int) -> str:
    """The number the body's council system gives its ``serial``-th paper in ``year``."""
    if body.scheme == "sessionnet":
        return f"{year}/{serial:04d}"
    if body.scheme == "allris":
        return f"BV/{serial:04d}/{year}"
    if body.scheme == "drucksache":  # printed "Drucksache Nr. 0153/2019", cited "DS 0153/2019"
        return f"{serial:04d}/{year}"
    if body.scheme == "kreis":
        return f"V/{year}/{serial:04d}"
    if body.scheme == "roman":
        period = [name for since, name in ROMAN_PERIODS if year >= since][-1]
        return f"{serial:04d}/{period}"
    if body.scheme == "hamburg":
        period = "21-26" if year >= 2021 else "20-21" if year >= 2019 else "19-20"
        return f"{period} / V {serial:05d}"
    raise ValueError(body.scheme)


# --- what one paper needs to know about another ------------------------------------------------

KINDS = (("beschluss", 0.52), ("aenderung", 0.14), ("mitteilung", 0.12), ("antrag", 0.10),
         ("anlage", 0.12))


@dataclass(frozen=True)
class PaperMeta:
    index: int
    body: Body
    serial: int
    number: str
    date: date
    decision_date: date
    kind: str
    topic: int

    @property
    def slug(self) -> str:
        from .ids import slugify

        return slugify(self.number)


def _rng(seed: int, index: int, stream: str) -> random.Random:
    return random.Random(f"{seed}:{index}:{stream}")


def _workday(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


@lru_cache(maxsize=4096)
def paper_meta(index: int, seed: int = DEFAULT_SEED) -> PaperMeta:
    """Number, dates and kind of paper ``index``: a pure function, cheap enough to call often."""
    body = BODIES[index % len(BODIES)]
    serial = index // len(BODIES) + 1
    day = _workday(START + timedelta(days=serial * 365 // PAPERS_PER_BODY_AND_YEAR))
    rng = _rng(seed, index, "meta")
    kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
    if serial == 1 and kind in ("aenderung", "anlage"):
        kind = "beschluss"  # nothing earlier to amend or attach to
    if kind == "anlage" and paper_meta(index - len(BODIES), seed).kind == "anlage":
        kind = "beschluss"  # an Anlage belongs to the paper just before it, never to an Anlage
    decision = _workday(day + timedelta(days=rng.randint(28, 75)))
    return PaperMeta(index, body, serial, paper_number(body, serial, day.year), day, decision, kind,
                     rng.randrange(len(TOPICS)))


def earlier_decided_paper(meta: PaperMeta, rng: random.Random, seed: int) -> Optional[PaperMeta]:
    """An earlier paper of the same body with a resolution (a Beschlussvorlage or an amendment)."""
    for _ in range(8):
        serial = rng.randint(max(1, meta.serial - 400), meta.serial - 1) if meta.serial > 1 else 0
        if serial < 1:
            return None
        other = paper_meta((serial - 1) * len(BODIES) + BODIES.index(meta.body), seed)
        if other.kind in ("beschluss", "aenderung") and other.decision_date < meta.date:
            return other
    return None


# --- words -------------------------------------------------------------------------------------

STREETS = ("Lindenstraße", "Hauptstraße", "Am Mühlenbach", "Schulstraße", "Kirchweg", "Bahnhofstraße",
           "Goethestraße", "Im Wiesengrund", "Ahornallee", "Marktplatz", "Zum Steinbruch",
           "Friedhofstraße", "Gartenstraße", "Auf der Höhe", "Brückenstraße", "Bergstraße")
DISTRICTS = ("Nord", "Süd", "Altstadt", "Oberdorf", "Talheim", "Am Hang", "Westend", "Bruchfeld")
SCHOOLS = ("Grundschule am Mühlenbach", "Gesamtschule Lindenhof", "Realschule Am Kirchberg",
           "Grundschule Talheim", "Gymnasium an der Ahornallee", "Förderschule Sonnenblick")
KITAS = ("Kita Regenbogen", "Kindertagesstätte Pusteblume",
         "Kita Sternschnuppe", "Kindertagesstätte Am Park", "Kita Arche Noah")
CLUBS = ("TuS Eintracht 1908 e. V.", "SV Blau-Weiß e. V.", "Turnverein Germania e. V.",
         "Heimatverein e. V.", "Förderverein Freibad e. V.", "Musikverein Harmonie e. V.")


@dataclass(frozen=True)
class Topic:
    subject: str                      # placeholders: {street} {district} {school} {kita} {club} {year} {n}
    decisions: tuple[str, ...]
    reasons: tuple[str, ...]
    cost_range: tuple[int, int]       # euros
    funding_share: float = 0.0        # share of the cost paid by a programme (0: none)
    programme: str = ""
    law: str = ""
    posts: float = 0.0


TOPICS: tuple[Topic, ...] = (
    Topic("Sanierung der {school}: Brandschutz und Elektrotechnik",
          ("Der {council} beschließt die Sanierung der {school} auf Grundlage der vorgelegten "
           "Entwurfsplanung.",
           "Die Verwaltung wird beauftragt, die Bauleistungen öffentlich auszuschreiben.",
           "Die Mittel werden im Haushalt {year} bereitgestellt."),
          ("Bei der Begehung durch die Bauaufsicht und die Feuerwehr wurden in den Fluren und im "
           "Treppenhaus der {school} erhebliche Mängel im vorbeugenden Brandschutz festgestellt.",
           "Der zweite bauliche Rettungsweg fehlt im Altbau vollständig; die Elektroverteilungen "
           "entsprechen nicht mehr dem Stand der Technik.",
           "Ein Unterrichtsbetrieb während der Bauphase ist nur abschnittsweise möglich; für die "
           "Dauer der Arbeiten werden Klassenräume in Containern eingerichtet.",
           "Die Kostenberechnung des beauftragten Planungsbüros liegt dieser Vorlage als Anlage bei."),
          (800_000, 6_500_000), 0.4, "Gute Schule 2020", "§ 79 SchulG"),
    Topic("Erweiterung der {kita} um zwei Gruppen",
          ("Der {council} stimmt der Erweiterung der {kita} um zwei Gruppen zu.",
           "Die Verwaltung wird beauftragt, Fördermittel aus dem Landesprogramm zu beantragen.",
           "Der Stellenplan wird um {posts} Stellen für pädagogische Fachkräfte ergänzt."),
          ("Nach der aktuellen Kindergartenbedarfsplanung fehlen im Stadtteil {district} zum "
           "Kindergartenjahr {year} rund 40 Plätze für Kinder über drei Jahren.",
           "Der Rechtsanspruch auf einen Betreuungsplatz nach § 24 SGB VIII kann ohne zusätzliche "
           "Gruppen nicht erfüllt werden.",
           "Der Träger hat sich bereit erklärt, den Betrieb der zusätzlichen Gruppen zu übernehmen.",
           "Die Erweiterung ist in Modulbauweise auf dem städtischen Grundstück {street} geplant."),
          (450_000, 2_400_000), 0.6, "Kita-Ausbauprogramm", "§ 24 SGB VIII", 2.5),
    Topic("Fortschreibung des Radverkehrskonzeptes {year}",
          ("Der {council} beschließt die Fortschreibung des Radverkehrskonzeptes in der vorgelegten "
           "Fassung.",
           "Die Maßnahmen der Priorität 1 sind bis zum Jahr {year2} umzusetzen."),
          ("Das bisherige Radverkehrskonzept stammt aus dem Jahr 2011 und bildet die gestiegene "
           "Nutzung von Pedelecs und Lastenrädern nicht ab.",
           "In drei Bürgerwerkstätten wurden über 600 Hinweise zu Gefahrenstellen gesammelt, unter "
           "anderem an der Kreuzung {street}/{street2}.",
           "Die Verwaltung schlägt vor, die Hauptachsen zwischen den Stadtteilen vorrangig mit "
           "geschützten Radfahrstreifen auszubauen."),
          (150_000, 3_200_000), 0.75, "Förderrichtlinie Nahmobilität", ""),
    Topic("Bebauungsplan Nr. {n} „{district} - {street}“ - Aufstellungsbeschluss",
          ("Für das Gebiet zwischen {street} und {street2} wird gemäß § 2 Abs. 1 BauGB die "
           "Aufstellung des Bebauungsplans Nr. {n} beschlossen.",
           "Die frühzeitige Beteiligung der Öffentlichkeit nach § 3 Abs. 1 BauGB erfolgt durch "
           "eine vierwöchige Auslegung der Planunterlagen.",
           "Der Beschluss ist ortsüblich bekannt zu machen."),
          ("Der Eigentümer der Flächen hat die Entwicklung eines Wohngebiets mit rund 60 "
           "Wohneinheiten beantragt.",
           "Der Flächennutzungsplan stellt den Bereich als Wohnbaufläche dar; eine Änderung ist "
           "nicht erforderlich.",
           "Die Kosten des Verfahrens trägt der Vorhabenträger nach Maßgabe eines städtebaulichen "
           "Vertrages."),
          (20_000, 120_000), 0.0, "", "§ 2 Abs. 1 BauGB"),
    Topic("Beschaffung eines Hilfeleistungslöschfahrzeugs (HLF 20) für die Freiwillige Feuerwehr, "
          "Löschzug {district}",
          ("Die Verwaltung wird ermächtigt, ein Hilfeleistungslöschfahrzeug HLF 20 zu beschaffen.",
           "Der Auftrag ist nach Durchführung eines europaweiten Vergabeverfahrens an den "
           "wirtschaftlichsten Bieter zu erteilen."),
          ("Das vorhandene Löschgruppenfahrzeug des Löschzugs {district} ist 28 Jahre alt und nach "
           "dem Brandschutzbedarfsplan zu ersetzen.",
           "Ersatzteile sind für das Fahrgestell nicht mehr lieferbar; im vergangenen Jahr fiel das "
           "Fahrzeug an 41 Tagen aus.",
           "Das Land fördert die Beschaffung mit einer Festbetragsförderung."),
          (480_000, 780_000), 0.15, "Feuerwehrförderung des Landes", "§ 3 BHKG"),
    Topic("Kommunales Integrationsmanagement (KIM) - Fortführung des Case-Managements",
          ("Der {council} beschließt die Fortführung des Kommunalen Integrationsmanagements.",
           "Die Verwaltung wird beauftragt, den Kooperationsvertrag mit den Trägern der Freien "
           "Wohlfahrtspflege bis zum 31.12.{year2} zu verlängern.",
           "Die Differenz zwischen Landesförderung und tatsächlichen Personalkosten trägt die "
           "{body_kind} bis zu einem Betrag von {own_share} jährlich."),
          ("Das Landesprogramm „Kommunales Integrationsmanagement NRW“ fördert Personalstellen für "
           "ein rechtskreisübergreifendes Case-Management.",
           "Seit Beginn des Programms wurden über 900 Neuzugewanderte beraten und in Sprachkurse, "
           "Ausbildung oder Arbeit vermittelt.",
           "Die Förderpauschale des Landes deckt die Arbeitgeberbruttokosten nicht vollständig."),
          (300_000, 1_100_000), 0.8, "KIM NRW", "§ 9 TIntG", 4.0),
    Topic("Haushaltssatzung und Haushaltsplan für das Haushaltsjahr {year1}",
          ("Der {council} beschließt die Haushaltssatzung für das Haushaltsjahr {year1} in der "
           "Fassung des Entwurfs einschließlich der Veränderungsliste.",
           "Der Stellenplan {year1} wird in der vorgelegten Fassung beschlossen."),
          ("Der Entwurf weist im Ergebnisplan einen Fehlbetrag aus, der durch Entnahme aus der "
           "Ausgleichsrücklage gedeckt wird.",
           "Die Steigerung der Personal- und Versorgungsaufwendungen beruht im Wesentlichen auf den "
           "Tarifabschlüssen.",
           "Die Hebesätze der Grundsteuer B und der Gewerbesteuer bleiben unverändert."),
          (40_000_000, 320_000_000), 0.0, "", "§ 80 GO NRW"),
    Topic("Zuschuss an den {club} für die Sanierung des Vereinsheims",
          ("Dem {club} wird ein Zuschuss gewährt.",
           "Die Auszahlung erfolgt nach Vorlage der Rechnungen; ein Verwendungsnachweis ist bis "
           "zum 30.06.{year2} vorzulegen."),
          ("Der Verein betreut rund 850 Mitglieder, davon mehr als die Hälfte Kinder und "
           "Jugendliche.",
           "Das Dach des Vereinsheims ist undicht; die Heizungsanlage muss erneuert werden.",
           "Nach den Sportförderrichtlinien kann die {body_kind} bis zu einem Drittel der "
           "zuwendungsfähigen Kosten übernehmen."),
          (30_000, 260_000), 0.0, "", ""),
    Topic("Umrüstung der Straßenbeleuchtung auf LED-Technik, Bauabschnitt {n}",
          ("Die Verwaltung wird beauftragt, die Straßenbeleuchtung im Stadtteil {district} auf "
           "LED-Technik umzurüsten.",
           "Die Einsparungen werden dem Klimaschutzbudget zugeführt."),
          ("Im Stadtteil {district} sind noch 1.240 Leuchten mit Natriumdampf- und "
           "Quecksilberdampflampen in Betrieb.",
           "Durch die Umrüstung sinkt der Stromverbrauch um rund 65 Prozent.",
           "Die Maßnahme wird aus der Kommunalrichtlinie des Bundes gefördert."),
          (200_000, 1_400_000), 0.3, "Kommunalrichtlinie", "", 0.0),
    Topic("Gebührenkalkulation für die Abwasserbeseitigung {year1}",
          ("Die Gebührensätze für die Schmutzwasser- und Niederschlagswasserbeseitigung werden "
           "für das Jahr {year1} neu festgesetzt.",
           "Die Änderungssatzung zur Abwassergebührensatzung wird in der Fassung der Anlage "
           "beschlossen."),
          ("Nach § 6 KAG NRW sind die Gebühren so zu bemessen, dass die voraussichtlichen Kosten "
           "gedeckt werden.",
           "Die Kostenüberdeckung aus dem Vorjahr ist innerhalb von vier Jahren auszugleichen.",
           "Die Schmutzwassergebühr steigt von 2,61 € auf 2,84 € je Kubikmeter."),
          (4_000_000, 19_000_000), 0.0, "", "§ 6 KAG NRW"),
    Topic("Photovoltaikanlagen auf kommunalen Dächern",
          ("Die Verwaltung wird beauftragt, auf den Dächern von Rathaus, Bauhof und {school} "
           "Photovoltaikanlagen zu errichten.",
           "Der erzeugte Strom ist vorrangig selbst zu verbrauchen."),
          ("Die Dachflächen wurden im Rahmen des Solarkatasters auf ihre Eignung untersucht.",
           "Die Anlagen amortisieren sich nach rund elf Jahren.",
           "Die Statik der Dachtragwerke wurde geprüft; am Bauhof ist eine Verstärkung nötig."),
          (180_000, 950_000), 0.0, "", ""),
    Topic("Einrichtung von Stellen im Fachbereich Soziales",
          ("Der Stellenplan wird um {posts} unbefristete Stellen (Entgeltgruppe S 12 TVöD) ergänzt.",
           "Die Stellen sind zum nächstmöglichen Zeitpunkt zu besetzen."),
          ("Die Zahl der Fälle in der Wohnungsnotfallhilfe hat sich seit {year0} mehr als "
           "verdoppelt.",
           "Die vorhandenen Fachkräfte betreuen derzeit im Durchschnitt 95 Haushalte je Vollzeitstelle.",
           "Die Personalkosten je Stelle betragen nach den KGSt-Tabellen rund 78.000 € jährlich."),
          (150_000, 600_000), 0.0, "", "", 3.0),
    Topic("Ausbau der {street} zwischen {street2} und Ortsausgang",
          ("Der {council} beschließt den Ausbau der {street} nach der vorgestellten Planung.",
           "Die Anliegerinnen und Anlieger werden in einer Versammlung über die Maßnahme informiert."),
          ("Die Fahrbahn weist auf ganzer Länge Netzrisse und Absackungen auf.",
           "Gleichzeitig erneuern die Stadtwerke die Wasserleitung und den Mischwasserkanal.",
           "Die Fahrbahn wird auf 6,50 m verengt; beidseitig entstehen Gehwege mit 2,50 m Breite."),
          (600_000, 4_800_000), 0.5, "Förderprogramm kommunaler Straßenbau", ""),
    Topic("Digitalisierung der Schulen: Ausstattung mit Endgeräten",
          ("Die Verwaltung wird beauftragt, für alle Schulen Tablets und interaktive Tafeln zu "
           "beschaffen.",
           "Die Wartung der Geräte wird an einen externen Dienstleister vergeben."),
          ("Der Medienentwicklungsplan der Schulen sieht eine Ausstattung im Verhältnis eins zu "
           "drei vor.",
           "Aus dem DigitalPakt Schule stehen der {body_kind} Fördermittel zur Verfügung.",
           "Die Schulen haben ihre pädagogischen Konzepte fristgerecht vorgelegt."),
          (250_000, 2_300_000), 0.9, "DigitalPakt Schule", ""),
)

GENERIC_REASONS = (
    "Die Verwaltung hat die Angelegenheit mit den beteiligten Fachbereichen abgestimmt.",
    "Eine Beteiligung des Personalrates ist nicht erforderlich.",
    "Alternativen wurden geprüft; sie sind entweder teurer oder nicht rechtzeitig umsetzbar.",
    "Der Zeitplan sieht den Beginn der Arbeiten im zweiten Quartal vor.",
    "Über den Fortgang wird in den zuständigen Gremien regelmäßig berichtet.",
    "Die Maßnahme ist im Investitionsprogramm enthalten.",
    "Die Gleichstellungsbeauftragte wurde beteiligt und hat keine Bedenken geäußert.",
    "Auswirkungen auf das Klima sind nach derzeitigem Stand nicht zu erwarten.",
    "Die Folgekosten für Unterhaltung und Betrieb sind im Ergebnisplan veranschlagt.",
    "Die Fraktionen wurden im Rahmen einer Informationsveranstaltung unterrichtet.",
    "Ohne die Maßnahme drohen höhere Kosten in den Folgejahren.",
    "Die Stellungnahme des Rechnungsprüfungsamtes liegt vor.",
    "Die Bürgerinnen und Bürger konnten sich im Rahmen einer Online-Beteiligung äußern.",
    "Die Ergebnisse der Beteiligung sind in die Planung eingeflossen.",
    "Es wird empfohlen, dem Beschlussentwurf zu folgen.",
)

AMOUNT_STYLES = ("mio", "eur_prefix", "euro_suffix", "teur", "plain", "rund", "bis_zu")


def _german(value: float, decimals: int = 0) -> str:
    """``1234567.5`` → ``1.234.567,50``."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_amount(value: int, rng: random.Random) -> str:
    """A sum as towns print it: ``1,2 Mio. €``, ``EUR 45.000``, ``45.000,00 €``, ``ca. 30 T€``."""
    style = rng.choice(AMOUNT_STYLES)
    if style == "mio" and value >= 1_000_000:
        return f"{_german(value / 1_000_000, 1 if value % 1_000_000 else 0)} {rng.choice(['Mio. €', 'Mio. Euro', 'Millionen Euro'])}"
    if style == "teur" and value >= 10_000:
        return f"ca. {_german(round(value / 1000))} {rng.choice(['T€', 'Tsd. €', 'TEUR'])}"
    if style == "eur_prefix":
        return f"EUR {_german(value)}"
    if style == "rund":
        return f"rund {_german(value)} €"
    if style == "bis_zu":
        return f"bis zu {_german(value)} Euro"
    if style == "euro_suffix":
        return f"{_german(value)} Euro"
    return f"{_german(value, 2)} €"


# --- a paper as blocks --------------------------------------------------------------------------

@dataclass
class Block:
    kind: str                         # letterhead | fields | heading | para | items | table | signature
    text: str = ""
    rows: list = field(default_factory=list)


@dataclass
class Paper:
    meta: PaperMeta
    title: str
    blocks: list[Block]
    cites: list[tuple[str, str]]      # (number, relation) of earlier papers this one cites
    parent: Optional[str] = None


def _fill(template: str, values: dict) -> str:
    return template.format(**values)


def _values(meta: PaperMeta, rng: random.Random) -> dict:
    streets = rng.sample(STREETS, 2)
    return {
        "street": streets[0], "street2": streets[1], "district": rng.choice(DISTRICTS),
        "school": rng.choice(SCHOOLS), "kita": rng.choice(KITAS), "club": rng.choice(CLUBS),
        "year": meta.date.year + 1, "year0": meta.date.year - 3, "year1": meta.date.year + 1,
        "year2": meta.date.year + rng.randint(2, 4), "n": rng.randint(12, 180),
        "council": meta.body.council, "body_kind": "Stadt" if "Stadt" in meta.body.letterhead
        else "Gemeinde" if "Gemeinde" in meta.body.letterhead else "Verwaltung",
        "posts": _german(rng.choice([1, 1.5, 2, 2.5, 3, 4]), 1).replace(",0", ""),
        "own_share": "",
    }


def _consultations(meta: PaperMeta, rng: random.Random, final: bool = True) -> list[tuple]:
    """(committee, date, role, public) rows: committees first, the council decides last."""
    body = meta.body
    count = rng.randint(1, 3)
    committees = rng.sample(body.committees, count)
    rows = []
    span = (meta.decision_date - meta.date).days
    for i, name in enumerate(committees):
        day = _workday(meta.date + timedelta(days=7 + i * max(1, (span - 10) // (count + 1))))
        rows.append((name, day, "Vorberatung" if final else "Kenntnisnahme",
                     "nichtöffentlich" if rng.random() < 0.1 else "öffentlich"))
    if final:
        rows.append((body.council if body.layout != "allris" else body.council_short,
                     meta.decision_date, "Entscheidung", "öffentlich"))
    return rows


def _reference_phrase(body: Body, other: PaperMeta) -> str:
    """How a paper names an earlier resolution: ``Ratsbeschluss vom 13.12.2021 zur Vorlage Nr. 2021/1121``."""
    when = other.decision_date.strftime("%d.%m.%Y")
    if body.scheme == "sessionnet":
        return f"{body.resolution_word} vom {when} zur Vorlage Nr. {other.number}"
    if body.scheme == "allris":
        return f"{body.resolution_word} vom {when} zur Vorlage {other.number}"
    if body.scheme == "drucksache":
        return f"{body.resolution_word} vom {when} (DS {other.number})"
    if body.scheme == "hamburg":
        return f"{body.resolution_word} vom {when} zur Drucksache {other.number}"
    if body.scheme == "kreis":
        return f"{body.resolution_word} vom {when} zur Sitzungsvorlage {other.number}"
    return f"{body.resolution_word} vom {when} zur Drucksache Nr. {other.number}"


def compose(index: int, seed: int = DEFAULT_SEED) -> Paper:
    """Write paper ``index`` as blocks: header, Beratungsfolge, Beschlussentwurf, finance, reasons."""
    meta = paper_meta(index, seed)
    body = meta.body
    rng = _rng(seed, index, "text")
    topic = TOPICS[meta.topic]
    values = _values(meta, rng)
    cost = rng.randint(*topic.cost_range) // 500 * 500
    funding = int(cost * topic.funding_share) // 100 * 100
    own_share = cost - funding
    values["own_share"] = format_amount(max(own_share // 10, 5_000), rng)
    subject = _fill(topic.subject, values)
    cites: list[tuple[str, str]] = []
    parent = None
    blocks: list[Block] = []

    kind_titles = {"beschluss": "Beschlussvorlage", "aenderung": "Beschlussvorlage",
                   "mitteilung": "Mitteilungsvorlage", "antrag": "Antrag", "anlage": "Anlage"}
    title = kind_titles[meta.kind]
    other = earlier_decided_paper(meta, rng, seed) if meta.kind in ("aenderung", "mitteilung") else None
    if meta.kind == "aenderung" and other is None:
        title = "Beschlussvorlage"
    relation = rng.choice(["rescinds", "amends"]) if meta.kind == "aenderung" and other else None
    if relation == "rescinds":
        subject = f"Aufhebung des {body.resolution_word}es" if body.resolution_word.endswith("beschluss") \
            else "Aufhebung eines Beschlusses"
        subject += f" - {_fill(TOPICS[other.topic].subject, _values(other, _rng(seed, other.index, 'text')))}"
    elif relation == "amends":
        subject = f"Änderung des Beschlusses zur {_fill(TOPICS[other.topic].subject, _values(other, _rng(seed, other.index, 'text')))}"

    if meta.kind == "anlage":
        parent_meta = paper_meta(index - len(BODIES), seed)
        parent = parent_meta.number
        label = f"Anlage {rng.randint(1, 4)}"
        blocks.append(Block("letterhead", body.letterhead))
        blocks.append(Block("heading", f"{label} zur {_own_label(body, parent)}"))
        blocks.append(Block("heading", _anlage_title(rng)))
        blocks.extend(_anlage_body(meta, rng, values, cost))
        return Paper(meta, "Anlage", blocks, cites, parent)

    # Header
    blocks.append(Block("letterhead", body.letterhead))
    blocks.append(Block("fields", rows=_header_fields(meta, title, rng)))
    if meta.kind == "antrag":
        party = rng.choice(body.parties)
        blocks.append(Block("para", f"Antrag der Fraktion {party} vom {meta.date:%d.%m.%Y}"))
    # Beratungsfolge
    consultations = _consultations(meta, rng, final=meta.kind != "mitteilung")
    blocks.append(Block("table", "Beratungsfolge", rows=consultations))
    blocks.append(Block("heading", "Betreff:"))
    blocks.append(Block("para", subject))

    # Beschlussentwurf
    if meta.kind == "mitteilung":
        blocks.append(Block("heading", "Mitteilung:"))
        text = f"Die Verwaltung nimmt Bezug auf den {_reference_phrase(body, other)} und berichtet " \
               f"über den Stand der Umsetzung." if other else \
               "Der Bericht der Verwaltung wird zur Kenntnis genommen."
        if other:
            cites.append((other.number, "mentions"))
        blocks.append(Block("para", text))
    else:
        blocks.append(Block("heading", "Beschlussvorschlag:" if meta.kind == "antrag" else "Beschlussentwurf:"))
        items = []
        if relation == "rescinds":
            items.append(f"Der {body.council} beschließt die Aufhebung des "
                         f"{_reference_phrase(body, other)}.")
            cites.append((other.number, "rescinds"))
        elif relation == "amends":
            items.append(f"Der {_reference_phrase(body, other)} wird wie folgt geändert: "
                         f"Die Maßnahme wird um ein Jahr verschoben und in zwei Bauabschnitten umgesetzt.")
            cites.append((other.number, "amends"))
        decisions = [_fill(d, values) for d in topic.decisions]
        items.extend(decisions[: rng.randint(1, len(decisions))] if relation else decisions)
        if rng.random() < 0.5:
            items.append(f"Die Gesamtkosten von {format_amount(cost, rng)} werden im Haushalt "
                         f"{meta.date.year + 1} bereitgestellt.")
        blocks.append(Block("items", rows=items))

    # Finance
    blocks.append(Block("heading", "Finanzielle Auswirkungen:"))
    finance = [f"Gesamtkosten der Maßnahme: {format_amount(cost, rng)}"]
    if funding:
        finance.append(f"Fördermittel ({topic.programme}): {format_amount(funding, rng)}")
        finance.append(f"Eigenanteil der {values['body_kind']}: {format_amount(own_share, rng)}")
    if topic.posts:
        finance.append(f"Personalaufwand: {format_amount(int(topic.posts * 78_000), rng)} jährlich "
                       f"für {values['posts']} Stellen (VZÄ)")
    if rng.random() < 0.3:
        finance.append(f"Jährliche Folgekosten ab {meta.date.year + 2}: {format_amount(cost // 40 // 100 * 100 + 1_000, rng)}")
    blocks.append(Block("para", "\n".join(finance)))

    # Reasons: several paragraphs, some citing earlier papers
    blocks.append(Block("heading", "Begründung:" if rng.random() < 0.7 else "Sachverhalt:"))
    reasons = [_fill(r, values) for r in topic.reasons]
    paragraphs = rng.randint(4, 16)
    for p in range(paragraphs):
        sentences = [reasons[p % len(reasons)]] if p < len(reasons) else []
        sentences += rng.sample(GENERIC_REASONS, rng.randint(3, 7))
        if p == 1 and topic.law:
            sentences.insert(0, f"Rechtsgrundlage ist {topic.law}.")
        if p == 2 and rng.random() < 0.35:
            earlier = earlier_decided_paper(meta, rng, seed)
            if earlier and earlier.number != (other.number if other else None):
                sentences.insert(0, f"Mit dem {_reference_phrase(body, earlier)} hat der "
                                    f"{body.council_short} die Verwaltung beauftragt, die Planung "
                                    f"vorzubereiten.")
                cites.append((earlier.number, "mentions"))
        blocks.append(Block("para", " ".join(sentences)))
    if meta.kind != "antrag":
        blocks.append(Block("signature", rows=[body.head, body.head_name]))
    else:
        blocks.append(Block("signature", rows=["Für die Fraktion", "Fraktionsvorsitzende/r"]))
    return Paper(meta, title, blocks, cites, parent)


def _own_label(body: Body, number: str) -> str:
    if body.scheme == "sessionnet":
        return f"Vorlage Nr. {number}"
    if body.scheme in ("allris", "kreis"):
        return f"Vorlage {number}"
    return f"Drucksache {number}"


def _header_fields(meta: PaperMeta, title: str, rng: random.Random) -> list[tuple[str, str]]:
    body = meta.body
    day = meta.date.strftime("%d.%m.%Y")
    office = rng.choice(body.offices)
    if body.layout == "allris":
        return [("", title), ("Vorlage:", f"{meta.number}   Datum: {day}"),
                ("", f"Dezernat {rng.randint(1, 5)}"),
                ("Verfasser:", f"{office}   Az.: {office[:2]}/{rng.randint(10, 99)}")]
    if body.layout == "kreis":
        return [("", body.head), (f"{body.label}", meta.number), ("Datum:", day), ("Fachbereich:", office),
                ("Vorlagenart:", title)]
    if body.layout == "hamburg":
        return [("", "Freie und Hansestadt - Bezirksamt Nordufer"), ("Drucksache", meta.number),
                ("Datum:", day), ("", title), ("Federführung:", office)]
    if body.layout == "markdown":
        return [("", f"{title} öffentlich"), ("Drucksache Nr.:", meta.number), ("Datum:", day),
                ("Fachbereich:", office)]
    if body.layout == "plain":
        return [("", office), (f"{body.label}", meta.number), ("", title), ("Datum:", day)]
    return [(f"{body.label}", meta.number), ("", body.head), ("", office), ("Datum:", day), ("", title)]


def _anlage_title(rng: random.Random) -> str:
    return rng.choice(["Kostenberechnung nach DIN 276", "Lageplan und Erläuterungsbericht",
                       "Stellungnahme des Fachbereichs Finanzen", "Übersicht der Fördermittel",
                       "Entwurf der Satzung", "Zeitplan der Maßnahme"])


def _anlage_body(meta: PaperMeta, rng: random.Random, values: dict, cost: int) -> list[Block]:
    rows, total = [], 0
    items = ["Baustelleneinrichtung", "Rohbauarbeiten", "Dachabdichtung", "Elektroinstallation",
             "Heizung, Lüftung, Sanitär", "Außenanlagen", "Baunebenkosten", "Unvorhergesehenes"]
    for name in rng.sample(items, rng.randint(3, len(items))):
        part = rng.randint(2, 30) * 1000
        total += part
        rows.append((name, _german(part, 2) + " €"))
    blocks = [Block("para", "Die Kostenberechnung beruht auf den Preisen des Vorjahres und enthält "
                            "die gesetzliche Umsatzsteuer. Die Kostengruppen sind nach DIN 276 "
                            "gegliedert."),
              Block("table", "Kosten", rows=rows),
              Block("para", f"Summe: {_german(total, 2)} €"),
              Block("para", " ".join(rng.sample(GENERIC_REASONS, 4)))]
    return blocks


# --- rendering: text export ----------------------------------------------------------------------

def render_text(paper: Paper, rng: Optional[random.Random] = None) -> str:
    """The paper as a text export in its body's layout (tab tables; Markdown marks for some)."""
    body = paper.meta.body
    markdown = body.layout == "markdown"
    hard_wrap = body.layout in ("plain", "kreis")  # exported from PDF: hard line breaks
    out: list[str] = []
    for block in paper.blocks:
        if block.kind == "letterhead":
            out.append(f"# {block.text}" if markdown else block.text)
            out.append("")
        elif block.kind == "fields":
            for label, value in block.rows:
                out.append(f"**{label}** {value}".strip() if markdown and label else f"{label} {value}".strip())
            out.append("")
        elif block.kind == "heading":
            out.append(f"**{block.text}**" if markdown else block.text)
        elif block.kind == "para":
            for line in block.text.split("\n"):
                out.extend(textwrap.wrap(line, 88) if hard_wrap else [line])
            out.append("")
        elif block.kind == "items":
            for number, item in enumerate(block.rows, start=1):
                out.append(f"{number}. {item}")
            out.append("")
        elif block.kind == "table":
            out.extend(_table_text(paper, block))
            out.append("")
        elif block.kind == "signature":
            out.extend(block.rows)
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _table_text(paper: Paper, block: Block) -> list[str]:
    if block.text != "Beratungsfolge":
        return [f"{name}\t{value}" for name, value in block.rows]
    if paper.meta.body.layout == "allris":
        lines = ["Gremienweg:"]
        for name, day, role, public in reversed(block.rows):
            lines.append(f"{day:%d.%m.%Y} {name} einstimmig mehrheitl. ohne BE")
            lines.append("abgelehnt Kenntnis abgesetzt")
            lines.append(f"TOP {public}")
        return lines
    if paper.meta.body.layout == "kreis":
        return ["Beratungsfolge:"] + [f"{name}\t{day:%d.%m.%Y}\t{role}\t{public}"
                                       for name, day, role, public in block.rows]
    return ["Beratungsfolge\tDatum\tZuständigkeit\tBehandlung"] + [
        f"{name}\t{day:%d.%m.%Y}\t{role}\t{public}" for name, day, role, public in block.rows]


# --- rendering: PDF -----------------------------------------------------------------------------

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_L, MARGIN_R, MARGIN_T, MARGIN_B = 25.0, 20.0, 20.0, 22.0
PT = 25.4 / 72


# Characters the papers use: Latin-1 and € „ “ ” ‚ ‘ ’ – — … •.
FONT_CHARACTERS = [*range(0x20, 0x7F), *range(0xA0, 0x100), 0x20AC, 0x201E, 0x201C, 0x201D, 0x201A,
                   0x2018, 0x2019, 0x2013, 0x2014, 0x2026, 0x2022]


class _Fonts:
    """DejaVu Sans cut down once per process to the characters German papers need.

    The full font costs ~30 ms to load and ~150 ms to subset for every document; the cut-down copy
    (no OpenType layout tables, ~30 KB) costs a few milliseconds. Without DejaVu (Debian package
    ``fonts-dejavu-core``) the PDF core font Helvetica is used, whose Windows-1252 encoding also
    covers ä ö ü ß € „ “ –."""

    template = None  # an FPDF holding the parsed fonts, copied into each document
    data: dict[str, bytes] = {}

    @classmethod
    def install(cls, pdf) -> str:
        from fontTools import ttLib
        from fpdf import FPDF
        from fpdf.fonts import SubsetMap

        if not (DEJAVU / "DejaVuSans.ttf").exists():
            pdf.core_fonts_encoding = "windows-1252"
            return "helvetica"
        if cls.template is None:
            cls.template = FPDF()
            for style, name in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf")):
                path = cls._cut(DEJAVU / name)
                cls.template.add_font("DejaVu", style, path)
                cls.data[path] = Path(path).read_bytes()
        for key, font in cls.template.fonts.items():
            # Share the parsed widths and glyph maps; subsetting at output changes the font file
            # in place, so each document gets its own copy of it (small and parsed lazily).
            clone = copy.copy(font)
            clone.ttfont = ttLib.TTFont(io.BytesIO(cls.data[str(font.ttffile)]),
                                        recalcTimestamp=False, recalcBBoxes=False, lazy=True)
            clone.subset = SubsetMap(clone)
            clone.missing_glyphs = []
            clone.biggest_size_pt = 0
            pdf.fonts[key] = clone
        return "DejaVu"

    @staticmethod
    def _cut(source: Path) -> str:
        import tempfile

        from fontTools import subset, ttLib

        folder = Path(tempfile.gettempdir()) / f"ratsspur-fonts-{os.getuid()}"
        folder.mkdir(exist_ok=True)
        target = folder / f"{source.stem}-de.ttf"
        if not target.exists():
            options = subset.Options()
            options.layout_features = []
            options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "FFTM"]
            options.hinting = False
            options.name_IDs = ["*"]
            options.notdef_outline = True
            font = ttLib.TTFont(str(source))
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=FONT_CHARACTERS)
            subsetter.subset(font)
            partial = folder / f"{target.name}.{os.getpid()}"
            font.save(str(partial))
            os.replace(partial, target)  # atomic: parallel writers never see half a font
        return str(target)


_WIDTHS: dict[int, dict[str, int]] = {}


def _char_widths(font) -> dict[str, int]:
    """Glyph widths (1/1000 em) by character; TTF fonts key them by code point."""
    key = id(getattr(font, "cmap", None) or font)
    if key not in _WIDTHS:
        _WIDTHS[key] = {chr(k) if isinstance(k, int) else k: v for k, v in dict(font.cw).items()}
    return _WIDTHS[key]


class _PdfWriter:
    """Lays blocks out on A4 pages with explicit line breaks (much faster than multi_cell)."""

    def __init__(self, paper: Paper, rng: random.Random):
        from fpdf import FPDF

        self.paper = paper
        self.pdf = FPDF(unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_creator("Ratsspur synthetic")
        self.pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=timezone.utc))  # same bytes every run
        self.family = _Fonts.install(self.pdf)
        self.size = rng.choice([10, 10.5, 11])
        self.leading = self.size * PT * 1.35
        self.y = PAGE_H
        self.page = 0

    def font(self, style: str = "", size: Optional[float] = None) -> None:
        self.pdf.set_font(self.family, style, size or self.size)

    def width(self, text: str, style: str = "") -> float:
        """Width in mm of ``text`` in the current font, from the font's glyph widths."""
        font = self.pdf.current_font
        widths = _char_widths(font)
        return sum(widths.get(ch, 600) for ch in text) * self.pdf.font_size_pt / 1000 * PT

    def wrap(self, text: str, width: float, style: str = "") -> list[str]:
        lines, line, used = [], [], 0.0
        space = self.width(" ", style)
        for word in text.split():
            w = self.width(word, style)
            if line and used + space + w > width:
                lines.append(" ".join(line))
                line, used = [word], w
            else:
                used += (space if line else 0) + w
                line.append(word)
        if line:
            lines.append(" ".join(line))
        return lines

    def need(self, height: float) -> None:
        if self.y + height > PAGE_H - MARGIN_B:
            self.new_page()

    def new_page(self) -> None:
        self.pdf.add_page()
        self.page += 1
        self.y = MARGIN_T
        self.font()

    def footers(self) -> None:
        """``Seite 2 von 3 aus Vorlage …`` at the foot of every page, once the count is known."""
        self.font("", 8)
        for number in range(1, self.page + 1):
            self.pdf.page = number
            footer = f"Seite {number} von {self.page}"
            if self.paper.meta.kind != "anlage":
                footer += f" aus {_own_label(self.paper.meta.body, self.paper.meta.number)}"
            self.pdf.text(MARGIN_L, PAGE_H - 12, footer)

    def line(self, text: str, x: float = MARGIN_L, style: str = "") -> None:
        self.need(self.leading)
        self.y += self.leading
        self.font(style)
        self.pdf.text(x, self.y, text)

    def paragraph(self, text: str, x: float = MARGIN_L, style: str = "", first: str = "") -> None:
        self.font(style)
        width = PAGE_W - MARGIN_R - x
        for i, line in enumerate(self.wrap(text, width, style)):
            if i == 0 and first:
                self.need(self.leading)
                self.y += self.leading
                self.pdf.text(x - 6, self.y, first)
                self.pdf.text(x, self.y, line)
                continue
            self.line(line, x, style)

    def gap(self, factor: float = 0.6) -> None:
        self.y += self.leading * factor

    def table(self, block: Block) -> None:
        meta = self.paper.meta
        if block.text != "Beratungsfolge":
            columns = [(0, 110), (110, 55)]
            header = ("Kostengruppe", "Betrag")
            rows = [(name, value) for name, value in block.rows]
        elif meta.body.layout == "allris":
            self.line("Gremienweg:", style="B")
            for name, day, role, public in reversed(block.rows):
                self.line(f"{day:%d.%m.%Y}   {name}   einstimmig  mehrheitl.  ohne BE")
                self.line("abgelehnt  Kenntnis  abgesetzt", x=MARGIN_L + 60)
                self.line(f"TOP   {public}", x=MARGIN_L + 60)
            return
        else:
            columns = [(0, 72), (72, 26), (98, 34), (132, 33)]
            header = ("Beratungsfolge", "Datum", "Zuständigkeit", "Behandlung")
            rows = [(name, f"{day:%d.%m.%Y}", role, public) for name, day, role, public in block.rows]
        self.font("B")
        self.need(self.leading * 3)
        self.y += self.leading
        for (x, _), title in zip(columns, header):
            self.pdf.text(MARGIN_L + x, self.y, title)
        self.font()
        for row in rows:
            cells = [self.wrap(str(value), width - 2) for (x, width), value in zip(columns, row)]
            height = max(len(c) for c in cells) * self.leading
            self.need(height + 2)
            self.pdf.set_line_width(0.2)
            self.pdf.line(MARGIN_L, self.y + 1.2, PAGE_W - MARGIN_R, self.y + 1.2)
            top = self.y
            for (x, _), cell in zip(columns, cells):
                for k, text in enumerate(cell):
                    self.pdf.text(MARGIN_L + x, top + (k + 1) * self.leading, text)
            self.y = top + height
        self.gap()

    def render(self) -> bytes:
        self.new_page()
        for block in self.paper.blocks:
            if block.kind == "letterhead":
                self.font("B", self.size + 4)
                self.y += self.leading * 1.2
                self.pdf.text(MARGIN_L, self.y, block.text)
                self.gap(1.0)
            elif block.kind == "fields":
                for label, value in block.rows:
                    if label:
                        self.font("B")
                        self.need(self.leading)
                        self.y += self.leading
                        self.pdf.text(MARGIN_L, self.y, label + " ")
                        offset = self.width(label + " ", "B")
                        self.font()
                        self.pdf.text(MARGIN_L + offset, self.y, value)
                    else:
                        self.line(value)
                self.gap()
            elif block.kind == "heading":
                self.need(self.leading * 3)  # keep a heading with its first lines
                self.line(block.text, style="B")
            elif block.kind == "para":
                for part in block.text.split("\n"):
                    self.paragraph(part)
                self.gap()
            elif block.kind == "items":
                for number, item in enumerate(block.rows, start=1):
                    self.paragraph(item, x=MARGIN_L + 6, first=f"{number}.")
                self.gap()
            elif block.kind == "table":
                self.table(block)
            elif block.kind == "signature":
                self.gap(1.5)
                for row in block.rows:
                    self.line(row)
        self.footers()
        return bytes(self.pdf.output())


def render_pdf(paper: Paper, seed: int = DEFAULT_SEED) -> bytes:
    """The paper as a PDF with a text layer (A4, DejaVu Sans, footer ``Seite n von m``)."""
    return _PdfWriter(paper, _rng(seed, paper.meta.index, "layout")).render()


# --- writing a corpus ----------------------------------------------------------------------------

MANIFEST_FIELDS = ("index", "body", "number", "kind", "date", "decision_date", "parent", "cites",
                   "txt", "pdf")


def relative_path(meta: PaperMeta, fmt: str) -> str:
    return f"{fmt}/{meta.body.key}/{meta.slug}.{fmt}"


def write_paper(out: Path, index: int, seed: int = DEFAULT_SEED,
                formats: Iterable[str] = FORMATS) -> dict:
    """Write one paper's files below ``out``; returns its manifest row."""
    paper = compose(index, seed)
    meta = paper.meta
    row = {"index": index, "body": meta.body.key, "number": meta.number, "kind": meta.kind,
           "date": meta.date.isoformat(), "decision_date": meta.decision_date.isoformat(),
           "parent": paper.parent or "",
           "cites": ";".join(f"{number}={relation}" for number, relation in paper.cites),
           "txt": "", "pdf": ""}
    for fmt in formats:
        path = out / relative_path(meta, fmt)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = render_text(paper).encode("utf-8") if fmt == "txt" else render_pdf(paper, seed)
        if not path.exists() or path.read_bytes() != data:  # unchanged files keep their mtime
            path.write_bytes(data)
        row[fmt] = relative_path(meta, fmt)
    return row


def _write_chunk(args: tuple) -> list[dict]:
    out, indices, seed, formats = args
    return [write_paper(Path(out), i, seed, formats) for i in indices]


def generate(out: Path | str, papers: int, *, seed: int = DEFAULT_SEED, formats: Iterable[str] = FORMATS,
             workers: Optional[int] = None, progress=None) -> Path:
    """Write ``papers`` papers below ``out`` (``txt/<body>/…``, ``pdf/<body>/…``) and
    ``manifest.csv``; returns the manifest's path. Runs on all cores."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    formats = tuple(formats)
    workers = workers or os.cpu_count() or 1
    chunk = 50
    jobs = [(str(out), range(start, min(start + chunk, papers)), seed, formats)
            for start in range(0, papers, chunk)]
    rows: list[dict] = []
    if workers > 1 and len(jobs) > 1:
        import multiprocessing

        with multiprocessing.get_context("forkserver").Pool(workers) as pool:
            for done in pool.imap(_write_chunk, jobs):
                rows.extend(done)
                if progress:
                    progress(len(rows), papers)
    else:
        for job in jobs:
            rows.extend(_write_chunk(job))
            if progress:
                progress(len(rows), papers)
    manifest = out / "manifest.csv"
    with manifest.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, MANIFEST_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    return manifest


def iter_texts(papers: int, seed: int = DEFAULT_SEED) -> Iterator[tuple[PaperMeta, str]]:
    """Papers as text without touching the disk (for the database-size benchmark)."""
    for index in range(papers):
        paper = compose(index, seed)
        yield paper.meta, render_text(paper)
