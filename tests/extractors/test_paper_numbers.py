"""Paper numbers across council information systems: labelled shapes (``<0>...</0>`` marks the
number), things that are not paper numbers, lists, normalisation, and hypothesis properties."""
from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from extractors import paper_numbers
from tests.extractors.annotate import parse_annotated

# (annotated text, expected normalised numbers in order).
LABELLED = [
    ("Stadt Leverkusen Vorlage Nr. <0>2024/3092</0>", ["2024/3092"]),
    ("Vorlage Nr.: <0>2023/0575</0>\nDatum", ["2023/0575"]),
    ("Vorlage Nr.: <0>2023/0575/1</0> (Ergänzung)", ["2023/0575/1"]),
    ("Drucksache: <0>DS/0355/III</0>", ["DS/0355/III"]),
    ("Mitteilungsvorlage Drucksache <0>0281/IV</0>", ["0281/IV"]),
    ("vgl. DS <0>0815/2022</0>.", ["0815/2022"]),
    ("Vorlage: <0>V/2023/0123</0> Datum: 12.09.2023", ["V/2023/0123"]),
    ("Beschlussvorlage <0>BV/0456/2021</0>", ["BV/0456/2021"]),
    ("Vorlage: <0>BV/0401/2025/1</0>", ["BV/0401/2025/1"]),
    ("Vorlage: <0>UV/0310/2025</0> Datum: 03.11.2025", ["UV/0310/2025"]),
    ("Vorlage <0>FB II/4753/2023</0>\n", ["FB II/4753/2023"]),
    ("Drucksache <0>3360/VIII</0>", ["3360/VIII"]),
    ("Drucksache <0>20-26 / V 01234</0>", ["20-26 / V 01234"]),
    ("Vorlage Nr. <0>118/2020</0>", ["118/2020"]),
    ("Beschlussvorlage Nr. <0>512/034/2021</0>", ["512/034/2021"]),
    ("Vorlagen-Nr.:\n<0>DHH/2024/1234</0>", ["DHH/2024/1234"]),
    ("Kreis Viersen Drucksache Nr. <0>IX/412</0>", ["IX/412"]),
    ("Antrag Nr. <0>2024/2964</0> „Haushaltslage“", ["2024/2964"]),
    ("siehe Drs. <0>17/1234</0>", ["17/1234"]),
    # Stuttgart's Gemeinderatsdrucksache; the old spelling "Beschlußvorlage".
    ("zuletzt mit GRDrs <0>789/2018</0> angepasst", ["789/2018"]),
    ("(GRDrs. <0>12/2023</0>) und GR-Drs. <1>13/2023</1>", ["12/2023", "13/2023"]),
    ("siehe Gemeinderatsdrucksache <0>456/2024</0>", ["456/2024"]),
    ("Beschlußvorlage Nr. <0>118/2020</0>", ["118/2020"]),
    # Two-digit years (Wuppertal, Dortmund), Aachen's office and electoral period, Bielefeld's period.
    ("Vorlage <0>VO/0123/23</0>\n", ["VO/0123/23"]),
    ("Drucksache Nr.: <0>30164-23</0>\n", ["30164-23"]),
    ("Drucksache <0>1234/23</0> vom", ["1234/23"]),
    ("Vorlage-Nr: <0>FB 61/0123/WP18</0>\n", ["FB 61/0123/WP18"]),
    ("Drucksachen-Nr. <0>5678/2020-2025</0>", ["5678/2020-2025"]),
    # Dresden (letter glued to the serial, two-digit year), Leipzig (period-kind-serial, revisions),
    # Bremen (house after the serial), Hamburg districts (period-serial with a hyphen).
    ("Vorlage Nr.: <0>V2345/23</0>\nDatum", ["V2345/23"]),
    ("Vorlage <0>VII-DS-07133-NF-02</0>\n", ["VII-DS-07133-NF-02"]),
    ("Vorlage Nr. <0>20/567-L</0> vom", ["20/567-L"]),
    ("Drucksache <0>21-4567</0>\nBeschlussvorlage", ["21-4567"]),
    # Mannheim (the whole year after a glued serial), Augsburg and Regensburg (kind/year/serial/office),
    # Freiburg (kind-year/serial), Heidelberg (serial/year/kind), Wiesbaden, Kassel (office.year.serial).
    ("Beschlussvorlage Nr. <0>V123/2024</0>\n", ["V123/2024"]),
    ("Beschlussvorlage <0>BSV/24/01234</0>", ["BSV/24/01234"]),
    ("Vorlage <0>VO/24/21234/63</0>\n", ["VO/24/21234/63"]),
    ("Drucksache <0>G-24/123</0>\n", ["G-24/123"]),
    ("Drucksache: <0>0123/2024/BV</0>", ["0123/2024/BV"]),
    ("Sitzungsvorlage Nr. <0>24-V-50-0012</0>", ["24-V-50-0012"]),
    ("Vorlage Nr. <0>101.19.1234</0> vom", ["101.19.1234"]),
    # Rostock and Potsdam (year/kind/serial), Chemnitz and districts (kind-serial/year, "BV-KT/…"),
    # Hannover's district councils, Braunschweig's revisions, Berlin's part numbers.
    ("Beschlussvorlage <0>2024/BV/1234</0>\n", ["2024/BV/1234"]),
    ("Drucksache Nr. <0>24/SVV/0123</0>\n", ["24/SVV/0123"]),
    ("Beschlussvorlage Nr. <0>B-123/2024</0>", ["B-123/2024"]),
    ("Der Kreistagsbeschluss <0>KT-0567/2022</0> wird geändert.", ["KT-0567/2022"]),
    ("(Drucksache Nr. <0>15-0456/2024</0>)", ["15-0456/2024"]),
    ("Die Ergänzungsvorlage <0>22-18456-01</0> hat", ["22-18456-01"]),
    ("(Drucksache <0>VIII/0789-1</0>)", ["VIII/0789-1"]),
    # After a kind's label, a shape no rule knows: Neuss "20/0611/XVII/2023", a revision "2024/0123-01";
    # not after a bare "Nr." (a Bebauungsplan's number) and never a date or a range of years.
    ("Haushaltsbegleitbeschlüsse (Vorlage <0>20/0611/XVII/2023</0>) und Drucksache <1>B 0123/24</1>; "
     "Bebauungsplan Nr. 01-72, Vorlage 12-03-2024, Vorlage 2020-2025, Vorlage <2>2024/0123-01</2>",
     ["20/0611/XVII/2023", "B 0123/24", "2024/0123-01"]),
    # Cottbus (period, serial, session, year), Jena (serial, year, kind), an office glued to its number,
    # Lübeck's office suffix, Bochum's year glued to the serial (labelled only).
    ("(Beschluss-Nr. <0>IV-087-42/23</0>) und (Vorlage <1>IV-041/23</1>); Beschluss <2>23/2011-BV</2> vom 22.11.2023",
     ["IV-087-42/23", "IV-041/23", "23/2011-BV"]),
    ("Drucksache <0>FB61/1187/23</0>, Vorlage <1>VO/2023/0987-30</1>, Vorlage Nr. <2>20223127</2>, Drucksache "
     "<3>0815/2022</3>-Neufassung", ["FB61/1187/23", "VO/2023/0987-30", "20223127", "0815/2022"]),
    # Gelsenkirchen (period/serial) and Mülheim (kind, period/serial, revision).
    ("Drucksache Nr. <0>20-25/8123</0>\n", ["20-25/8123"]),
    ("Vorlage <0>V 21/0321-01</0> und Antrag <1>A 21/0321-01</1>", ["V 21/0321-01", "A 21/0321-01"]),
    # A kind's initials as the label: the number without them, as "DS 0815/2022".
    ("Vorlage Nr. SV <0>51/087</0>", ["51/087"]),
    ("Mitteilung MV <0>2023/045</0>", ["2023/045"]),
    # PDF line breaks between label and number.
    ("04.04.2022\nzur Vorlage Nr.\n<0>2022/1410</0>", ["2022/1410"]),
    # Lists: the label is printed once or repeated.
    ("Vorlagen Nr. <0>2021/1121</0> und <1>2022/1410</1>", ["2021/1121", "2022/1410"]),
    ("zu den Vorlagen Nr. <0>2021/1121</0> und Vorlagen Nr. <1>2022/1410</1>,", ["2021/1121", "2022/1410"]),
    ("Drucksachen <0>0398/VI</0>, <1>0401/VI</1> und <2>0405/VI</2>)", ["0398/VI", "0401/VI", "0405/VI"]),
]


@pytest.mark.parametrize("annotated, expected", LABELLED)
def test_labelled_numbers(annotated, expected):
    text, spans = parse_annotated(annotated)
    found = paper_numbers.find_labelled(text)
    assert [m.number for m in found] == expected
    assert [(m.number_start, m.end) for m in found] == spans


NOT_PAPER_NUMBERS = [
    "13.12.2021", "13/12/2021", "1.026.000", "§ 9", "0261 129 3003", "56068", "1.31.11.01", "120550",
    "2021", "2027/28", "2026/2027", "15:00", "336", "61.2", "65/ Vo", "m/w/d", "100 %",
]


@pytest.mark.parametrize("text", NOT_PAPER_NUMBERS)
def test_not_paper_numbers(text):
    assert not paper_numbers.is_paper_number(text)
    assert paper_numbers.find_numbers(f"Vorlage Nr. {text} und Kostenstelle {text}") == []


@pytest.mark.parametrize("text", [
    "Bebauungsplan Nr. 336 „Entwicklung Quartier Goldgrube“",
    "Ratsbeschluss vom zur Vorlage Nr.\nBeantragte Förderhöhe: 625.600,00 €",
    "Produkt: 061101 Sachkonto: 549900, Kostenstelle 120550",
    "Haushaltsplanungen 2026 / 2027, Schuljahr 2029/30",
    "Tel.: 0261 129 3003 e-mail: x@stadt.koblenz.de, Az.: 65/ Vo",
    "gemäß Verordnung (EU) 2016/679 und EU-VO 2016/679 (DSGVO)",  # "VO" is no paper's label
    "Telefon 21-4567, Fax (21-4568), GVOBl. MV 2023, S. 12",
    # a serial with a two-digit year needs a label: alone it may be a page or an extension
    "vgl. (1234/23), Tel. 0261-23, S. 123/45 und (30164-23); Haushalt 2027/28 (Vorlage 2027/28)",
    "in der KW 12/03/24 (KW 12/03/24) und Vorlage KW 12/03/24",  # a week, not Aachen's "FB 61/0123/WP18"
    "Kostenstelle (101.19.1234), am 12.03.2024 (12.03.2024), Artikel 101.19.123, Tel. 24-12-50-0012",
    "Buchungsdatum (20223127), Auftrag 20223127",  # a year glued to a serial needs a label
])
def test_no_numbers_in_running_text(text):
    assert paper_numbers.find_numbers(text) == []


@pytest.mark.parametrize("annotated, expected", [
    # A letter prefix labels itself; a distinctive number in parentheses needs no label.
    ("Der Stadtrat hat in seiner Sitzung am 13.12.2019 (<0>BV/0970/2019</0>) beschlossen", ["BV/0970/2019"]),
    ("vgl. <0>DS/0355/III</0> und <1>0356/III</1>", ["DS/0355/III", "0356/III"]),
    ("wie beschlossen (<0>2021/1121</0>)", ["2021/1121"]),
    ("Der Beschluss <0>V1234/21</0> vom 15.07.2021 und der Antrag <1>A0456/22</1>", ["V1234/21", "A0456/22"]),
    ("ersetzt die Vorlage <0>VII-DS-07133</0> und <1>VII-A-01234-ÄA-01</1>", ["VII-DS-07133", "VII-A-01234-ÄA-01"]),
    ("vgl. <0>2022/AN/3157</0> und <1>BV-KT/0234/2024</1>", ["2022/AN/3157", "BV-KT/0234/2024"]),
    ("siehe <0>BSV/23/09876</0>, <1>VO/22/19345/63</1> und <2>21-V-50-0034</2>",
     ["BSV/23/09876", "VO/22/19345/63", "21-V-50-0034"]),
    ("im Jahr (1/2021) und (2027/28)", []),
])
def test_unlabelled_numbers(annotated, expected):
    text, spans = parse_annotated(annotated)
    found = paper_numbers.find_numbers(text)
    assert [m.number for m in found] == expected
    assert [(m.number_start, m.end) for m in found] == spans


@pytest.mark.parametrize("printed, expected", [
    ("Vorlage Nr.: 2023/0575.", "2023/0575"),
    ("  FB II/4753/2023 ", "FB II/4753/2023"),
    ("20-26 /  V\n01234", "20-26 / V 01234"),
    ("DS/0355/III", "DS/0355/III"),
    ("Drucksache 0281/IV)", "0281/IV"),
])
def test_normalize_reference(printed, expected):
    assert paper_numbers.normalize_reference(printed) == expected


def test_distinctive_shapes():
    assert paper_numbers.is_distinctive("BV/0970/2019")
    assert paper_numbers.is_distinctive("2021/1121")
    assert paper_numbers.is_distinctive("3360/VIII")
    assert not paper_numbers.is_distinctive("1/2021")
    assert not paper_numbers.is_distinctive("2026/2027")


# --- properties ----------------------------------------------------------------------------

years = st.integers(1990, 2039).map(str)
serials = st.integers(1, 99999).map(lambda n: f"{n:04d}")
romans = st.sampled_from(["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI"])
prefixes = st.sampled_from(["BV", "UV", "V", "DS", "DHH", "FB II", "MV"])
numbers = st.one_of(
    st.builds(lambda y, s: f"{y}/{s}", years, serials),
    st.builds(lambda s, y: f"{s}/{y}", serials, years),
    st.builds(lambda s, r: f"{s}/{r}", serials, romans),
    st.builds(lambda p, s, y: f"{p}/{s}/{y}", prefixes, serials, years),
    st.builds(lambda p, y, s: f"{p}/{y}/{s}", prefixes, years, serials),
)


@settings(max_examples=150, deadline=None)
@given(number=numbers, label=st.sampled_from(["Vorlage Nr.", "Drucksache", "DS", "Antrag Nr.:", "Vorlage:"]))
def test_round_trip_generated_numbers(number, label):
    first, _, last = number.partition("/")
    assume(not (first.isdigit() and last.isdigit() and int(last) - int(first) in (0, 1)))  # "2026/2027"
    assert paper_numbers.is_paper_number(number)
    found = paper_numbers.find_labelled(f"Wie in der {label} {number} dargestellt.")
    assert [m.number for m in found] == [number]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789/.-, IVX BVDS Nr.Vorlage\n§:()")), max_size=300))
def test_never_raises(noise):
    for match in paper_numbers.find_numbers(noise):
        assert paper_numbers.is_paper_number(match.number)
        assert match.start <= match.number_start < match.end <= len(noise)
    paper_numbers.normalize_reference(noise)
    paper_numbers.is_distinctive(noise)
