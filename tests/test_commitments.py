"""The commitment trail (issue 4): what each resolution promises or withdraws, and what became of it.

Built from the real corpus; the rules are also checked one by one on sentences, and the programme
configuration on a programme added in a temporary YAML file.
"""
import sqlite3
from pathlib import Path

import pytest

import schema
from extractors.programmes import find_mentions, programmes_for_law, programmes_from_config
from pipeline import commitment_cues as cues
from pipeline.commitments import derive_commitments, load_programmes
from pipeline.ingest import ingest
from pipeline.link import link

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def rows(db_path, sql, params=()):
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    db_path = tmp_path_factory.mktemp("commitments") / "ratsspur.db"
    ingest([CORPUS], db_path)
    return db_path


@pytest.fixture(scope="module")
def commitment(built):
    by_id = {c["id"]: c for c in rows(built, "SELECT * FROM commitments")}

    def get(cid):
        assert cid in by_id, f"{cid} missing; have {sorted(by_id)}"
        return by_id[cid]
    return get


# --- the Leverkusen KIM trail ---------------------------------------------------------------------

def test_the_kim_trail_in_order(built):
    trail = rows(built, "SELECT paper_id, kind, action FROM commitments WHERE body_id = 'leverkusen' "
                        "AND programme = 'KIM' ORDER BY date, id")
    assert [(t["paper_id"], t["kind"]) for t in trail] == [
        ("leverkusen:2021/1121", "cover_extra_cost"),
        ("leverkusen:2021/1121", "cover_total_cost"),
        ("leverkusen:2022/1410", "cover_extra_cost"),
        ("leverkusen:2024/3092", "rescind"),
    ]
    assert [t["action"] for t in trail] == ["commit", "commit", "commit", "withdraw"]


def test_2021_promise_to_cover_the_extra_cost(commitment):
    c = commitment("leverkusen:2021/1121#cover_extra_cost")
    assert (c["date"], c["date_basis"]) == ("2021-12-13", "decision_meeting")
    assert (c["amount_cents"], c["amount_role"], c["period"]) == (33_665_724, "own_share", "year")
    assert c["from_year"] == 2023  # "langfristig - über das Jahr 2022 hinaus"
    assert c["decision_id"] and c["amount_id"]
    assert (c["status"], c["ended_by"], c["ended_on"]) == ("rescinded", "leverkusen:2024/3092", "2024-12-16")
    assert c["ended_by_commitment"] == "leverkusen:2024/3092#rescind"


def test_2021_promise_to_cover_the_total_cost_if_the_state_stops(commitment):
    c = commitment("leverkusen:2021/1121#cover_total_cost")
    assert "Programm wider Erwarten von Landesseite beendet" in c["condition"]
    assert (c["amount_cents"], c["amount_role"]) == (96_230_000, "cost")  # "bei Einstellung der Förderung"
    assert c["from_year"] == 2023 and c["period"] == "year"
    assert c["status"] == "rescinded"


def test_2022_placeholder_promise_read_from_the_rescinding_paper(commitment):
    c = commitment("leverkusen:2022/1410#cover_extra_cost")
    assert c["paper_id"] == "leverkusen:2022/1410"
    assert c["source_paper_id"] == "leverkusen:2024/3092"
    assert c["quote"].startswith("Am 04.04.2022 hat der Rat") and c["quote"].endswith("(Vorlage Nr. 2022/1410).")
    assert (c["posts"], c["date"], c["from_year"]) == (4, "2022-04-04", 2022)
    assert c["programme"] == "KIM" and c["decision_id"] is None and c["amount_id"] is None
    assert (c["status"], c["ended_by"], c["ended_on"]) == ("rescinded", "leverkusen:2024/3092", "2024-12-16")


def test_2024_rescission_saves_a_yearly_sum_from_2025(commitment):
    c = commitment("leverkusen:2024/3092#rescind")
    assert (c["action"], c["date"]) == ("withdraw", "2024-12-16")
    assert (c["amount_cents"], c["amount_role"], c["period"], c["from_year"]) == (30_989_580, "savings", "year", 2025)
    assert c["status"] == "active" and c["ended_by"] is None


# --- other towns ------------------------------------------------------------------------------------

def test_siegburg_creates_a_post_with_its_own_share(commitment):
    c = commitment("siegburg:3360/VIII#create_posts")
    assert c["programme"] == "KIM" and c["posts"] == 1
    assert (c["amount_cents"], c["amount_role"], c["amount_qualifier"]) == (3_000_000, "own_share", "approx")
    assert (c["period"], c["from_year"]) == ("year", 2025)  # "Für 2025ff. ... (rund 30.000 €/Jahr)"
    assert (c["date"], c["date_basis"]) == ("2024-07-01", "named_meeting")  # "in seiner Sitzung am 1. Juli 2024"


def test_hueckeswagen_creates_a_permanent_post_with_its_own_share(commitment):
    c = commitment("hueckeswagen:FB II/4753/2023#create_posts")
    assert c["programme"] == "KIM" and (c["posts"], c["posts_permanent"]) == (1, 1)
    assert (c["amount_cents"], c["amount_role"], c["period"]) == (100_000, "own_share", "year")
    assert (c["date"], c["date_basis"]) == ("2023-09-26", "last_consultation")
    assert c["status"] == "active"


def test_every_commitment_quotes_its_source(built):
    bad = rows(built, "SELECT c.id FROM commitments c JOIN papers p ON p.id = c.source_paper_id "
                      "WHERE substr(p.text, c.start + 1, c.[end] - c.start) != c.quote OR c.page IS NULL")
    assert bad == []


def test_own_share_sums_by_town(built):
    sums = {r["body_id"]: r["total"] for r in rows(
        built, "SELECT body_id, sum(amount_cents) AS total FROM commitments "
               "WHERE amount_role = 'own_share' AND programme = 'KIM' GROUP BY body_id")}
    assert sums == {"leverkusen": 33_665_724, "siegburg": 3_000_000, "hueckeswagen": 100_000}


# --- programmes by configuration --------------------------------------------------------------------

NEW_PROGRAMME_YAML = """
STAERKUNGSPAKT:
  name: Stärkungspakt NRW
  names: [Stärkungspakt NRW]
  abbreviations: []
  funder: Land NRW
"""

# A paper about a programme the packaged configuration does not know (written for this test).
NEW_PROGRAMME_PAPER = """Stadt Musterhausen

Vorlage Nr. 2023/0815

Der Bürgermeister

14.02.2023

Datum

Beratungsfolge\tDatum\tZuständigkeit\tBehandlung
Sozialausschuss\t01.03.2023\tBeratung\töffentlich
Rat der Stadt Musterhausen\t22.03.2023\tEntscheidung\töffentlich

**Betreff:**

Umsetzung des Stärkungspakts NRW in Musterhausen

**Beschlussentwurf:**

1. Der Rat beschließt die Einrichtung von zwei befristeten Stellen für die Sozialberatung im Rahmen des Stärkungspakts NRW.
2. Die Verwaltung wird beauftragt, den Eigenanteil der Stadt ab dem Jahr 2024 im Haushalt bereitzustellen.

**Begründung:**

Das Land fördert die Sozialberatung mit 80 Prozent der Personalkosten. Der Eigenanteil der Stadt beträgt rund 24.000 € pro Jahr.
"""


@pytest.fixture()
def new_programme(tmp_path):
    config = tmp_path / "programmes.yml"
    config.write_text(NEW_PROGRAMME_YAML, encoding="utf-8")
    papers = tmp_path / "musterhausen"
    papers.mkdir()
    (papers / "2023-0815.txt").write_text(NEW_PROGRAMME_PAPER, encoding="utf-8")
    return config, papers


def test_a_programme_added_in_yaml_is_recognised(new_programme, tmp_path):
    config, papers = new_programme
    db_path = tmp_path / "m.db"
    ingest([papers], db_path)
    assert {c["programme"] for c in rows(db_path, "SELECT programme FROM commitments")} == {None}

    db = schema.connect(db_path)
    with db.atomic():
        derive_commitments(db, load_programmes(config))
    db.close()
    found = {c["kind"]: c for c in rows(db_path, "SELECT * FROM commitments")}
    assert set(found) == {"create_posts", "cover_extra_cost"}
    assert {c["programme"] for c in found.values()} == {"STAERKUNGSPAKT"}
    assert (found["create_posts"]["posts"], found["create_posts"]["posts_permanent"]) == (2, 0)
    extra = found["cover_extra_cost"]
    assert (extra["amount_cents"], extra["period"], extra["from_year"]) == (2_400_000, "year", 2024)


def test_the_programme_file_can_be_chosen_by_environment(new_programme, tmp_path, monkeypatch):
    config, papers = new_programme
    db_path = tmp_path / "env.db"
    ingest([papers], db_path)
    monkeypatch.setenv("RATSSPUR_PROGRAMMES", str(config))
    db = schema.connect(db_path)
    link(db)
    db.close()
    assert {c["programme"] for c in rows(db_path, "SELECT programme FROM commitments")} == {"STAERKUNGSPAKT"}


def test_packaged_programmes_load():
    keys = [p.key for p in load_programmes()]
    assert keys[0] == "KIM" and "DIGITALPAKT_SCHULE" in keys


@pytest.mark.parametrize("text, expected", [
    ("Landesprogramm „Kommunales Integrationsmanagement NRW“ (KIM NRW)",
     ["Kommunales Integrationsmanagement NRW", "KIM NRW"]),
    ("im Rahmen des Kommunalen Integrationsmanagements", ["Kommunalen Integrationsmanagements"]),
    ("des Kommunalen\nIntegrationsmanagements", ["Kommunalen\nIntegrationsmanagements"]),
    ("zwei KIM-Stellen", ["KIM"]),
    ("das Kommunale Integrationszentrum (KI)", []),  # another institution
    ("Frau Kim Berger; KIMA", []),  # a first name; another word
    ("Mittel aus „Gute Schule 2020“ und dem DigitalPakt Schule", ["Gute Schule 2020", "DigitalPakt Schule"]),
])
def test_programme_mentions(text, expected):
    assert [m.text for m in find_mentions(text, load_programmes())] == expected


def test_programme_by_statute_section():
    assert programmes_for_law("§ 9  TIntG", load_programmes()) == ["KIM"]
    assert programmes_for_law("§ 7 TIntG", load_programmes()) == []


def test_a_broken_programme_entry_says_which():
    with pytest.raises(ValueError, match="BROKEN"):
        programmes_from_config({"BROKEN": {"names": {"not": "a list"}}})


# --- the cue rules, sentence by sentence ----------------------------------------------------------

@pytest.mark.parametrize("wording, kinds", [
    ("Die Verwaltung wird beauftragt, die notwendigen finanziellen Mittel zur Übernahme der Mehrkosten "
     "für die Umsetzung des Programms langfristig im städtischen Haushalt bereitzustellen.", ["cover_extra_cost"]),
    ("..., die finanziellen Mittel zur Übernahme der Gesamtkosten im städtischen Haushalt bereitzustellen, "
     "sollte das Programm wider Erwarten von Landesseite beendet werden.", ["cover_total_cost"]),
    ("Der Rat beschließt die Einrichtung einer neuen unbefristeten Vollzeitstelle als Case-Manager.", ["create_posts"]),
    ("Der Rat beschließt die Schaffung von zwei Stellen; die ungedeckten Kosten trägt die Stadt.",
     ["cover_extra_cost", "create_posts"]),
    ("Der Rat beschließt die Aufhebung der Ratsbeschlüsse vom 13.12.2021 zur Vorlage Nr. 2021/1121 "
     "„Übernahme der Mehrkosten für vier Stellen“.", ["rescind"]),  # a quoted title promises nothing
    ("Der Rat beschließt die Aufhebung des Sperrvermerks.", []),  # no resolution withdrawn
    ("Die Verwaltung wird beauftragt, mit den Trägern in Verhandlung zu treten.", []),
    ("Der Rat nimmt den Bericht zur Kenntnis.", []),
    ("Die Einrichtung einer Beratungsstelle wird begrüßt.", []),  # an office, not a post
])
def test_commitment_kinds(wording, kinds):
    assert cues.commitment_kinds(wording) == kinds


@pytest.mark.parametrize("wording, year", [
    ("langfristig - über das Jahr 2022 hinaus - im Haushalt bereitzustellen", 2023),
    ("langfristig für das Jahr 2022 und über das Jahr 2022 hinaus", 2022),
    ("Einsparungen ab Haushaltsjahr: 2025", 2025),
    ("Für 2025ff. werden die Einnahmen und Ausgaben berücksichtigt", 2025),
    ("ab dem Jahr 2024 im Haushalt bereitzustellen", 2024),
    ("Ratsbeschluss vom 13.12.2021", None),  # a date is not a start year
])
def test_from_year(wording, year):
    assert cues.from_year_in(wording) == year


@pytest.mark.parametrize("wording, condition", [
    ("die Gesamtkosten zu übernehmen, sollte das Programm wider Erwarten von Landesseite beendet werden.",
     "sollte das Programm wider Erwarten von Landesseite beendet werden"),
    ("962.300,00 € (bei Einstellung der Förderung; wird angemeldet)", "bei Einstellung der Förderung"),
    ("falls die Landesförderung entfällt", "falls die Landesförderung entfällt"),
    ("die Mehrkosten zu übernehmen.", None),
])
def test_condition(wording, condition):
    assert cues.condition_of(wording) == condition


def test_sum_per_year_from_a_table_heading():
    text = ("Übersicht: Prognostizierte Gesamtkosten und Fördersummen pro Jahr (siehe Anlage 3):\n\n"
            "Gesamtkosten Personal Gesamtfördersumme Mehrkosten Stadt\n\n"
            "913.257,24 Euro 576.600,00 Euro 336.657,24 Euro\n")
    start = text.index("336.657,24")
    assert cues.per_year_near(text, start, start + 15)
    once = "Die Kosten betragen einmalig 5.000 €. Danach fallen keine Kosten an."
    assert not cues.per_year_near(once, once.index("5.000"), once.index("5.000") + 7)


def test_reporting_sentence_is_cut_at_its_full_stops():
    text = ("Zeitweise waren 7,0 Stellen bei den Trägern angesiedelt. Am 04.04.2022 hat der Rat "
            "beschlossen, dass die Mehrkosten für vier weitere Stellen bereitgestellt werden sollen "
            "(Vorlage Nr. 2022/1410). Der Vorschlag kam von der Verwaltung.")
    position = text.index("2022/1410")
    start, end = cues.sentence_around(text, position, position + 9)
    assert text[start:end].startswith("Am 04.04.2022") and text[start:end].endswith("2022/1410).")
    assert cues.reports_resolution(text[start:end])


# A later paper that withdraws only a placeholder's resolution and reports what it said (written
# for this test).
RESCINDING_PAPER = """Stadt Leverkusen

Vorlage Nr. 2025/0100

Der Oberbürgermeister

10.01.2025

Datum

Beratungsfolge\tDatum\tZuständigkeit\tBehandlung
Rat der Stadt Leverkusen\t10.02.2025\tEntscheidung\töffentlich

**Betreff:**

Aufhebung eines Ratsbeschlusses zum Kommunalen Integrationsmanagement

**Beschlussentwurf:**

Der Rat der Stadt Leverkusen beschließt die Aufhebung des Ratsbeschlusses vom 04.04.2022 zur Vorlage Nr. 2022/1410.

**Begründung:**

Am 04.04.2022 hat der Rat beschlossen, die Mehrkosten für vier weitere Casemanagement-Stellen im \
städtischen Haushalt bereitzustellen (Vorlage Nr. 2022/1410). Diese Mittel stehen nicht mehr zur Verfügung.
"""


def test_a_withdrawal_is_the_act_of_the_paper_that_decides_it(tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "2025-0100.txt").write_text(RESCINDING_PAPER, encoding="utf-8")
    db_path = tmp_path / "w.db"
    ingest([folder], db_path)
    found = {c["id"]: c for c in rows(db_path, "SELECT * FROM commitments")}
    assert set(found) == {"leverkusen:2025/0100#rescind", "leverkusen:2022/1410#cover_extra_cost"}
    reported = found["leverkusen:2022/1410#cover_extra_cost"]
    assert reported["quote"].startswith("Am 04.04.2022 hat der Rat") and reported["posts"] == 4
    assert (reported["status"], reported["ended_on"]) == ("rescinded", "2025-02-10")
    assert reported["ended_by_commitment"] == "leverkusen:2025/0100#rescind"
