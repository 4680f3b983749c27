"""References: annotated shapes (``<0>...</0>`` marks each expected mention), what is no reference,
merging, the seeds and shape papers against their gold, and hypothesis properties."""
from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.sections import find_sections
from extractors import header, reference_relations, references
from extractors.facts import Reference
from pipeline.normalize import normalize
from tests.extractors.annotate import parse_annotated

ROOT = Path(__file__).resolve().parents[2]


def found_as_rows(text: str, **kwargs) -> list[tuple]:
    return [(r.target_kind, r.target, r.relation, r.date and r.date.isoformat())
            for r in references.extract(text, **kwargs)]


# (annotated text, [(kind, target, relation, ISO date) per marked mention, in tag order]).
CASES = [
    # Papers, with the date of the resolution named with them.
    ("Der Rat beschließt die Aufhebung der Ratsbeschlüsse vom 13.12.2021 zur <0>Vorlage Nr. 2021/1121</0> "
     "„KIM NRW“ sowie des Ratsbeschlusses vom 04.04.2022 zur <1>Vorlage Nr. 2022/1410</1>.",
     [("paper", "2021/1121", "rescinds", "2021-12-13"), ("paper", "2022/1410", "rescinds", "2022-04-04")]),
    ("Gemäß dem Beschluss des Gemeinderats vom 12.05.2020 (<0>Vorlage 2020/0311</0>) wird berichtet.",
     [("paper", "2020/0311", "based_on", "2020-05-12")]),
    ("Zum Sachstand vgl. <0>Drucksache 0815/2022</0>.", [("paper", "0815/2022", "mentions", None)]),
    ("<0>Bezugsvorlage: 2019/0123</0>\n", [("paper", "2019/0123", "mentions", None)]),
    ("Bezug: Beschluss des Gemeinderates vom 12.05.2020, TOP 5 (<0>Drs. 123/2020</0>)",
     [("paper", "123/2020", "mentions", "2020-05-12")]),
    ("Ratsbeschlüsse vom 13.12.2021 und vom 04.04.2022 zu den <0>Vorlagen Nr. 2021/1121</0> und "
     "<1>2022/1410</1>, Beantragte Förderhöhe",
     [("paper", "2021/1121", "mentions", "2021-12-13"), ("paper", "2022/1410", "mentions", "2022-04-04")]),
    ("Mit dem Beschluss vom 26.08.2024 zum <0>Antrag Nr. 2024/2964</0> „Haushaltslage“ hat der Rat eine "
     "Task-Force eingerichtet.", [("paper", "2024/2964", "mentions", "2024-08-26")]),
    ("Der Stadtrat hat in seiner Sitzung am 13.12.2019 (<0>BV/0970/2019</0>) beschlossen, das Grundstück "
     "neu aufzuteilen.", [("paper", "BV/0970/2019", "mentions", "2019-12-13")]),
    ("Der Stadtrat hat mit seinem Beschluss (<0>BV/0777/2019</0>) vom 14.11.2019 den Neubau beschlossen.",
     [("paper", "BV/0777/2019", "mentions", "2019-11-14")]),
    ("Auf der Grundlage der Ratsbeschlüsse zur <0>Vorlage Nr. 2021/1121</0> vom 13.12.2021 und zur "
     "<1>Vorlage Nr. 2022/1410</1> vom 04.04.2022 wurden Verträge geschlossen.",
     [("paper", "2021/1121", "based_on", "2021-12-13"), ("paper", "2022/1410", "based_on", "2022-04-04")]),
    ("04.04.2022\nzur <0>Vorlage Nr.\n2022/1410</0> (PDF-Umbruch)", [("paper", "2022/1410", "mentions", None)]),
    # Each paper of a list after its own date; a paper just before the session that decided it.
    ("Die Beschlüsse des Gemeinderats vom 25.07.2017 (<0>V345/2017</0>) und vom 17.12.2019 (<1>V612/2019</1>) "
     "werden aufgehoben.", [("paper", "V345/2017", "rescinds", "2017-07-25"), ("paper", "V612/2019", "rescinds", "2019-12-17")]),
    ("Mit <0>Drucksache G-22/087</0> hat der Gemeinderat am 26.07.2022 den Planungsbeschluss gefasst. Die "
     "<1>Vorlage 2021/1121</1> wurde vom Rat am 13.12.2021 beschlossen.",
     [("paper", "G-22/087", "mentions", "2022-07-26"), ("paper", "2021/1121", "mentions", "2021-12-13")]),
    ("Die Begleitbeschlüsse (<0>Vorlage 20/0611/XVII/2023</0>,\nRatsbeschluss vom 15.12.2023) werden aufgehoben.",
     [("paper", "20/0611/XVII/2023", "rescinds", "2023-12-15")]),
    # A verb in the past tells what the earlier paper did; "zurückgenommen" rescinds.
    ("Mit Beschluss vom 23.11.2022 (<0>B-301/2022</0>) wurde das Programm ergänzt. Die Vorlage <1>DS 00789/2024</1> "
     "wurde am 04.06.2024 zurückgenommen, da die Satzung mit <2>Drucksache Nr. 0315/2019</2> aufgehoben wurde.",
     [("paper", "B-301/2022", "mentions", "2022-11-23"), ("paper", "00789/2024", "mentions", None),
      ("paper", "0315/2019", "mentions", None)]),
    ("Der Beschluss vom 27.05.2021 zur <0>Vorlage VO/2021/09876</0> und der Ergänzungsbeschluss vom 24.02.2022 "
     "(<1>VO/2022/11234</1>) werden zurückgenommen.",
     [("paper", "VO/2021/09876", "rescinds", "2021-05-27"), ("paper", "VO/2022/11234", "rescinds", "2022-02-24")]),
    ("•  Die Bürgerschaft hebt den Beschluss vom 25.11.2021 (<0>VO/2021/10532</0>) zur Befristung\n   des Programms auf.",
     [("paper", "VO/2021/10532", "rescinds", "2021-11-25")]),
    # "beschlossen am" with its date belongs to the paper before it (and its title); a resolution in
    # brackets after a paper's short title is that paper's.
    ("Die Prioritätenliste, beschlossen am 14.12.2022 mit der <0>Drucksache 1532/22</0>, gilt fort.",
     [("paper", "1532/22", "mentions", "2022-12-14")]),
    ("bereits gefasste <0>Beschlüsse:\n2022/BV/3210</0> – Brandschutzbedarfsplan der Hanse- und Universitätsstadt "
     "Rostock,\nbeschlossen am 06.07.2022\n<1>2023/BV/3988</1> – Grundsatzbeschluss Standortsuche, beschlossen am\n"
     "15.03.2023\n", [("paper", "2022/BV/3210", "mentions", "2022-07-06"), ("paper", "2023/BV/3988", "mentions", "2023-03-15")]),
    ("Bezug: <0>Vorlage 230/2020</0> Klimaschutzprogramm 2020–2030 (Beschluss vom 29.10.2020)\n<1>Vorlage 58/2023</1> "
     "Radverkehrskonzept und weitere Planungen der Stadt\n",
     [("paper", "230/2020", "mentions", "2020-10-29"), ("paper", "58/2023", "mentions", None)]),
    # A table's "Vorlage" column names earlier papers, its "Datum" column the day each was decided.
    ("Datum\tGremium\tVorlage\tInhalt\n23.02.2021\tIntegrationsrat\t<0>0187/21</0>\tVorstellung\n"
     "07.12.2021\tRat der Stadt Hamm\t<1>1456/21</1>\tTeilnahme am KIM NRW\n",
     [("paper", "0187/21", "mentions", "2021-02-23"), ("paper", "1456/21", "mentions", "2021-12-07")]),
    ("| Datum | Gremium | Drucksache |\n|---|---|---|\n| 14.03.2023 | Ausschuss | <0>0233/23</0> |\n",
     [("paper", "0233/23", "mentions", "2023-03-14")]),
    # An attachment holds a change, it is not changed: at most the paper is based on it.
    ("Der Beschluss <0>DS-Nr. 112/2021</0> wird in <1>Anlage 3</1> geändert.",
     [("paper", "112/2021", "amends", None), ("attachment", "Anlage 3", "mentions", None)]),
    ("Die <0>Vorlage 2021/1121</0> ersetzt den <1>Beschluss vom 12.03.2019</1> nicht.",
     [("paper", "2021/1121", "mentions", None), ("resolution", None, "mentions", "2019-03-12")]),
    # Relation: the nearest cue of the clause that can govern the target.
    ("Der Rat hebt den Beschluss vom 01.02.2020 (<0>Vorlage Nr. 2020/0111</0>) auf. Auf Grundlage der "
     "<1>Vorlage 2019/1234</1> wird der Stellenplan geändert.",
     [("paper", "2020/0111", "rescinds", "2020-02-01"), ("paper", "2019/1234", "based_on", None)]),
    ("Der Beschluss des Rates vom 12.12.2023 zur <0>Vorlage Nr. 2023/1140</0> wird wie folgt geändert:",
     [("paper", "2023/1140", "amends", "2023-12-12")]),
    ("Die Beschlüsse zu den <0>Drucksachen 0281/IV</0> und <1>0282/IV</1> werden aufgehoben; der Beschluss "
     "zu <2>DS/0355/III</2> bleibt bestehen.",
     [("paper", "0281/IV", "rescinds", None), ("paper", "0282/IV", "rescinds", None),
      ("paper", "DS/0355/III", "mentions", None)]),
    ("Der mit <0>Drucksache DS/0355/VI</0> beschlossene Plan wird gemäß der Anlage fortgeschrieben.",
     [("paper", "DS/0355/VI", "amends", None)]),
    ("Die Änderung der Elternbeitragssatzung (<0>Vorlage Nr. 2023/0412/1</0>) ist in Kraft getreten.",
     [("paper", "2023/0412/1", "mentions", None)]),
    ("Zur Finanzierung wird auf die <0>Vorlage V/2024/0123</0> und deren Ergänzung <1>V/2024/0123/1</1> "
     "verwiesen.", [("paper", "V/2024/0123", "mentions", None), ("paper", "V/2024/0123/1", "mentions", None)]),
    # A resolution by its number, as minutes print it.
    ("Der <0>Beschluss 2019/0815</0> wird insoweit abgeändert, als die Frist entfällt.",
     [("paper", "2019/0815", "amends", None)]),
    ("Die <0>Beschlüsse Nr. 0123/2023</0> und <1>0124/2023</1> werden aufgehoben.",
     [("paper", "0123/2023", "rescinds", None), ("paper", "0124/2023", "rescinds", None)]),
    # Resolutions known only by date.
    ("Mit dem Integrationskonzept (<0>Ratsbeschluss vom 18.12.2017</0>) wurde eine Struktur beschlossen.",
     [("resolution", None, "mentions", "2017-12-18")]),
    ("In Umsetzung des <0>Kreistagsbeschlusses vom 21.03.2016</0> wurde ein Büro eingerichtet.",
     [("resolution", None, "based_on", "2016-03-21")]),
    # A paper in parentheses later in a resolution's clause carries its date; more councils' names.
    ("Der Beschluss des Kreistags vom 13.03.2023 über den Hebesatz (<0>Sitzungsvorlage Nr. 2023/099</0>) ist überholt.",
     [("paper", "2023/099", "mentions", "2023-03-13")]),
    ("Der Kreistag hat in seiner Sitzung vom 17.07.2023 der Ausschreibung zugestimmt (<0>Vorlage 2023/0102</0>).",
     [("paper", "2023/0102", "mentions", "2023-07-17")]),
    ("Der Rat hat in seiner Sitzung am 26.01.2023 die <0>Vorlage 2022/1187</0> beschlossen.",
     [("paper", "2022/1187", "mentions", "2023-01-26")]),
    ("Die Bürgerschaft hat am 26.01.2023 mit der <0>Vorlage VO/2022/11876</0> den Grundsatzbeschluss gefasst.",
     [("paper", "VO/2022/11876", "mentions", "2023-01-26")]),
    ("Dies ist die 1. Ergänzung zur <0>Vorlage V/0456/2024</0>.", [("paper", "V/0456/2024", "amends", None)]),
    ("Diese Vorlage dient der Umsetzung des Beschlusses zur <0>Vorlage 2022/1187</0>.",
     [("paper", "2022/1187", "based_on", None)]),
    ("Der <0>Beschluss-Nr. 1234-56(VII)21</0> vom 09.09.2021 wird aufgehoben.",
     [("paper", "1234-56(VII)21", "rescinds", "2021-09-09")]),
    ("Der Ortsgemeinderat hat in seiner Sitzung am <0>12.12.2023</0> den Ausbau beschlossen.",
     [("resolution", None, "mentions", "2023-12-12")]),
    ("Der Magistrat hat am <0>11.03.2024</0> die Vorlage gebilligt.", [("resolution", None, "mentions", "2024-03-11")]),
    # Laws: one shape shows they are included; the rest are in test_laws.py.
    ("Im <0>§ 9 des Teilhabe- und Integrationsgesetzes</0> ist die Förderung geregelt.",
     [("law", "§ 9 TIntG", "mentions", None)]),
    # Attachments of this paper.
    ("Die Kosten sind aufgeführt (siehe <0>Anlage 2</0>).", [("attachment", "Anlage 2", "mentions", None)]),
    ("nicht kostendeckend\n(siehe Kostenaufstellung, <0>Anlage 3</0>), sodass", [("attachment", "Anlage 3", "mentions", None)]),
    ("begleitet werden (siehe Rahmenkonzept, <0>Anlage\n\n4</0>).", [("attachment", "Anlage 4", "mentions", None)]),
    # "zur Drucksache" without a number: this paper's own; a leading zero is no part of the number.
    ("Der Rat beschließt den Umbau gemäß <0>Anlage 2</0> zur Drucksache und <1>Anlage 01</1> zu dieser Vorlage.",
     [("attachment", "Anlage 2", "based_on", None), ("attachment", "Anlage 1", "based_on", None)]),
    ("Die Ergebnisse sind in den <0><1>Anlagen 5 und 6</1></0> zusammengefasst.",
     [("attachment", "Anlage 5", "mentions", None), ("attachment", "Anlage 6", "mentions", None)]),
]


@pytest.mark.parametrize("annotated, expected", CASES)
def test_annotated_shapes(annotated, expected):
    text, spans = parse_annotated(annotated)
    found = references.extract(text)
    assert found_as_rows(text) == expected
    assert [(r.start, r.end) for r in found] == spans
    assert all(r.text == text[r.start:r.end] for r in found)


@pytest.mark.parametrize("text", [
    # An empty form field.
    "Name Förderprogramm: KIM NRW\nRatsbeschluss vom zur Vorlage Nr.\nBeantragte Förderhöhe: €",
    # The title of an attachment names the paper it belongs to, not an attachment of its own.
    "Anlage 4 zum Beschlussentwurf „Kommunales Integrationsmanagement NRW“\n\nDas Rahmenkonzept ...",
    "Übersicht der Standortbewertung Anlage 1 zu BV/0197/2026\nKriterium",
    # An annex of a law; attachments without a number; a Bebauungsplan number.
    "unter Berücksichtigung der in Anlage 2 des BauGB genannten Kriterien",
    "Es darf auf die Niederschrift nebst Anlagen verwiesen werden. Anlage/n: Lageplan",
    "Bebauungsplan Nr. 336 „Entwicklung Quartier Goldgrube“",
    # Sessions that report no resolution, and a resolution still to be taken.
    "Es erfolgte eine Vorstellung im Ausschuss für Soziales am 24.01.2023.",
    "Der Ausschuss empfiehlt dem Rat, in seiner Sitzung am 1. Juli 2024 die Stelle zu beschließen.",
    # The resolutions of a company's board or an official are not the council's.
    "Der Aufsichtsrat hat in seiner Sitzung am 12.03.2024 den Wirtschaftsplan beschlossen.",
    "Der Landrat hat am 12.03.2024 die Satzung genehmigt.",
    # A regulation's annex.
    "Berufsfachschule, Anlage B APO-BK",
    # A count of attachments in a form.
    "Anzahl der Anlagen 2",
    # School and budget years.
    "Im Rahmen der Haushaltsplanungen 2026 / 2027 und im Schuljahr 2027/28 (2026/2027)",
])
def test_no_references(text):
    assert references.extract(text) == []


def test_attachments_listed_under_their_heading():
    """The list under an "Anlagen" heading, numbered without the word (the section tells)."""
    text = "Text.\n\nAnlage/n:\n1. Ergebnis Standortbewertung\n2. Präsentation Interimsschule\n"
    found = references.extract(text, find_sections(text))
    assert [(r.target, r.relation, r.text) for r in found] == [("Anlage 1", "mentions", "1"), ("Anlage 2", "mentions", "2")]
    assert references.extract("Text.\n1. Ergebnis\n2. Präsentation\n", find_sections("Text.")) == []


def test_own_reference_is_skipped():
    text = "Vorlage Nr. 2021/1121\n\nBegründung:\nWie in Vorlage Nr. 2021/1121 und Vorlage 2020/0001 dargestellt."
    assert [r.target for r in references.extract(text, own_reference="2021/1121")] == ["2020/0001"]
    assert [r.target for r in references.extract(text, own_reference="Vorlage Nr.: 2021/1121")] == ["2020/0001"]
    assert len(references.extract(text)) == 3


def test_parent_in_an_attachment_title_is_no_reference():
    text = "Anlage 2 zur Vorlage Nr. 2023/0575\n\nDer Rat hat mit Beschluss vom 20.03.2023 (Vorlage Nr. 2023/0575)"
    # The header may take the title's number for the paper's own; it is the parent, so the body's
    # mention stays a reference and the title's does not.
    for own in (None, "2023/0575"):
        assert found_as_rows(text, own_reference=own) == [("paper", "2023/0575", "mentions", "2023-03-20")]


def ref(target_kind="paper", target="2021/1121", relation="mentions", when=None, start=0):
    return Reference(start=start, end=start + 1, text="x", target_kind=target_kind, target=target,
                     relation=relation, date=when)


def test_merge_keeps_strongest_relation_and_first_date():
    merged = references.merge([
        ref(relation="based_on", start=5), ref(relation="rescinds", when=date(2021, 12, 13), start=9),
        ref(relation="mentions", when=date(2020, 1, 1), start=20), ref(target="2022/1410", start=30),
    ])
    assert [(r.target, r.relation, r.date, r.start) for r in merged] == [
        ("2021/1121", "rescinds", date(2021, 12, 13), 5), ("2022/1410", "mentions", None, 30)]


def test_merge_folds_resolution_into_paper_of_same_date():
    merged = references.merge([
        ref(when=date(2021, 12, 13), start=10),
        ref("resolution", None, "based_on", date(2021, 12, 13), start=50),
        ref("resolution", None, "mentions", date(2017, 12, 18), start=60),
        ref("resolution", None, "mentions", date(2017, 12, 18), start=70),
        ref("law", None, start=80),
    ])
    assert [(r.target_kind, r.relation, r.date) for r in merged] == [
        ("paper", "based_on", date(2021, 12, 13)), ("resolution", "mentions", date(2017, 12, 18))]


# --- seeds and shape papers -----------------------------------------------------------------

def merged_rows(found: list[Reference]) -> dict[tuple, tuple]:
    """key → (relation, ISO date), keyed as the evaluation keys them (resolutions by date)."""
    rows = {}
    for r in references.merge(found):
        key = (r.target_kind, r.date.isoformat() if r.target_kind == "resolution" else r.target)
        rows[key] = (r.relation, r.date and r.date.isoformat())
    return rows


def gold_rows(gold: dict) -> dict[tuple, tuple]:
    return {(g["kind"], g["date"] if g["kind"] == "resolution" else g["target"]): (g["relation"], g["date"])
            for g in gold["references"]}


def assert_matches_gold(found: dict, expected: dict):
    assert found.keys() == expected.keys()
    for key, (relation, when) in expected.items():
        if key[0] == "law":  # law references are scored by target only
            continue
        assert found[key][0] == relation, key
        assert found[key][1] == when, key


def _manifest() -> list[dict]:
    with (ROOT / "tests/gold/MANIFEST.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("row", _manifest(), ids=lambda row: row["gold"])
def test_seeds_against_gold(row):
    gold = json.loads((ROOT / "tests/gold" / row["gold"]).read_text(encoding="utf-8"))
    text = normalize((ROOT / row["corpus_path"]).read_text(encoding="utf-8")).text
    found = references.extract(text, own_reference=gold["paper"]["reference"])
    assert_matches_gold(merged_rows(found), gold_rows(gold))


SHAPES = sorted((ROOT / "tests/shapes").glob("refs-*.json"))


@pytest.mark.parametrize("gold_path", SHAPES, ids=lambda p: p.stem)
def test_shape_papers(gold_path):
    """As the pipeline runs it: the header extractor finds the paper's own number."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = normalize(gold_path.with_suffix(".txt").read_text(encoding="utf-8")).text
    own = next((f.value for f in header.extract(text) if f.field == "reference"), None)
    found = merged_rows(references.extract(text, own_reference=own))
    expected = gold_rows(gold)
    assert_matches_gold(found, expected)
    for key, (relation, _) in expected.items():  # the shapes state law relations too
        assert found[key][0] == relation, key


def test_shape_papers_exist():
    assert len(SHAPES) >= 5


# --- properties ----------------------------------------------------------------------------

_SEED = normalize((ROOT / "corpus/leverkusen/2024-3092.txt").read_text(encoding="utf-8")).text
_WORDS = ["Vorlage Nr.", "2021/1121", "Ratsbeschluss vom", "13.12.2021", "zur", "und", "§", "§§", "9", "Abs.",
          "TIntG", "des", "Teilhabe- und Integrationsgesetzes", "Anlage", "3", "(", ")", "aufgehoben", "gemäß",
          "\n", "\n\n", ".", ",", "BV/0970/2019", "Sitzung am", "beschlossen", "Rat", "hebt", "auf", "Änderung"]


def _check(text: str, found: list[Reference]):
    assert [(r.start, r.end) for r in found] == sorted((r.start, r.end) for r in found)
    for r in found:
        assert r.text == text[r.start:r.end]
        assert r.relation in references.RELATION_RANK
    merged = references.merge(found)
    assert references.merge(merged) == merged


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=60).map(" ".join))
def test_never_raises_on_reference_like_word_salad(text):
    _check(text, references.extract(text))


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_random_text(text):
    _check(text, references.extract(text, own_reference=text[:10] or None))


@settings(max_examples=25, deadline=None)
@given(st.integers(0, len(_SEED)), st.integers(0, 300), st.text(max_size=30))
def test_never_raises_on_mutated_seed(at, length, insert):
    mutated = _SEED[:at] + insert + _SEED[at + length:]
    _check(mutated, references.extract(mutated, own_reference="2024/3092"))


def test_bad_input():
    assert references.extract("") == [] and references.extract(None) == []  # type: ignore[arg-type]


# --- clauses are searched only near the positions asked about; they must be the whole text's ---

def _clause_from_whole_text(ends: list[int], length: int, pos: int) -> tuple[int, int]:
    before = [e for e in ends if e <= pos]
    after = [e for e in ends if e > pos]
    return (before[-1] if before else 0, after[0] if after else length)


class NearSightedClauses(reference_relations.Clauses):
    """Searches a few characters at a time, so every way of widening a search is taken."""
    LOOK_BACK = 2
    LOOK_AHEAD = 1


def _assert_clauses_agree(text: str, positions, kind=reference_relations.Clauses) -> None:
    ends = reference_relations.whole_text_clauses(text)
    clauses = kind(text)  # one object: answers from memory are checked too
    for pos in positions:
        assert clauses.span(pos) == _clause_from_whole_text(ends, len(text), pos), pos


@pytest.mark.parametrize("path", sorted((ROOT / "corpus").glob("*/*.txt")), ids=lambda p: p.name)
def test_clauses_near_a_position_are_the_whole_texts(path):
    text = normalize(path.read_text(encoding="utf-8")).text
    step = max(1, len(text) // 1500)
    _assert_clauses_agree(text, list(range(0, len(text) + 1, step)) + [len(text)])
    _assert_clauses_agree(text, list(range(len(text), -1, -step)))  # asked backwards
    _assert_clauses_agree(text, range(0, len(text), step * 7), NearSightedClauses)


CLAUSE_ALPHABET = st.sampled_from(list("ab Zx1.;:!?,()-\n\n\t“”\"»•")
                                  + ["Nr.", "13. Dezember", "\n1. ", "z.B.", "  \n  \n", ". \n\n", ":  \n"])


@given(st.lists(CLAUSE_ALPHABET, max_size=120).map("".join), st.data())
@settings(max_examples=500, deadline=None)
def test_clauses_agree_on_any_text(text, data):
    """Also where a search started inside a boundary ("x.  ⏎  ⏎Y") would find one of its own."""
    positions = data.draw(st.lists(st.integers(0, len(text)), max_size=20))
    _assert_clauses_agree(text, positions)
    _assert_clauses_agree(text, positions, NearSightedClauses)


def test_a_search_never_starts_inside_a_boundary():
    # ". ⏎⏎" is one boundary; a search begun at its first line break would find another at 3.
    for text in (". \n\n", "Der Rat beschließt. \n\nDie Verwaltung wird beauftragt.  \n  \nEnde"):
        _assert_clauses_agree(text, range(len(text) + 1), NearSightedClauses)
