"""References from a paper to other things: papers, resolutions, laws, its own attachments.

``extract(text, sections=(), own_reference=None)`` returns one :class:`Reference` per mention,
with its span; ``merge(references)`` collapses them to one entry per target (the form the gold
files and the database hold). Four kinds of target (``Reference.target_kind``):

- ``paper``: another paper by its number (``Vorlage Nr. 2021/1121``, ``vgl. Drucksache 0815/2022``,
  ``Vorlagen Nr. 2021/1121 und 2022/1410``, ``am 13.12.2019 (BV/0970/2019) beschlossen``). The
  shapes of numbers live in :mod:`extractors.paper_numbers`. ``date`` is the date of the
  resolution named with it (``Ratsbeschluss vom 13.12.2021 zur Vorlage Nr. 2021/1121`` and
  ``zur Vorlage Nr. 2021/1121 vom 13.12.2021``). The paper's own number (``own_reference``) is
  skipped.
- ``resolution``: a resolution known only by its date (``Ratsbeschluss vom 18.12.2017``);
  ``target`` is None. ``merge`` folds it into a paper reference with the same date.
- ``law``: a statute section normalised as ``§ N ABBREV`` / ``Art. N ABBREV``, found by
  :mod:`extractors.laws` (abbreviations through ``refex``, law names through ``data/laws.yml``).
  A section whose law cannot be named (``§ 5 (7)`` of a contract) is not returned.
- ``attachment``: an attachment of this paper (``siehe Anlage 2``, ``(Anlage 3)``,
  ``Rahmenkonzept, Anlage 4``). A title such as ``Anlage 4 zum Beschlussentwurf`` names the paper
  itself, not an attachment of it, and is skipped.

Relation: the cue nearest to the target in the same clause decides (``rescinds``: Aufhebung,
aufgehoben; ``amends``: Änderung, geändert, ergänzt; ``based_on``: auf Grundlage, gemäß, in
Umsetzung, auf Basis); no cue → ``mentions``; see :mod:`extractors.reference_relations`. ``merge``
keeps the strongest per target.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Optional, Sequence

import regex

from extractors import dates, laws, paper_numbers
from extractors.facts import Reference, Section
from extractors.lines import lines_below, table_cells
from extractors.reference_relations import RELATION_RANK, Clauses, Cues

# ---------------------------------------------------------------------------------------------
# Resolutions: "Ratsbeschluss vom 18.12.2017", "Beschluss des Gemeinderats vom 12.05.2020",
# "Ratsbeschlüsse vom 13.12.2021 und vom 04.04.2022", "mit seinem Beschluss (BV/0777/2019) vom
# 14.11.2019", "hat in seiner Sitzung am 13.12.2019 (BV/0970/2019) beschlossen".
# ---------------------------------------------------------------------------------------------

_DATE = rf"(?i:{dates.DATE.pattern})"  # month names match in any case, the rest stays case-sensitive
_WS = r"[ \t]*\n?[ \t]*"  # one printed line break allowed between words
# Resolutions of bodies that are not the council: not references to council decisions.
NOT_COUNCIL = r"(?:Kabinetts|Bundestags|Landtags|Bundesrats|Gerichts|Vorstands|Aufsichtsrats)"
RESOLUTION = regex.compile(
    rf"""
    \b(?!{NOT_COUNCIL})(?P<word>[\p{{Lu}}][\p{{L}}-]*?[Bb]eschl(?:uss(?:es)?|üssen?)|Beschl(?:uss(?:es)?|üssen?))\b
    (?:[ \t]+Nr\.?[ \t]*\d{{1,5}}(?![\w/]))?   # a resolution's own serial: "Beschluss Nr. 0412 der ..."
    (?:{_WS}(?:des|der){_WS}(?!Landesregierung|Bundesregierung|Landtags|Bundestags|Kabinetts)
        (?P<org>\p{{Lu}}[\p{{L}}-]*(?:[ ](?:für|der|des|und|[\p{{Lu}}][\p{{L}}-]*)){{0,6}}?))?
    (?:{_WS}\([ \t]*(?P<paren>[^()\n]{{3,30}})\))?
    {_WS}(?:vom|am){_WS}(?P<dates>(?:{_DATE})(?:{_WS}(?:,|und|sowie){_WS}(?:vom{_WS}|am{_WS})?(?:{_DATE}))*)
    """,
    regex.VERBOSE,
)
# "in seiner Sitzung am 13.12.2019 ... beschlossen", "Der Rat ... hat am 13.12.2021 ... beschlossen",
# "Am 04.04.2022 hat der Rat beschlossen": a date of a session whose clause reports a resolution.
SESSION_DATE = regex.compile(
    rf"(?:\bSitzung{_WS}(?:am|vom)|\bhat{_WS}am|(?:^|(?<=[\s(]))Am"
    # "hat der Gemeinderat am 26.07.2022 ... gefasst", "wurde vom Rat am 13.12.2021 beschlossen"
    rf"){_WS}(?P<dates>{_DATE})",
    regex.VERBOSE,
)
RESOLVED_ON = regex.compile(rf"\b(?:beschlossen|gefasst|verabschiedet){_WS}(?:am|vom){_WS}(?P<dates>{_DATE})", regex.VERBOSE)
# "hat der Gemeinderat am 26.07.2022 … gefasst", "wurde vom Rat am 13.12.2021 beschlossen": a body's
# session, searched from its "am" (a literal: fast), the body checked before it.
BODY_SESSION = regex.compile(rf"\bam{_WS}(?P<dates>{_DATE})", regex.VERBOSE)
BODY_BEFORE = regex.compile(r"(?:[Rr]at|[Tt]ag|versammlung|ausschuss|vertretung|Bürgerschaft|Senat|Magistrat|vorstand)"
                            r"[ \t]+$")
RESOLVED_WORDS = ("beschlossen", "gefasst", "verabschiedet")
SESSION_WINDOW = 400  # characters around the date searched for the verb and the body
RESOLVED_VERB = regex.compile(r"\b(?:beschlossen|beschloss|beschlossene[nrms]?|\w*[Bb]eschluss\s+gefasst"
                           r"|zugestimmt|genehmigt|gebilligt|verabschiedet|entschieden)\b")
# Councils and their committees: "Rat", "Stadtrat", "Ortsgemeinderat", "Marktgemeinderat", "Kreistag",
# "Magistrat", "Stadtverordnetenversammlung", "Bezirksvertretung", "Kreisausschuss"; not a company's
# or staff's council ("Aufsichtsrat", "Personalrat"), an official ("Landrat") or an advisory board.
COUNCIL_BODY = regex.compile(
    r"\b(?:Rat(?:es)?|(?!Aufsichts|Land|Bundes|Betriebs|Personal|Bei|Verwaltungs|Senioren|Jugend|Integrations)"
    r"\p{Lu}\p{L}*rat|Kreistag|Bezirkstag|Magistrat|Gemeindevorstand|Bürgerschaft"
    r"|(?:Stadtverordneten|Bezirksverordneten|Rats|Verbands|Gemeinde)versammlung"
    r"|(?:Gemeinde|Stadt|Bezirks)vertretung|\p{Lu}\p{L}*ausschuss|Ausschuss)\b"
)
BESCHLUSS_WORD = regex.compile(r"[Bb]eschl(?:uss|üsse)")
_ORG_FROM_WORD = {
    "rats": "Rat", "stadtrats": "Stadtrat", "gemeinderats": "Gemeinderat", "kreistags": "Kreistag",
    "ausschuss": "Ausschuss", "bezirksvertretungs": "Bezirksvertretung",
}


class _Resolution:
    """A resolution phrase: its span, its dates (with spans) and who resolved, if printed."""

    def __init__(self, start: int, end: int, dated: list[tuple[int, int, object]],
                 organization: Optional[str], session: bool = False, after_paper: bool = False):
        self.start, self.end, self.dated, self.organization = start, end, dated, organization
        self.session = session  # a session's date in a clause that reports a resolution
        self.after_paper = after_paper  # "X – Titel, beschlossen am D": the participle follows its paper
        self.used = False


def _dates_in(text: str, start: int, end: int) -> list[tuple[int, int, object]]:
    """(start, end, date) of every valid date in ``text[start:end]``."""
    out = []
    for m in dates.DATE.finditer(text, start, end):
        day = dates.parse_date_text(m.group(0))
        if day is not None:
            out.append((m.start(), m.end(), day))
    return out


def _nominative(word: str) -> str:
    """Genitive of a council body back to its name: "Rates" → "Rat", "Ausschusses" → "Ausschuss"."""
    if word.endswith("sses") or (word.endswith("es") and len(word) > 4):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


_BESCHLUSS_SUFFIX = regex.compile(r"(?i)beschl(?:uss(?:es)?|üssen?)$")


def _organization(m: regex.Match) -> Optional[str]:
    """Who resolved: "Beschluss des Rates der Stadt" → "Rat der Stadt", "Kreistagsbeschluss" → "Kreistag"."""
    if m.group("org"):
        first, _, rest = " ".join(m.group("org").split()).partition(" ")
        return f"{_nominative(first)} {rest}".strip()
    prefix = _BESCHLUSS_SUFFIX.sub("", m.group("word")).lower()
    return _ORG_FROM_WORD.get(prefix)


def _resolutions(text: str, clauses: Clauses) -> list[_Resolution]:
    found: list[_Resolution] = []
    for m in RESOLUTION.finditer(text):
        dated = _dates_in(text, m.start("dates"), m.end("dates"))
        if dated:
            found.append(_Resolution(m.start(), m.end(), dated, _organization(m)))
    resolved_on = RESOLVED_ON.finditer(text) if any(word in text for word in RESOLVED_WORDS) else ()
    for m in resolved_on:  # "beschlossen am 14.12.2022": the verb says it
        if not any(r.start <= m.start("dates") < r.end for r in found):
            dated = _dates_in(text, m.start("dates"), m.end("dates"))
            if dated:
                found.append(_Resolution(m.start("dates"), m.end(), dated, None, session=True, after_paper=True))
    sessions = [m for m in BODY_SESSION.finditer(text) if BODY_BEFORE.search(text, max(0, m.start() - 40), m.start())]
    for m in sorted([*SESSION_DATE.finditer(text), *sessions], key=lambda m: m.start()):
        if any(r.start <= m.start("dates") < r.end for r in found):
            continue
        clause_start, clause_end = clauses.span(m.start())
        window = (max(clause_start, m.start() - SESSION_WINDOW), min(clause_end, m.end() + SESSION_WINDOW))
        body = COUNCIL_BODY.search(text, *window)
        if body and RESOLVED_VERB.search(text, *window):
            dated = _dates_in(text, m.start("dates"), m.end("dates"))
            if dated:
                found.append(_Resolution(m.start("dates"), m.end(), dated, body.group(0), session=True))
    return sorted(found, key=lambda r: r.start)


# ---------------------------------------------------------------------------------------------
# Papers
# ---------------------------------------------------------------------------------------------

# Between a resolution and its paper: "vom 13.12.2021 zur Vorlage", "... zu den Vorlagen",
# "vom 12.05.2020 (Vorlage", "am 13.12.2019 (BV/...)".
RESOLUTION_TO_PAPER = regex.compile(
    r"[\s,]*(?:TOP[ \t]*\d{1,3}(?:\.\d{1,2})?[\s,]*)?"  # "vom 12.05.2020, TOP 5 (Drs. 123/2020)"
    r"(?:\(|zu[rm]?\b|zu\s+den\b|betreffend\b|für\b|über\b)?[\s(]*")
# Between papers of one list: "2021/1121 „Titel“ und zur Vorlage Nr. 2022/1410".
LIST_GAP = regex.compile(
    r"[\s)]*(?:„[^“”\n]{0,200}[“”]|\"[^\"\n]{0,200}\")?"  # the first paper's title
    r"[\s,]*(?:und|sowie|bzw\.|oder|,)[\s(]*(?:zu[rm]?\b|zu\s+den\b)?\s*"
)
# Between papers of one list, each after its own date: "Die Beschlüsse des Gemeinderats vom
# 25.07.2017 (V345/2017) und vom 17.12.2019 (V612/2019)": the date belongs to the next paper.
DATED_LIST_GAP = regex.compile(
    rf"[ \t]*\)?{_WS}(?:,|und|sowie){_WS}vom{_WS}(?P<date>{_DATE}){_WS}\([ \t]*", regex.VERBOSE
)
# After a paper: "zur Vorlage Nr. 2021/1121 vom 13.12.2021" (a resolution date when a Beschluss
# word precedes in the clause), possibly after the paper's title in quotes.
PAPER_THEN_DATE = regex.compile(
    rf"[ \t]*\)?(?:{_WS}„[^“”\n]{{0,200}}[“”])?{_WS}vom{_WS}(?P<date>{_DATE})", regex.VERBOSE
)


BRACKET_AFTER = regex.compile(r"[ \t]*\([ \t]*|[ \t]*,[ \t]*\n?[ \t]*")
TITLED_BRACKET_AFTER = regex.compile(r"[ \t]+[^()\n;.]{1,80}?[ \t]*\([ \t]*(?=Beschl|\w*beschl)")
RESOLUTION_PAPER_GAP = 120  # characters from a resolution's date to its paper later in the clause
PAPER_SESSION_GAP = 60  # characters from a paper to the date of the session that decided it
PAPER_PARTICIPLE_GAP = 160  # from a paper to "beschlossen am" after its title


def _linked_to(resolution: _Resolution, linked: list[Optional[tuple]]) -> bool:
    """A paper is linked to ``resolution`` already (it is marked ``used`` only at the end)."""
    return any(link is not None and link[0] is resolution for link in linked)


def _link_resolutions(text: str, papers: list[paper_numbers.NumberMatch],
                      resolutions: list[_Resolution], clauses: Clauses) -> list[Optional[tuple]]:
    """For each paper, ``(resolution phrase, index of the paper's date in it)`` or None; linked
    phrases are marked ``used`` so they are not returned as resolutions of their own."""
    linked: list[Optional[tuple[_Resolution, int]]] = [None] * len(papers)
    # 1. A resolution phrase holding the number in parentheses: "Beschluss (BV/0777/2019) vom ...".
    for i, p in enumerate(papers):
        for r in resolutions:
            if r.start <= p.number_start < r.end:
                linked[i] = (r, 0)
    # 2. A resolution phrase right before a list of papers; its dates pair with the papers:
    # "Ratsbeschlüsse vom 13.12.2021 und vom 04.04.2022 zu den Vorlagen Nr. 2021/1121 und ... 2022/1410".
    for r in resolutions:
        if r.after_paper:
            continue  # "…, beschlossen am 06.07.2022⏎2023/BV/3988 – …": the date is the paper's above
        chain: list[int] = []
        pos = r.end
        for i, p in enumerate(papers):
            if p.start < pos or linked[i] is not None:
                continue
            gap = RESOLUTION_TO_PAPER if not chain else LIST_GAP
            if not gap.fullmatch(text, pos, p.start):
                dated = DATED_LIST_GAP.fullmatch(text, pos, p.start) if chain else None
                when = dates.parse_date_text(dated.group("date")) if dated else None
                if when is None:
                    break
                start, end = dated.span("date")  # "... und vom 17.12.2019 (V612/2019)"
                linked[i] = (_Resolution(start, end, [(start, end, when)], r.organization), 0)
                pos = p.end
                continue
            chain.append(i)
            pos = p.end
        for k, i in enumerate(chain):  # pairwise; a single date covers the whole list
            linked[i] = (r, min(k, len(r.dated) - 1))
    # 3. "Ratsbeschlüsse zur Vorlage Nr. 2021/1121 vom 13.12.2021": the date follows the paper; it
    # is a resolution's date when a Beschluss word precedes the paper in the same clause.
    for i, p in enumerate(papers):
        if linked[i] is not None:
            continue
        m = PAPER_THEN_DATE.match(text, p.end)
        if m and BESCHLUSS_WORD.search(text, clauses.span(p.start)[0], p.number_start):
            when = dates.parse_date_text(m.group("date"))
            if when is not None:
                start, end = m.span("date")
                linked[i] = (_Resolution(start, end, [(start, end, when)], None), 0)
                for r in resolutions:  # the date is this paper's, not a separate resolution
                    if r.start <= m.start("date") < r.end:
                        r.used = True
    # 4. A resolution in brackets or after a comma right after its paper: "Die Sitzungsvorlage Nr.
    # 21-V-50-0034 (Beschluss Nr. 0412 der Stadtverordnetenversammlung vom 16. September 2021)",
    # "(Vorlage 20/0611/XVII/2023, Ratsbeschluss vom 15.12.2023)", "Vorlage 230/2020 Klimaschutzprogramm
    # 2020–2030 (Beschluss vom 29.10.2020)" (a short title between).
    for i, p in enumerate(papers):
        if linked[i] is not None:
            continue
        bracket = BRACKET_AFTER.match(text, p.end) or TITLED_BRACKET_AFTER.match(text, p.end)
        if bracket:
            for r in resolutions:
                if r.start == bracket.end() and not r.used and not _linked_to(r, linked):
                    linked[i] = (r, 0)
    # 5. "2022/BV/3210 – Brandschutzbedarfsplan …, beschlossen am 06.07.2022": the participle and its
    # date follow their paper and its title.
    for r in resolutions:
        if not r.after_paper or r.used or _linked_to(r, linked):
            continue
        clause_start = clauses.span(r.start)[0]
        before = [i for i, p in enumerate(papers) if clause_start <= p.number_start and p.end <= r.start
                  and r.start - p.end <= PAPER_PARTICIPLE_GAP]
        if before and linked[before[-1]] is None:
            linked[before[-1]] = (r, 0)
    # 6. A paper later in the clause of a resolution: "Der Beschluss des Kreistags vom 13.03.2023 über
    # den Hebesatz (Vorlage 2023/099)", "Der Kreistag hat am 15.05.2023 die Planung beschlossen (Vorlage
    # 2023/0101)", "Der Rat hat in seiner Sitzung am 26.01.2023 die Vorlage 2022/1187 beschlossen".
    for i, p in enumerate(papers):
        if linked[i] is not None:
            continue
        clause_start = clauses.span(p.start)[0]
        before = [r for r in resolutions if not r.used and clause_start <= r.start and r.end <= p.start
                  and p.start - r.end <= RESOLUTION_PAPER_GAP
                  and not any(r.end <= q.start < p.start for q in papers)
                  and not _linked_to(r, linked)]
        if before:
            linked[i] = (before[-1], len(before[-1].dated) - 1)
    # 7. A paper just before the session that decided it: "Mit Drucksache G-22/087 hat der Gemeinderat
    # am 26.07.2022 den Planungsbeschluss gefasst", "Die Vorlage 2021/1121 wurde vom Rat am ... beschlossen".
    for i, p in enumerate(papers):
        if linked[i] is not None:
            continue
        clause_end = clauses.span(p.start)[1]
        for r in resolutions:
            if (r.session and not r.used and p.end <= r.start <= min(clause_end, p.end + PAPER_SESSION_GAP)
                    and not any(p.end <= q.start < r.start for q in papers)
                    and not _linked_to(r, linked)):
                linked[i] = (r, 0)
                break
    for link in linked:
        if link is not None:
            link[0].used = True
    return linked


# "Anlage 2 zur Vorlage 2021/1121", "... Anlage 1 zu BV/0197/2026" in the first lines: the paper
# this attachment belongs to (its parent), not a reference.
PARENT_TITLE = regex.compile(
    rf"\bAnlage[ \t]*\d{{1,2}}[a-z]?[ \t]*(?:zu[rm]?|zu[ \t]+(?:der|dem))[ \t]+"
    rf"(?:{paper_numbers.LABEL.pattern}[ \t]*)?"
    rf"(?P<number>{paper_numbers.NUMBER_BODY})",
    regex.VERBOSE,
)
HEADER_LINES = 5


def _parent_spans(text: str) -> list[tuple[int, int]]:
    header_end = 0
    for _ in range(HEADER_LINES):
        header_end = text.find("\n", header_end + 1)
        if header_end < 0:
            header_end = len(text)
            break
    return [m.span("number") for m in PARENT_TITLE.finditer(text, 0, header_end)]


def _paper_references(text: str, cues: Cues, own_reference: Optional[str],
                      resolutions: list[_Resolution]) -> list[Reference]:
    parents = _parent_spans(text)
    own = paper_numbers.normalize_reference(own_reference) if own_reference else None
    if own and any(paper_numbers.normalize_reference(text[a:b]) == own for a, b in parents):
        own = None  # "Anlage 2 zur Vorlage Nr. X": X is the parent, so X cannot be this paper's number
    found = paper_numbers.find_numbers(text)
    in_columns = _papers_in_columns(text, found)
    papers = sorted((p for p in found + list(in_columns)
                     if p.number != own and not any(a <= p.number_start < b for a, b in parents)),
                    key=lambda p: p.start)
    out = []
    for p, link in zip(papers, _link_resolutions(text, papers, resolutions, cues.clauses)):
        when, organization, anchor = None, None, p.start
        if link is None and in_columns.get(p) is not None:
            when = in_columns[p]  # the date in the same table row
        if link is not None:
            resolution, index = link
            when, organization = resolution.dated[index][2], resolution.organization
            anchor = min(anchor, resolution.start)  # the cue distance counts from "Ratsbeschluss ..."
        out.append(Reference(start=p.start, end=p.end, text=text[p.start:p.end], target_kind="paper",
                             target=p.number, relation=cues.relation(anchor, p.end),
                             date=when, organization=organization))
    return out


# A table listing earlier papers: a column titled "Vorlage", "Drucksache", "DS-Nr." holds their numbers
# (bare, "1456/21"), a column titled "Datum", "Sitzung", "Beschluss vom" the day each was decided.
_PAPER_COLUMN_WORDS = r"(?:Vorlagen?|Drucksachen?|DS|Drs\.?|Beschluss)(?:[- ]?(?:Nr\.?|Nummer))?"
PAPER_COLUMN = regex.compile(rf"(?i){_PAPER_COLUMN_WORDS}")
# Searched first: most papers have no such column, and reading every line's cells costs.
PAPER_COLUMN_TITLE = regex.compile(rf"(?i)[\t|][ \t*]*{_PAPER_COLUMN_WORDS}[ \t*]*(?=[\t|]|$)", regex.M)
DATE_COLUMN = regex.compile(r"(?i)Datum|Sitzung(?:sdatum)?|Sitzung am|Termin|Beschlussdatum|Beschluss vom|beschlossen am")


def _papers_in_columns(text: str, found: list[paper_numbers.NumberMatch]) -> dict:
    """Papers named in a table's "Vorlage" column → the date of their row (or None)."""
    header = PAPER_COLUMN_TITLE.search(text)
    if header is None:
        return {}
    out: dict = {}
    taken = [(p.number_start, p.end) for p in found]
    columns = None
    for start, end in lines_below(text, header.start()):
        cells = table_cells(text, start, end)
        if not cells:
            columns = None
            continue
        titles = [text[a:b].strip(" *") for a, b in cells]
        if columns is None:
            paper_col = next((i for i, t in enumerate(titles) if PAPER_COLUMN.fullmatch(t)), None)
            date_col = next((i for i, t in enumerate(titles) if DATE_COLUMN.fullmatch(t)), None)
            columns = (paper_col, date_col) if paper_col is not None else ()
            continue
        if not columns or columns[0] >= len(cells):
            continue
        a, b = cells[columns[0]]
        raw = text[a:b]
        number_start = a + len(raw) - len(raw.lstrip())
        number = raw.strip()
        number_end = number_start + len(number)
        if not paper_numbers.is_paper_number(number) or any(x < number_end and number_start < y for x, y in taken):
            continue
        when = None
        if columns[1] is not None and columns[1] < len(cells):
            when = dates.parse_date_text(text[slice(*cells[columns[1]])].strip())
        match = paper_numbers.NumberMatch(number_start, number_start, number_end,
                                          paper_numbers.normalize_reference(number), None)
        out[match] = when
    return out


def _resolution_references(text: str, cues: Cues,
                           resolutions: list[_Resolution]) -> list[Reference]:
    out = []
    for r in resolutions:
        if r.used:
            continue
        for _start, _end, when in r.dated:
            out.append(Reference(start=r.start, end=r.end, text=text[r.start:r.end],
                                 target_kind="resolution", target=None,
                                 relation=cues.relation(r.start, r.end), date=when,
                                 organization=r.organization))
    return out


# ---------------------------------------------------------------------------------------------
# Attachments: "siehe Anlage 2", "(Anlage 3)", "Rahmenkonzept, Anlage\n\n4)", "Anlagen 1 bis 3".
# ---------------------------------------------------------------------------------------------

# A letter names an attachment, but not an annex of a regulation: "Anlage B APO-BK".
ATTACHMENT_NUMBER = r"(?:\d{1,2}[a-z]?(?![\d/]|[.,]\d)|[A-H](?![\p{L}\d])(?![ \t]+\p{Lu}{2,}))"
ATTACHMENT = regex.compile(
    rf"\bAnlagen?(?:[ \t]*Nr\.)?\s*(?P<list>{ATTACHMENT_NUMBER}"
    rf"(?:[ \t]*(?:,|und|sowie|bis|-|–)[ \t]*{ATTACHMENT_NUMBER})*)"
)
# "Anlage 4 zum Beschlussentwurf", "Anlage 1 zu BV/0197/2026" (the title of this paper), "in Anlage 2
# des BauGB" (an annex of a law): attachments of something else.
ATTACHMENT_OF_ANOTHER = regex.compile(r"\s*(?:zu[rm]?|zu\s+(?:der|dem|den)|des|der)\b")
# ... but "gemäß Anlage 2 zur Drucksache", "Anlage 3 zu dieser Vorlage" (no number follows) are this
# paper's own; in an attachment, "Anlage 1 zur Vorlage" is one of its parent's.
ATTACHMENT_OF_THIS = regex.compile(
    r"\s*(?:zu[rm]?|zu\s+(?:dieser|diesem))\s+(?:\w*[Vv]orlage|\w*[Dd]rucksache|Antrag)\b"
    r"(?![ \t]*(?:Nr\.?|Nummer)?[ \t:]*\n?[ \t]*[\p{L}/-]*\d)"
)


_FULL_STOP_SPACE = regex.compile(r"\.\s")
COUNT_OF_ATTACHMENTS = regex.compile(r"(?i)Anzahl[ \t]+(?:der[ \t]+)?$")
_ATTACHMENT_NUMBER = regex.compile(ATTACHMENT_NUMBER)
_RANGE_WORD = regex.compile(r"bis|-|–")


def _attachment_references(text: str, cues: Cues) -> list[Reference]:
    out = []
    first_line_start = len(text) - len(text.lstrip())
    is_attachment = bool(ATTACHMENT.match(text, first_line_start))
    for m in ATTACHMENT.finditer(text):
        if COUNT_OF_ATTACHMENTS.search(text, max(0, m.start() - 12), m.start()):
            continue  # Hannover's form field "Anzahl der Anlagen 2": a count
        if m.start() == first_line_start or (ATTACHMENT_OF_ANOTHER.match(text, m.end()) and (
                is_attachment or not ATTACHMENT_OF_THIS.match(text, m.end()))):
            continue
        if "\n" in text[m.start():m.start("list")] and _FULL_STOP_SPACE.match(text[m.end():m.end() + 2]):
            continue  # "als Anlage\n\n1. Punkt": a list item, not a number of the Anlage
        numbers = _ATTACHMENT_NUMBER.findall(m.group("list"))
        is_range = _RANGE_WORD.search(m.group("list")) and len(numbers) == 2
        if is_range and all(n.isdigit() for n in numbers):  # "Anlagen 1 bis 3"
            low, high = int(numbers[0]), int(numbers[1])
            numbers = [str(n) for n in range(low, high + 1)] if 0 < high - low <= 20 else numbers
        relation = cues.relation(m.start(), m.end())
        if relation in ("amends", "rescinds"):
            relation = "mentions"  # "wird in Anlage 3 geändert": the change is in it, not made to it
        for number in numbers:
            out.append(Reference(start=m.start(), end=m.end(), text=m.group(0), target_kind="attachment",
                                 target=_attachment_target(number), relation=relation))
    return out


# The list under an "Anlagen" heading, numbered without the word: "Anlagen⏎1 Lageplan⏎2 Kostenschätzung".
LISTED_ATTACHMENT = regex.compile(r"(?m)^[ \t]*(?P<number>\d{1,2})(?:[.):]|[ \t]+[–-])?[ \t]+(?=\p{L})")


def _attachment_target(number: str) -> str:
    """"01" → "Anlage 1": a leading zero is no part of the number."""
    return f"Anlage {number.lstrip('0') or '0'}"


def _listed_attachments(text: str, sections: Sequence[Section]) -> list[Reference]:
    """Attachments numbered in the list under an "Anlagen" heading (a section the finder knows)."""
    out = []
    for section in sections:
        if getattr(section, "name", None) != "attachments":
            continue
        for m in LISTED_ATTACHMENT.finditer(text, section.body_start, section.end):
            out.append(Reference(start=m.start("number"), end=m.end("number"), text=m.group("number"),
                                 target_kind="attachment", target=_attachment_target(m.group("number")),
                                 relation="mentions"))
    return out


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def extract(text: str, sections: Sequence[Section] = (), *,
            own_reference: Optional[str] = None) -> list[Reference]:
    """Every reference in ``text``, one per mention, sorted by start. Never raises.

    ``own_reference`` is the paper's own number (from the header): its mentions are skipped.
    References are found anywhere; ``sections`` add the numbered list under an "Anlagen" heading
    ("Anlagen⏎1 Lageplan⏎2 Kostenschätzung"), whose numbers stand without the word "Anlage"."""
    if not isinstance(text, str) or not text.strip():
        return []
    try:
        clauses = Clauses(text)
        cues = Cues(text, clauses)
        resolutions = _resolutions(text, clauses)
        found = (_paper_references(text, cues, own_reference, resolutions)
                 + _resolution_references(text, cues, resolutions)
                 + laws.extract(text, cues=cues)
                 + _attachment_references(text, cues)
                 + _listed_attachments(text, sections))
    except Exception:  # noqa: BLE001 - an extractor must never fail a paper
        return []
    return sorted(found, key=lambda r: (r.start, r.end))


def merge(references: Iterable[Reference]) -> list[Reference]:
    """One entry per target: strongest relation, first date printed with it, first span.

    A resolution known only by date is folded into the paper reference carrying the same date
    (``Teil des Ratsbeschlusses vom 13.12.2021`` after ``Ratsbeschluss vom 13.12.2021 zur Vorlage
    Nr. 2021/1121``); references without a target other than resolutions are dropped."""
    merged: dict[tuple, Reference] = {}
    for ref in sorted(references, key=lambda r: (r.start, r.end)):
        if ref.target_kind == "resolution":
            key = ("resolution", ref.date)
        elif ref.target is None:
            continue
        else:
            key = (ref.target_kind, ref.target)
        if key not in merged:
            merged[key] = ref
            continue
        kept = merged[key]
        if RELATION_RANK.get(ref.relation, 0) > RELATION_RANK.get(kept.relation, 0):
            kept = replace(kept, relation=ref.relation)
        if kept.date is None and ref.date is not None:
            kept = replace(kept, date=ref.date)
        if kept.organization is None and ref.organization is not None:
            kept = replace(kept, organization=ref.organization)
        merged[key] = kept
    paper_dates = {r.date: k for k, r in merged.items() if r.target_kind == "paper" and r.date}
    out = []
    for key, ref in merged.items():
        if ref.target_kind == "resolution" and ref.date in paper_dates:
            paper_key = paper_dates[ref.date]
            paper = merged[paper_key]
            if RELATION_RANK[ref.relation] > RELATION_RANK[paper.relation]:
                merged[paper_key] = replace(paper, relation=ref.relation)
            continue
        out.append(key)
    return sorted((merged[k] for k in out), key=lambda r: (r.start, r.end))
