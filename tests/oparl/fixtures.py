"""A realistic OParl system for the importer tests, served by :mod:`tests.oparl.server`.

Two bodies:

- **Köln**, built from the OParl specification's examples (``examples/``: System, Body,
  Organization, Meeting, Paper) with their ids pointed at the local server, plus our own paper,
  meeting and committee. Its files are small PDFs written with fpdf2 in the layout of real
  Vorlagen. The spec's own inconsistencies stay (the Paper's ``body`` names another body URL).
- **Koblenz**, our own objects around the real PDFs in ``corpus/koblenz`` (Vorlagen BV/0197/2026,
  UV/0310/2025 and BV/0109/2021, with Anlagen), with the Beratungsfolge printed in them.

Vendor quirks on purpose: consultations given as URLs (Koblenz), a paper without ``type``, HTML
in ``name``, an unparsable ``modified``, a paper without any file, a 1.8 MB Anlage (over the
tests' size limit), API values that disagree with the printed text (a date, a reference).
"""
from __future__ import annotations

import copy
import json
from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
KOBLENZ = ROOT / "corpus" / "koblenz"
EXAMPLE_HOST = "https://oparl.example.org/"
T = "https://schema.oparl.org/1.1/"


def pdf(lines: list[str]) -> bytes:
    """A one-page text PDF (Helvetica, Latin-1) with a fixed creation date: same bytes every time."""
    document = FPDF()
    document.set_creation_date(datetime(2014, 4, 4, tzinfo=timezone.utc))
    document.add_page()
    document.set_font("Helvetica", size=11)
    for line in lines:
        document.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(document.output())


def example(name: str, base: str) -> dict:
    """A spec example with its URLs pointed at the test server."""
    text = (HERE / "examples" / f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text.replace(EXAMPLE_HOST, base + "/"))


KOELN_749 = [
    "Stadt Köln", "Der Oberbürgermeister", "",
    "Beantwortung einer Anfrage", "Vorlagen-Nr. 1234/2014", "Datum: 03.04.2014", "",
    "Betreff:", "Antwort auf Anfrage 1200/2014 zur Sanierung der Schulgebäude", "",
    "Beratungsfolge:", "06.05.2014 Rat öffentlich", "",
    "Die Verwaltung beantwortet die Anfrage der Fraktion vom 12.02.2014 wie folgt:",
    "Für die Sanierung der Schulgebäude im Stadtbezirk Innenstadt sind im Haushalt 2014 "
    "insgesamt 2.400.000 Euro veranschlagt. Die Maßnahmen an der Turnhalle Gereonswall "
    "beginnen im Sommer 2014.",
]
KOELN_749_ANLAGE = [
    "Stadt Köln", "Anlage 1 zur Vorlage 1234/2014", "",
    "Übersichtsplan der Schulgebäude im Stadtbezirk Innenstadt",
    "Gereonswall, Friesenplatz, Machabäerstraße",
]
KOELN_750 = [
    "Stadt Köln", "Der Oberbürgermeister", "",
    "Beschlussvorlage", "Vorlagen-Nr. 0815/2014", "Datum: 12.03.2014", "",
    "Betreff:", "Satzungsänderung für Ausschreibungen", "",
    "Beratungsfolge:", "04.01.2013 Ausschuss für Haushalt und Finanzen öffentlich",
    "06.05.2014 Rat öffentlich", "",
    "Beschlussvorschlag:",
    "Der Rat beschließt die Änderung der Vergabesatzung der Stadt Köln in der Fassung der Anlage 1.",
    "", "Begründung:",
    "Die Wertgrenzen für Ausschreibungen werden an das Landesrecht angepasst. Mehrkosten "
    "entstehen nicht.",
]


def koeln(base: str) -> dict:
    """Objects of the Köln body, from the spec's examples plus our own."""
    body = example("Body-01", base)
    org = example("Organization-01", base)
    meeting = example("Meeting-01", base)
    paper = example("Paper-01", base)
    # Our committee and council meeting that the example paper's consultation points at.
    council = {"id": f"{base}/organization/96", "type": T + "Organization", "body": body["id"],
               "name": "Rat", "organizationType": "Gremium", "classification": "Rat",
               "web": f"{base}/web/gremium/96", "created": "2012-07-16T00:00:00+02:00",
               "modified": "2014-01-02T09:00:00+01:00"}
    council_meeting = {"id": f"{base}/meeting/243", "type": T + "Meeting",
                       "name": "12. Sitzung des Rates", "start": "2014-05-06T15:30:00+02:00",
                       "organization": [council["id"]], "created": "2014-03-01T10:00:00+01:00",
                       "modified": "2014-03-01T10:00:00+01:00"}
    meeting["agendaItem"][0]["consultation"] = f"{base}/consultation/1034"
    meeting["web"] = f"{base}/web/sitzung/281"
    # The example paper: its files as real PDFs, its consultation at our council meeting.
    paper["consultation"][0]["organization"] = [council["id"]]
    paper["web"] = f"{base}/web/vorlage/749"
    del paper["mainFile"]["size"]  # the example's size is not that of our PDF
    paper["auxiliaryFile"][0]["fileName"] = "anlage_1_uebersichtsplan.pdf"
    files = {"/files/download/57737.pdf": pdf(KOELN_749),
             "/files/57737.pdf": pdf(KOELN_749),
             "/files/download/57739.pdf": pdf(KOELN_749_ANLAGE),
             "/files/57739.pdf": pdf(KOELN_749_ANLAGE)}
    own = {
        "id": f"{base}/paper/750", "type": T + "Paper", "body": body["id"],
        "name": "Satzungsänderung für Ausschreibungen", "reference": "0815/2014",
        "date": "2014-03-12", "paperType": "Beschlussvorlage", "web": f"{base}/web/vorlage/750",
        "mainFile": {"id": f"{base}/files/60001", "type": T + "File", "name": "Beschlussvorlage",
                     "fileName": "vorlage_0815_2014.pdf", "mimeType": "application/pdf",
                     "accessUrl": f"{base}/files/60001.pdf", "created": "2014-03-12T08:00:00+01:00",
                     "modified": "2014-03-12T08:00:00+01:00"},
        "consultation": [
            {"id": f"{base}/consultation/1034", "type": T + "Consultation",
             "meeting": meeting["id"], "organization": [org["id"]], "authoritative": False,
             "role": "Vorberatung", "created": "2014-03-12T08:00:00+01:00",
             "modified": "2014-03-12T08:00:00+01:00"},
            {"id": f"{base}/consultation/1035", "type": T + "Consultation",
             "meeting": council_meeting["id"], "organization": [council["id"]], "authoritative": True,
             "role": "Entscheidung", "created": "2014-03-12T08:00:00+01:00",
             "modified": "2014-03-12T08:00:00+01:00"}],
        "created": "2014-03-12T08:00:00+01:00", "modified": "2014-03-12T08:00:00+01:00"}
    files["/files/60001.pdf"] = pdf(KOELN_750)
    # A paper known only from the API: no file, no `type`, HTML in its name.
    api_only = {
        "id": f"{base}/paper/751", "body": body["id"],
        "name": "Bebauungsplan <i>Deutzer Hafen</i>&nbsp;- Satzungsbeschluss",
        "reference": "1701/2014", "date": "2014-06-02", "paperType": "Beschlussvorlage",
        "web": f"{base}/web/vorlage/751",
        "created": "2014-06-02T08:00:00+02:00", "modified": "2014-06-02T08:00:00+02:00"}
    return {"body": body, "organizations": [org, council], "meetings": [meeting, council_meeting],
            "papers": [paper, own, api_only], "files": files, "objects": []}


def koblenz(base: str) -> dict:
    """Objects of the Koblenz body around the real PDFs of corpus/koblenz."""
    b = f"{base}/koblenz"
    stamp = "2026-04-10T09:00:00+02:00"
    orgs = {key: {"id": f"{b}/organization/{key}", "type": T + "Organization", "body": b,
                  "name": name, "organizationType": "Gremium", "web": f"{b}/web/gremium/{key}",
                  "created": "2024-07-01T00:00:00+02:00", "modified": "2024-07-01T00:00:00+02:00"}
            for key, name in (("rat", "Stadtrat"), ("hfa", "Haupt- und Finanzausschuss"),
                              ("sta", "Schulträgerausschuss"),
                              ("asm", "Ausschuss für Stadtentwicklung und Mobilität"))}

    def meeting(key, name, start, org_keys, agenda=()):
        return {"id": f"{b}/meeting/{key}", "type": T + "Meeting", "name": name, "start": start,
                "organization": [orgs[k]["id"] for k in org_keys], "web": f"{b}/web/sitzung/{key}",
                "agendaItem": [{"id": f"{b}/agendaitem/{key}-{n}", "type": T + "AgendaItem",
                                "meeting": f"{b}/meeting/{key}", "number": number, "order": n, "name": title,
                                "public": public, "consultation": f"{b}/consultation/{cons}",
                                **({"result": result} if result else {})}
                               for n, (number, title, public, cons, result) in enumerate(agenda, 1)],
                "created": "2021-01-01T00:00:00+01:00", "modified": stamp}

    meetings = [
        meeting("sta-2026-04-21", "Gemeinsame Sitzung ASM und Schulträgerausschuss",
                "2026-04-21T15:00:00+02:00", ["sta", "asm"],
                [("3", "Errichtung einer Interimsschule", True, "197-sta", "empfohlen")]),
        meeting("hfa-2026-05-18", "Sitzung des Haupt- und Finanzausschusses",
                "2026-05-18T16:00:00+02:00", ["hfa"], [("7", "Errichtung einer Interimsschule", True, "197-hfa", None)]),
        meeting("rat-2026-05-28", "Sitzung des Stadtrates", "2026-05-28T14:00:00+02:00", ["rat"],
                [("12", "Errichtung einer Interimsschule", True, "197-rat", None)]),
        meeting("sta-2025-11-13", "Sitzung des Schulträgerausschusses", "2025-11-13T16:00:00+01:00",
                ["sta"], [("4", "Aktueller Sachstand Max-von-Laue-Gymnasium", True, "310-sta", "zur Kenntnis genommen")]),
        meeting("asm-2021-03-16", "Sitzung des Ausschusses für Stadtentwicklung und Mobilität",
                "2021-03-16T16:00:00+01:00", ["asm"],
                [("5", "Bebauungsplan Nr. 336", True, "109-asm", "einstimmig beschlossen")]),
    ]

    def consultation(key, meeting_key, org_key, role, authoritative):
        return {"id": f"{b}/consultation/{key}", "type": T + "Consultation",
                "meeting": f"{b}/meeting/{meeting_key}",
                "organization": [orgs[org_key]["id"]], "role": role, "authoritative": authoritative,
                "created": stamp, "modified": stamp}

    def file(key, path: str, name: str, date=None):
        return {"id": f"{b}/file/{key}", "type": T + "File", "name": name, "fileName": path,
                "mimeType": "application/pdf", "size": (KOBLENZ / path).stat().st_size,
                "accessUrl": f"{b}/dokumente/{path}", "downloadUrl": f"{b}/dokumente/{path}?download=1",
                "fileLicense": "https://www.gesetze-im-internet.de/urhg/__5.html",
                **({"date": date} if date else {}), "created": stamp, "modified": stamp}

    # BV/0197/2026: consultations given as URLs only (a vendor quirk), fetched one by one.
    c197 = [consultation("197-sta", "sta-2026-04-21", "sta", "Vorberatung", False),
            consultation("197-asm", "sta-2026-04-21", "asm", "Vorberatung", False),
            consultation("197-hfa", "hfa-2026-05-18", "hfa", "Vorberatung", False),
            consultation("197-rat", "rat-2026-05-28", "rat", "Entscheidung", True)]
    p197 = {"id": f"{b}/paper/197", "type": T + "Paper", "body": b, "name": "Errichtung einer Interimsschule",
            "reference": "BV/0197/2026", "date": "2026-04-10", "paperType": "Beschlussvorlage",
            "web": f"{b}/web/vorlage/197",
            "mainFile": file("197", "BV-0197-2026.pdf", "Beschlussvorlage", "2026-04-10"),
            "auxiliaryFile": [file("197-1", "BV-0197-2026-Anlage-1.pdf", "Anlage 1 Standortbewertung"),
                              file("197-2", "BV-0197-2026-Anlage-2.pdf", "Anlage 2 Präsentation")],
            "consultation": [c["id"] for c in c197], "created": stamp, "modified": stamp}
    # UV/0310/2025: HTML in the name; the API drops the printed prefix of the reference.
    c310 = consultation("310-sta", "sta-2025-11-13", "sta", "Kenntnisnahme", True)
    p310 = {"id": f"{b}/paper/310", "type": T + "Paper", "body": b,
            "name": "<p>Aktueller Sachstand <b>Max-von-Laue-Gymnasium</b></p>",
            "reference": "0310/2025", "date": "2025-11-03", "paperType": "Unterrichtungsvorlage",
            "web": f"{b}/web/vorlage/310",
            "mainFile": file("310", "UV-0310-2025.pdf", "Unterrichtungsvorlage"),
            "consultation": [c310], "created": "2025-11-03T10:00:00+01:00",
            "modified": "2025-11-03T10:00:00+01:00"}
    # BV/0109/2021: no `type`, an impossible `modified`, its Satzung as Anlage.
    c109 = consultation("109-asm", "asm-2021-03-16", "asm", "Entscheidung", True)
    p109 = {"id": f"{b}/paper/109", "body": b,
            "name": "Bebauungsplan Nr. 336 \"Entwicklung Quartier Goldgrube\" - Entwurfs- und Offenlagebeschluss -",
            "reference": "BV/0109/2021", "date": "2021-02-17", "paperType": "Beschlussvorlage",
            "web": f"{b}/web/vorlage/109",
            "mainFile": file("109", "BV-0109-2021.pdf", "Beschlussvorlage"),
            "auxiliaryFile": [file("109-1", "BV-0109-2021-Anlage-Satzung.pdf", "Satzung")],
            "consultation": [c109], "created": "2021-02-17T10:00:00+01:00",
            "modified": "2021-02-30T25:00:00+01:00"}
    body = {"id": b, "type": T + "Body", "system": base + "/", "shortName": "Koblenz",
            "name": "Stadt Koblenz", "ags": "07111000", "website": "https://www.koblenz.de/",
            "license": "https://www.gesetze-im-internet.de/urhg/__5.html",
            "organization": f"{b}/organizations", "person": f"{b}/persons", "meeting": f"{b}/meetings",
            "paper": f"{b}/papers", "legislativeTerm": [], "web": f"{b}/web",
            "created": "2020-01-01T00:00:00+01:00", "modified": "2024-07-01T00:00:00+02:00"}
    files = {}
    for paper in (p197, p310, p109):
        for f in [paper["mainFile"], *paper.get("auxiliaryFile", [])]:
            data = (KOBLENZ / f["fileName"]).read_bytes()
            files[f["accessUrl"][len(base):]] = data
    return {"body": body, "organizations": list(orgs.values()), "meetings": meetings,
            "papers": [p197, p310, p109], "files": files, "objects": c197}


def build(server) -> None:
    """Fill ``server`` (a :class:`tests.oparl.server.OParlServer`) with the whole system."""
    base = server.base
    system = example("System-01", base)
    system["otherOparlVersions"] = []
    bodies = [koeln(base), koblenz(base)]
    server.add_object("/", system)
    server.add_list("/bodies", [b["body"] for b in bodies])
    for b in bodies:
        server.add_object(b["body"]["id"], b["body"])
        server.add_list(b["body"]["organization"], b["organizations"])
        server.add_list(b["body"]["meeting"], b["meetings"])
        server.add_list(b["body"]["paper"], b["papers"])
        server.add_list(b["body"]["person"], [])
        for obj in b["objects"]:
            server.add_object(obj["id"], obj)
        for path, data in b["files"].items():
            server.files[path] = data
    for obj in [o for b in bodies for o in b["organizations"] + b["meetings"] + b["papers"]]:
        server.add_object(obj["id"], obj)


def copy_of(obj: dict) -> dict:
    return copy.deepcopy(obj)
