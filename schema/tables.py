"""Every table of the Ratsspur database, declared once: columns, keys, indexes and descriptions.

Names follow OParl 1.1 where OParl has a name (``papers.reference``, ``consultations``,
``organizations``, ``files``, ``bodies``). The descriptions here also become the Datasette
metadata, so a column is explained in exactly one place.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

# Columns every extracted fact carries: its paper, where it stands and what it quotes.
PROVENANCE = (
    ("paper_id", str, "The paper the fact was extracted from.", "papers.id"),
    ("file_id", str, "The file (by SHA-256) whose text holds the fact.", "files.id"),
    ("page", int, "Page of the file the fact is printed on (1 for text exports).", None),
    ("start", int, "Character offset where the quote starts in papers.text.", None),
    ("end", int, "Character offset where the quote ends in papers.text.", None),
    ("quote", str, "The text as printed: papers.text[start:end].", None),
)


@dataclass(frozen=True)
class Column:
    name: str
    type: type
    description: str
    references: Optional[str] = None  # "table.column" for a foreign key


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    pk: str = "id"
    # Each index is a tuple of columns; a column may end in " DESC" (`("status", "status_date DESC")`)
    # so that a query ordered that way reads the index in one direction instead of sorting.
    indexes: tuple[tuple[str, ...], ...] = ()
    label_column: Optional[str] = None
    facets: tuple[str, ...] = ()
    sort_desc: Optional[str] = None
    is_fact: bool = False

    @property
    def foreign_keys(self) -> list[tuple[str, str, str]]:
        return [(c.name, *c.references.split(".")) for c in self.columns if c.references]


def _cols(*specs) -> tuple[Column, ...]:
    return tuple(Column(*spec) for spec in specs)


def _fact_table(name, description, *specs, indexes=(), facets=(), label=None) -> Table:
    """A table of extracted facts: an id, the fact's own columns, then its provenance."""
    return Table(
        name=name,
        description=description,
        columns=_cols(("id", str, "Stable id: paper, kind and character span."), *specs, *PROVENANCE),
        indexes=(("paper_id",), ("file_id",), *indexes),
        facets=facets,
        label_column=label,
        is_fact=True,
    )


TABLES: tuple[Table, ...] = (
    Table(
        "runs",
        "One row per `ratsspur ingest` run: when, which version, what it saw and how long it took.",
        _cols(
            ("id", int, "Run number."),
            ("started", str, "When the run started (UTC, ISO 8601)."),
            ("finished", str, "When the run finished (UTC, ISO 8601)."),
            ("version", str, "Ratsspur version that ran."),
            ("inputs", str, "Files and folders the run was given (JSON list)."),
            ("files_seen", int, "Files found."),
            ("files_loaded", int, "Files read and loaded in this run."),
            ("files_unchanged", int, "Files skipped because their content hash was unchanged."),
            ("files_failed", int, "Files that produced an error row."),
            ("files_withdrawn", int, "Files no longer present, marked withdrawn."),
            ("facts", str, "Facts loaded in this run by kind (JSON object)."),
            ("bodies_linked", str, "Bodies whose papers the run linked: those it changed (JSON list)."),
            ("seconds", float, "Wall-clock duration of the run."),
        ),
        sort_desc="id",
    ),
    Table(
        "bodies",
        "Municipalities and districts that issue papers (OParl: Body).",
        _cols(
            ("id", str, "Short lower-case key, e.g. `leverkusen`."),
            ("name", str, "Canonical short name without Stadt/Gemeinde, e.g. `Leverkusen`."),
            ("oparl_id", str, "The body's OParl id (URL), when imported with `ratsspur oparl`."),
            ("web", str, "The body's page in its council information system (OParl: web)."),
            ("needs_link", int, "1 while papers of the body changed since it was last linked: set by "
                                "triggers on papers, cleared when the link stage has run for the body."),
        ),
        label_column="name",
    ),
    Table(
        "files",
        "Every file read from the corpus (OParl: File), identified by its content hash.",
        _cols(
            ("id", str, "SHA-256 of the file's bytes."),
            ("path", str, "Path of the file as given to the ingest command."),
            ("name", str, "File name."),
            ("mime_type", str, "Media type: application/pdf, text/plain or text/markdown."),
            ("size", int, "Size in bytes."),
            ("pages", int, "Number of pages (1 for text exports)."),
            ("encoding", str, "Text encoding of a text export (utf-8, cp1252, utf-16)."),
            ("paper_id", str, "The paper this file holds.", "papers.id"),
            ("status", str, "loaded, error or withdrawn (file no longer in the corpus)."),
            ("source", str, "Where the file came from (from the corpus' sources.csv), if recorded."),
            ("license", str, "Licence or legal basis of the file, if recorded."),
            ("run_id", int, "Run that last loaded this file.", "runs.id"),
            ("version", str, "Ratsspur version that extracted the file; a new version re-extracts it."),
        ),
        indexes=(("path",), ("paper_id",)),
        label_column="name",
        facets=("status", "mime_type"),
    ),
    Table(
        "papers",
        "Council papers (OParl: Paper): Vorlagen, Anträge, Anlagen, ... with their full text and "
        "status. Placeholder rows are papers known only because another paper cites them.",
        _cols(
            ("id", str, "Stable id: body and reference (`leverkusen:2021/1121`), or body and file hash."),
            ("body_id", str, "Issuing municipality.", "bodies.id"),
            ("body_source", str, "Where the body was read: text (letterhead, signature), pdf_metadata "
                                 "(the PDF's Creator/Author), corpus_index (sources.csv), oparl (the OParl "
                                 "Body that lists the paper, when the text names none) or unknown."),
            ("reference", str, "The paper's own number as printed (OParl: reference)."),
            ("slug", str, "URL-safe form of the reference, used by the trail page."),
            ("type", str, "Kind of paper as printed (Vorlage, Beschlussvorlage, Antrag, Anlage, ...)."),
            ("date", str, "The paper's own date (ISO 8601), not a meeting date."),
            ("subject", str, "Betreff / title (OParl: name)."),
            ("text", str, "The paper's cleaned full text; every fact's start/end points into it."),
            ("sha256", str, "SHA-256 of the source file."),
            ("file_id", str, "Main file of the paper.", "files.id"),
            ("parent_id", str, "For an Anlage: the paper it is attached to.", "papers.id"),
            ("parent_reference", str, "For an Anlage: the parent's number as printed on it."),
            ("attachment_label", str, "For an Anlage: its label as printed, e.g. `Anlage 4`."),
            ("attachment_of_title", str, "For an Anlage: the title of the paper it says it belongs to."),
            ("parent_link_method", str, "How the parent was found: printed_reference, oparl_auxiliary_file, "
                                   "title_and_label, title, listed_in_parent."),
            ("parent_link_confidence", float, "How sure the parent link is (0..1)."),
            ("placeholder", int, "1 when the paper is known only by reference from other papers."),
            ("status", str, "Life of its resolution: proposed, decided, amended, rescinded, withdrawn."),
            ("status_date", str, "Date of the latest status change, when known."),
            ("decided_on", str, "Date the resolution was taken (decision meeting or cited resolution date)."),
            ("rescinded_by", str, "Paper that rescinded this paper's resolution.", "papers.id"),
            ("amended_by", str, "Latest paper that amended this paper's resolution.", "papers.id"),
            ("withdrawn", int, "1 when the paper's file disappeared from the corpus (never deleted)."),
            ("oparl_id", str, "The paper's OParl id (URL), when imported with `ratsspur oparl`."),
            ("web", str, "The paper's page in its council information system (OParl: web)."),
            ("api_fields", str, "Columns filled from the OParl API because the text does not print "
                                "them (comma-separated, e.g. `body_id,date`); empty: all from the text."),
        ),
        # (reference): a trail looked up by number alone (canned query `spur`); (status,
        # status_date DESC, ...): rescinded resolutions newest first, read in order, not sorted.
        indexes=(("body_id", "reference"), ("body_id", "slug"), ("date",), ("parent_id",),
                 ("reference",), ("status", "status_date DESC", "body_id", "reference")),
        label_column="subject",
        facets=("body_id", "type", "status"),
        sort_desc="date",
    ),
    Table(
        "pages",
        "Pages of each file, with the span of papers.text they became and how the text was read.",
        _cols(
            ("id", str, "File hash and page number."),
            ("file_id", str, "The file.", "files.id"),
            ("paper_id", str, "The paper.", "papers.id"),
            ("number", int, "Page number, from 1."),
            ("start", int, "Where the page starts in papers.text."),
            ("end", int, "Where the page ends in papers.text."),
            ("method", str, "How the text was read: text (export), pdf (text layer) or ocr."),
            ("ocr_confidence", float, "Mean word confidence of OCR (0..100), when OCR was used."),
        ),
        indexes=(("paper_id",), ("file_id",)),
        facets=("method",),
    ),
    Table(
        "organizations",
        "Committees and councils that deal with papers (OParl: Organization).",
        _cols(
            ("id", str, "Body and committee name."),
            ("body_id", str, "Municipality the committee belongs to.", "bodies.id"),
            ("name", str, "Committee name as printed, line breaks repaired."),
            ("oparl_id", str, "The committee's OParl id (URL), when known from the OParl API."),
            ("web", str, "The committee's page in its council information system (OParl: web)."),
        ),
        indexes=(("body_id",),),
        label_column="name",
    ),
    _fact_table(
        "consultations",
        "The Beratungsfolge (consultation sequence): which committee deals with a paper when, and "
        "in which role (OParl: Consultation).",
        ("organization_id", str, "The committee.", "organizations.id"),
        ("organization", str, "Committee name as printed."),
        ("date", str, "Meeting date (ISO 8601)."),
        ("role", str, "Role as printed: Beratung, Vorberatung, Entscheidung, Kenntnisnahme, ..."),
        ("public", int, "1 öffentlich, 0 nichtöffentlich, empty when not printed."),
        ("result", str, "Result as printed, where printed."),
        ("agenda_item", str, "Agenda item (TOP), where printed."),
        indexes=(("date",), ("organization_id",)),
        facets=("role", "public"),
        label=None,
    ),
    _fact_table(
        "decisions",
        "Items of the Beschlussentwurf (draft resolution), one row per numbered item.",
        ("number", str, "Item number as printed (1, 2, a, ...)."),
        ("text", str, "The item's text with line breaks and hyphenation repaired."),
    ),
    _fact_table(
        "amounts",
        "Sums of money with their role in the measure (cost, funding, own share, savings, ...).",
        ("value", str, "Amount in euros as a decimal string with two decimals."),
        ("value_cents", int, "Amount in euro cents, for sums and sorting."),
        ("currency", str, "Currency (EUR)."),
        ("role", str, "cost, funding, own_share, savings, refund, revenue or other."),
        ("qualifier", str, "approx (ca., rund), max (bis zu), min (mindestens), or empty."),
        ("period", str, "year when the sum is per year (p.a., jährlich), else empty."),
        ("per_unit", str, "Unit the sum is per, e.g. Stelle."),
        ("range_end_cents", int, "Upper end of a range (10.000 bis 15.000 €), in cents."),
        indexes=(("role",), ("value_cents",)),
        facets=("role", "qualifier"),
    ),
    _fact_table(
        "dates",
        "Calendar dates mentioned in papers.",
        ("date", str, "ISO 8601 date."),
        ("precision", str, "day, month or year."),
        indexes=(("date",),),
        facets=("precision",),
    ),
    _fact_table(
        "references",
        "References from a paper to other papers, resolutions, laws and attachments, with their "
        "relation (rescinds, amends, based_on, mentions). Quote the table name in SQL: \"references\".",
        ("target_kind", str, "paper, resolution, law or attachment."),
        ("target", str, "Target as printed: paper number, `§ 9 TIntG`, `Anlage 3`; empty for a resolution known by date."),
        ("target_paper_id", str, "The cited paper, resolved within the same body (may be a placeholder).", "papers.id"),
        ("relation", str, "rescinds, amends, based_on or mentions."),
        ("resolution_date", str, "Date of the resolution named with the target (ISO 8601)."),
        indexes=(("target_paper_id",), ("target_kind", "target")),
        facets=("target_kind", "relation"),
    ),
    _fact_table(
        "positions",
        "Staffing: posts (Stellen) and full-time equivalents (VZÄ) mentioned in papers.",
        ("count", float, "Number of posts or VZÄ."),
        ("unit", str, "Stelle or VZÄ."),
        ("description", str, "What kind of post, where printed."),
        ("permanent", int, "1 unbefristet, 0 befristet, empty when not printed."),
        facets=("unit",),
    ),
    _fact_table(
        "entities",
        "Named organisations, programmes, committees and signing persons.",
        ("label", str, "ORG, PROGRAMME, COMMITTEE, PERSON, AUTHORITY."),
        ("name", str, "Canonical name."),
        indexes=(("label", "name"),),
        facets=("label", "name"),
    ),
    _fact_table(
        "sections",
        "Titled parts of each paper (Betreff, Beschlussentwurf, Begründung, Finanzielle Auswirkungen).",
        ("name", str, "Canonical section key: subject, resolution, reasoning, finance, ..."),
        ("heading", str, "Heading as printed."),
        ("body_start", int, "Where the section's body starts in papers.text."),
        ("body_end", int, "Where the section's body ends in papers.text."),
        facets=("name",),
    ),
    Table(
        "commitments",
        "What a body commits to or withdraws in a programme (fund extra cost, create posts, rescind), "
        "derived from decisions, amounts and references at link time. A commitment of a paper known "
        "only by reference is read from the later paper that reports it (source_paper_id).",
        _cols(
            ("id", str, "Paper and commitment kind (`leverkusen:2021/1121#cover_extra_cost`); a second "
                        "commitment of the same kind in one paper gets `-2`."),
            ("body_id", str, "Municipality.", "bodies.id"),
            ("paper_id", str, "Paper whose resolution makes or withdraws the commitment.", "papers.id"),
            ("programme", str, "Programme key from the programme configuration, e.g. KIM."),
            ("action", str, "commit or withdraw."),
            ("kind", str, "What is committed: cover_extra_cost, cover_total_cost, create_posts, rescind."),
            ("date", str, "Date of the resolution (decision date, else paper date)."),
            ("date_basis", str, "Where the date comes from: decision_meeting (Beratungsfolge, role "
                                "Entscheidung), decided_on (papers.decided_on: a later paper cites the "
                                "resolution's date), named_meeting (the resolution names the council "
                                "meeting), last_consultation, reported_date (date in the reporting "
                                "sentence) or paper_date."),
            ("amount_cents", int, "Sum in cents (own share, savings, ...), where the paper states one."),
            ("amount_role", str, "Role of that sum: own_share, savings, cost, funding."),
            ("amount_qualifier", str, "approx, max or min when the sum is not exact (ca., bis zu)."),
            ("period", str, "year when the sum is per year."),
            ("from_year", int, "First year the commitment applies, where printed."),
            ("posts", float, "Posts committed, where printed."),
            ("posts_permanent", int, "1 unbefristet, 0 befristet, empty when not printed."),
            ("condition", str, "Condition the commitment depends on, as printed "
                               "(`sollte das Programm ... beendet werden`)."),
            ("status", str, "active, rescinded or amended, as of the latest paper in the corpus."),
            ("ended_by", str, "Paper that rescinded or amended the commitment.", "papers.id"),
            ("ended_on", str, "Date of the resolution that rescinded or amended it."),
            ("ended_by_commitment", str, "The withdrawing commitment (kind rescind) that ended it."),
            ("decision_id", str, "Decision item that states the commitment.", "decisions.id"),
            ("amount_id", str, "Amount the sum comes from (empty when read from a reporting paper).",
             "amounts.id"),
            ("source_paper_id", str, "Paper whose text states the commitment: the paper itself, or a "
                                     "later paper reporting the resolution.", "papers.id"),
            ("page", int, "Page of the source paper the statement is printed on."),
            ("start", int, "Where the statement starts in the source paper's text."),
            ("end", int, "Where the statement ends in the source paper's text."),
            ("quote", str, "The statement as printed: the decision item or the reporting sentence."),
        ),
        indexes=(("body_id", "programme", "date"), ("paper_id",), ("source_paper_id",), ("ended_by",)),
        facets=("programme", "action", "kind", "status"),
        sort_desc="date",
    ),
    # --- derived at link time for the canned queries (pipeline/link.py), rebuilt on every run ---
    Table(
        "programmes",
        "The funding programmes Ratsspur follows, as configured (extractors/data/programmes.yml or "
        "$RATSSPUR_PROGRAMMES) when the papers were last linked. Their names and abbreviations are "
        "what the entities and commitments recognise in the text.",
        _cols(
            ("id", str, "Programme key, e.g. KIM (commitments.programme, paper_programmes.programme)."),
            ("name", str, "Canonical name, e.g. Kommunales Integrationsmanagement (entities.name)."),
            ("names", str, "Written-out names recognised in the text, case endings allowed (JSON list)."),
            ("abbreviations", str, "Short forms recognised as printed, case included (JSON list)."),
            ("funder", str, "Who pays the programme's grants."),
            ("laws", str, "Statute sections the programme rests on (JSON list), e.g. `§ 9 TIntG`."),
        ),
        label_column="name",
    ),
    Table(
        "paper_programmes",
        "Which paper names which programme: one row per paper and programme its text names (the "
        "PROGRAMME entities), with the paper's body, date and number copied in so that a programme's "
        "papers can be listed in order, or newest first, straight from an index.",
        _cols(
            ("id", str, "Paper and programme key (`leverkusen:2021/1121#KIM`)."),
            ("paper_id", str, "The paper.", "papers.id"),
            ("programme", str, "Programme key (programmes.id); the name as extracted when the "
                               "configuration no longer lists it."),
            ("name", str, "The programme's canonical name (entities.name)."),
            ("body_id", str, "The paper's municipality (papers.body_id).", "bodies.id"),
            ("date", str, "The paper's date (papers.date)."),
            ("reference", str, "The paper's number (papers.reference)."),
            ("updated", str, "The paper's date, else the day its file was loaded: when it counts as "
                             "new in a feed."),
            ("mentions", int, "How often the paper names the programme."),
            ("page", int, "Page of the first mention."),
            ("start", int, "Where the first mention starts in papers.text."),
            ("end", int, "Where the first mention ends in papers.text."),
            ("quote", str, "The first mention as printed, e.g. `KIM` or `Kommunalen Integrationsmanagements`."),
        ),
        indexes=(("programme", "body_id", "date", "reference", "paper_id"),
                 ("updated", "programme", "paper_id"), ("paper_id",)),
        facets=("programme",),
        sort_desc="updated",
    ),
    Table(
        "amount_totals",
        "Sums of the amounts named in the papers by municipality, year of the paper and role, "
        "recomputed from the amounts table at link time (the view amounts_by_body_year_role reads it).",
        _cols(
            ("id", str, "Body, year and role (`leverkusen:2024:cost`)."),
            ("body_id", str, "Municipality.", "bodies.id"),
            ("year", str, "Year of the paper's date (null when the paper has no date)."),
            ("role", str, "Role of the amounts: cost, funding, own_share, savings, refund, revenue, other."),
            ("mentions", int, "Number of amounts (a sum named twice counts twice)."),
            ("total_cents", int, "Sum of the amounts in euro cents."),
        ),
        indexes=(("body_id", "year", "role"),),
        facets=("role",),
    ),
    Table(
        "errors",
        "Files that could not be read or loaded, with a message for people. Nothing else is lost.",
        _cols(
            ("id", str, "File hash (or path hash when unreadable) and stage."),
            ("run_id", int, "Run that met the error.", "runs.id"),
            ("path", str, "Path of the file."),
            ("file_id", str, "File hash, when the file could be read at all."),
            ("stage", str, "read, normalize, extract, load, link, or oparl (fetching from an OParl API)."),
            ("error", str, "Kind of problem: empty, corrupt, encrypted, not_a_paper, encoding, too_large, timeout, ..."),
            ("message", str, "What went wrong, in words a journalist understands."),
        ),
        indexes=(("path",), ("run_id", "path")),
        facets=("stage", "error"),
    ),
)

# --- OParl import (`ratsspur oparl`): what the API said, next to what the text says ----------

OPARL_TABLES: tuple[Table, ...] = (
    Table(
        "oparl_sync",
        "Where each OParl list (papers, meetings, organizations of a body) stands: the "
        "modified_since of the next incremental sync and the page an interrupted sync resumes from.",
        _cols(
            ("id", str, "The list's URL."),
            ("body_id", str, "Municipality the list belongs to.", "bodies.id"),
            ("body", str, "OParl id (URL) of the body."),
            ("list", str, "organization, meeting or paper."),
            ("since", str, "modified_since of the current (or last) run; empty: a full sync."),
            ("watermark", str, "modified_since for the next run: one second past the newest `modified` "
                               "seen, capped at the server's time when the run began."),
            ("next_url", str, "Page to fetch next; empty when the last run finished the list."),
            ("status", str, "running, complete or failed."),
            ("started", str, "When the current (or last) run of the list began (UTC)."),
            ("finished", str, "When the list was last synced completely (UTC)."),
            ("pages", int, "Pages fetched in the current (or last) run."),
            ("objects", int, "Objects received in the current (or last) run."),
            ("error", str, "Why the last run of the list failed, in words."),
        ),
        indexes=(("body_id",),),
        facets=("list", "status"),
    ),
    Table(
        "oparl_objects",
        "Every object received from an OParl API, as sent (raw JSON), embedded objects included, "
        "with the vendor quirks met and the Ratsspur paper it belongs to.",
        _cols(
            ("id", str, "OParl id (URL)."),
            ("type", str, "Short type: Body, Organization, Meeting, AgendaItem, Paper, Consultation, File, ..."),
            ("body_id", str, "Municipality.", "bodies.id"),
            ("paper_id", str, "The Ratsspur paper a Paper, File or Consultation maps to.", "papers.id"),
            ("parent", str, "OParl id of the object this one was embedded in, if any."),
            ("name", str, "Name with HTML removed (OParl: name)."),
            ("web", str, "Page in the council information system (OParl: web)."),
            ("created", str, "OParl: created, as sent."),
            ("modified", str, "OParl: modified, as sent."),
            ("deleted", int, "1 when the API marks the object deleted."),
            ("sha256", str, "Hash of the JSON as sent: a change with an unchanged `modified` is still seen."),
            ("status", str, "For papers: pending (files and mapping to do) or mapped."),
            ("quirks", str, "Vendor quirks met in this object (JSON list), e.g. missing_type, html_in_name."),
            ("raw", str, "The object as sent (JSON)."),
            ("fetched", str, "When it was last received (UTC)."),
            ("run_id", int, "Run that last received it.", "runs.id"),
        ),
        indexes=(("type", "body_id"), ("paper_id",), ("parent",), ("status",)),
        label_column="name",
        facets=("type", "body_id", "status"),
    ),
    Table(
        "oparl_files",
        "Files of OParl papers (mainFile, auxiliaryFile): where they were downloaded from and what "
        "became of them in the Ratsspur pipeline. Resumes an interrupted sync file by file.",
        _cols(
            ("id", str, "OParl id (URL) of the file."),
            ("oparl_paper", str, "OParl id (URL) of the paper listing the file."),
            ("role", str, "main (OParl: mainFile) or auxiliary (OParl: auxiliaryFile)."),
            ("body_id", str, "Municipality.", "bodies.id"),
            ("name", str, "OParl: name, HTML removed."),
            ("file_name", str, "OParl: fileName."),
            ("mime_type", str, "OParl: mimeType."),
            ("declared_size", int, "OParl: size, as declared by the API."),
            ("access_url", str, "OParl: accessUrl."),
            ("download_url", str, "OParl: downloadUrl."),
            ("modified", str, "OParl: modified, as sent."),
            ("status", str, "pending, downloaded, loaded, failed (download; retried next run), too_large, "
                               "unsupported (file type), not_a_paper or unreadable (see errors)."),
            ("error", str, "What went wrong, in words."),
            ("attempts", int, "Download attempts over all runs."),
            ("path", str, "Where the download is kept (the files.path of the loaded file)."),
            ("file_id", str, "The downloaded file (SHA-256).", "files.id"),
            ("paper_id", str, "The Ratsspur paper the file became (an Anlage is a paper of its own).", "papers.id"),
        ),
        indexes=(("oparl_paper",), ("status",), ("file_id",)),
        label_column="name",
        facets=("role", "status", "mime_type"),
    ),
    Table(
        "oparl_consultations",
        "The Beratungsfolge as the OParl API states it (OParl: Consultation), next to the one read "
        "from the text (table consultations); view consultations_compared shows both.",
        _cols(
            ("id", str, "OParl id (URL) of the consultation."),
            ("paper_id", str, "The Ratsspur paper.", "papers.id"),
            ("oparl_paper", str, "OParl id (URL) of the paper."),
            ("organization_id", str, "The committee, same key as in consultations.", "organizations.id"),
            ("organization", str, "Committee name from the API."),
            ("meeting", str, "OParl id (URL) of the meeting."),
            ("meeting_name", str, "Name of the meeting."),
            ("date", str, "Day the meeting starts (ISO 8601)."),
            ("role", str, "Role from the API: Beratung, Vorberatung, Entscheidung, Kenntnisnahme, ..."),
            ("authoritative", int, "1 when the meeting decides the paper (OParl: authoritative)."),
            ("agenda_item", str, "Number of the agenda item (TOP), from the meeting."),
            ("public", int, "1 public, 0 closed, from the agenda item."),
            ("result", str, "Result from the agenda item."),
            ("web", str, "Page in the council information system."),
        ),
        indexes=(("paper_id",), ("organization_id",), ("date",)),
        facets=("role", "authoritative"),
        sort_desc="date",
    ),
    Table(
        "discrepancies",
        "Where the OParl API and the paper's printed text disagree (reference, date, body): both "
        "values are kept, neither overwrites the other; papers shows the printed one.",
        _cols(
            ("id", str, "Paper and field."),
            ("paper_id", str, "The Ratsspur paper.", "papers.id"),
            ("oparl_id", str, "OParl id (URL) of the paper."),
            ("field", str, "reference, date or body_id."),
            ("api_value", str, "What the OParl API says."),
            ("text_value", str, "What the paper's text says (the value in papers)."),
        ),
        indexes=(("paper_id",),),
        facets=("field",),
    ),
)
# Papers waiting for their full-text entry (see schema.write_full_text).
FULL_TEXT_QUEUE = Table(
    "fts_pending",
    "Papers whose full-text entry (papers_fts) is still to be written. Storing a paper queues it; "
    "the end of each `ratsspur ingest`, OParl sync and `ratsspur link` writes the queue in one go, "
    "a third cheaper than one entry per paper. Empty after every completed run; a run that stopped "
    "leaves it for the next.",
    _cols(("paper_rowid", int, "The paper's rowid in papers, which is its key in papers_fts.")),
    pk="paper_rowid",
)
TABLES = TABLES + OPARL_TABLES + (FULL_TEXT_QUEUE,)

TABLES_BY_NAME = {table.name: table for table in TABLES}
FACT_TABLES = tuple(t for t in TABLES if t.is_fact)
# Tables that pipeline.link.derive_query_tables recomputes from the others in SQL on every link.
QUERY_TABLES = ("programmes", "paper_programmes", "amount_totals")

# Full-text search: trigram tokenizer so that `Haushalt` finds `Haushaltssatzung` (unicode61 does not).
FTS = {"papers": ("subject", "text")}
FTS_TOKENIZE = "trigram"
