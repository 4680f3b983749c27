"""Named entities: welfare associations, public bodies, funding programmes, committees, signers.

No statistical German model can be installed here, so organisations, programmes and committees
are found by rules: spaCy's EntityRuler on ``spacy.blank("de")`` with the patterns of
``extractors/data/entities.yml`` (label, canonical name, patterns), so a new organisation is a line
of configuration; abbreviations marked ``needs`` ("KI") count only next to their long form.
Funding programmes are configured once, in ``programmes.yml``: the caller passes them in and their
mentions (:func:`extractors.programmes.find_mentions`) become PROGRAMME entities with the
programme's canonical name, so ``KIM``, ``KIM NRW`` and "des Kommunalen Integrationsmanagements"
are one programme here and in the commitments.

Persons are the people who signed: the names in the signature block after "gezeichnet:",
"In Vertretung", "Im Auftrag", "Bürgermeister o.V.i.A.". spaCy offers nothing there without a
model, so that part is a small line-based rule.

The pipeline is built once, lazily, and cached for the process (``_pipeline``). Offsets are the
character offsets of the token spans (``span.start_char``/``end_char``) in the given text.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional, Sequence

import regex

from extractors.facts import Entity, Section
from extractors.programmes import Programme, find_mentions
from pipeline.normalize import fold_lines

PATTERNS_FILE = Path(__file__).with_name("data") / "entities.yml"
CHUNK_SIZE = 100_000  # characters handed to spaCy at once (its default max_length is 1,000,000)

# Tidying a matched name into a canonical one: the genitive of the head word goes
# ("des Finanzausschusses" → "Finanzausschuss", "des Rates der Stadt" → "Rat der Stadt").
GENITIVE_HEADS = regex.compile(
    r"\b(?P<head>\p{L}*(?:[Aa]usschuss|[Rr]at|[Tt]ag|zentrum|[Mm]inisterium|[Kk]reis|[Vv]erband|center))"
    r"(?:es|s)\b"
)


@dataclass(frozen=True)
class _Entry:
    label: str
    name: Optional[str]
    needs: Optional[str]


@lru_cache(maxsize=1)
def _pipeline():
    """spaCy's blank German pipeline with an EntityRuler over the configured patterns, the entries
    by id, and the trigger (:func:`_trigger`). Built on first use only (importing spaCy takes about
    a second)."""
    nlp, entries, patterns = _configured()
    return nlp, entries, _trigger(nlp, [p["pattern"] for p in patterns])


@lru_cache(maxsize=1)
def _configured():
    """The blank German pipeline with the EntityRuler over all patterns, the entries by id, and the
    ruler's patterns in the order of the configuration."""
    import spacy
    import yaml

    config = yaml.safe_load(PATTERNS_FILE.read_text(encoding="utf-8")) or {}
    entries: dict[str, _Entry] = {}
    patterns = []
    for number, item in enumerate(config.get("entities", [])):
        key = f"e{number}"
        entries[key] = _Entry(item["label"], item.get("name"), item.get("needs"))
        for pattern in item.get("patterns", []):
            patterns.append({"label": item["label"], "pattern": pattern, "id": key})
    nlp = spacy.blank("de")
    ruler = nlp.add_pipe("entity_ruler", config={"validate": True})
    ruler.add_patterns(patterns)
    return nlp, entries, patterns


@lru_cache(maxsize=256)
def _ruler(indices: frozenset[int]):
    """An EntityRuler over only the patterns with these indices, kept in configuration order.

    spaCy's Matcher tests every pattern at every token; a window holds the first tokens of a few
    patterns only, and no other pattern can match there, so a ruler over those few finds the same
    entities in a fraction of the time."""
    from spacy.pipeline import EntityRuler

    nlp, _, patterns = _configured()
    ruler = EntityRuler(nlp, validate=False)
    ruler.add_patterns([patterns[i] for i in sorted(indices)])
    return ruler


# --- the trigger: which stretches of text spaCy needs to see ------------------------------------
#
# spaCy's token Matcher tries every pattern's regular expressions on every token, which made
# entities the slowest extractor by far (PDF text has few blank lines: whole papers went through
# it). Every pattern here starts with a required token, so every match starts at a token that one
# of the trigger's regular expressions finds (they are looser than a token, never stricter). Only
# a window from such a hit to where no match can reach goes through spaCy: from the whitespace
# before the hit over LEAD_CHUNKS whitespace-separated chunks, then on to the first character no
# repeated token (OP "*" or "+") of a pattern accepts (STOP), then to the next whitespace.
# Windows begin and end at whitespace, so spaCy cuts them into the same tokens as the whole text,
# and the matches in the windows are the matches in the whole text (tests/extractors check it).
# Each window is read by a ruler over only the patterns whose first token stands in it (_ruler):
# no other pattern can match there, and the Matcher's cost grows with the number of patterns.
# A pattern that does not start with a required token switches the trigger off: spaCy reads all.

LEAD_CHUNKS = 6  # longer than the fixed tokens before any repeated token of a pattern
STOP = regex.compile(r"[.;:!?()„“”\"\t]|\n\n")
_CHUNK_END = regex.compile(r"\S+")
_WHITESPACE = regex.compile(r"\s")
_BEFORE, _AFTER = r"(?<!\p{L})", r"(?!\p{L})"  # a token's edges: tokens never split two letters
_ATTRIBUTES = {"TEXT": False, "ORTH": False, "LOWER": True}  # attribute -> case-insensitive


def _token_regex(spec: dict) -> Optional[str]:
    """A regular expression for the text of a token that satisfies ``spec``, or None if the spec
    cannot be written as one (then every paragraph goes to spaCy)."""
    keys = set(spec) - {"OP"}
    if len(keys) != 1 or next(iter(keys)) not in _ATTRIBUTES:
        return None
    attribute = keys.pop()
    value = spec[attribute]
    if isinstance(value, str):
        body = regex.escape(value)
    elif isinstance(value, dict) and "REGEX" in value and set(value) <= {"REGEX", "NOT_IN"}:
        body = value["REGEX"]
        body = body[1:] if body.startswith("^") else r"\S*" + body
        body = body[:-1] if body.endswith("$") and not body.endswith("\\$") else body + r"\S*"
    elif isinstance(value, dict) and "IN" in value and set(value) <= {"IN", "NOT_IN"}:
        body = "|".join(regex.escape(v) for v in value["IN"])
    else:
        return None
    flags = "i" if _ATTRIBUTES[attribute] else "-i"
    return f"(?{flags}:{body})"


def _trigger(nlp, patterns) -> Optional[list[tuple["regex.Pattern", frozenset[int]]]]:
    """(regular expression, pattern indices): for each distinct first token, an expression that
    matches it and the patterns that start with it; None when a pattern starts with an optional or
    negated token or one that cannot be written as a regular expression. Kept apart, not joined
    into one alternation: alone, each keeps the regex module's fast literal search."""
    alternatives: dict[str, set[int]] = {}
    for index, pattern in enumerate(patterns):
        if isinstance(pattern, str):
            tokens = [t.text for t in nlp.make_doc(pattern)]
            if not tokens:
                return None
            alternatives.setdefault(regex.escape(tokens[0]), set()).add(index)
            continue
        first = pattern[0] if pattern else None
        required = first and first.get("OP", "1") in ("1", "+")  # not "?", "*" or "!" (negated)
        expression = _token_regex(first) if required else None
        if expression is None:
            return None
        alternatives.setdefault(expression, set()).add(index)
    return [(regex.compile(f"{_BEFORE}(?P<token>{a}){_AFTER}", regex.V0), frozenset(indices))
            for a, indices in alternatives.items()]


def _windows(text: str, trigger) -> Iterator[tuple[int, str, Optional[frozenset[int]]]]:
    """(offset, piece, patterns): the stretches of ``text`` that can hold a match (see above),
    merged where they touch, with the indices of the patterns whose first token stands in them;
    the whole text, in pieces, with patterns None (all of them) when there is no trigger."""
    if trigger is None:
        for offset, piece in _chunks(text, 0, len(text)):
            yield offset, piece, None
        return
    hits = sorted((m.start("token"), indices) for pattern, indices in trigger
                  for m in pattern.finditer(text))
    piece_start = piece_end = -1
    piece_patterns: set[int] = set()
    for hit, indices in hits:
        start = hit
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        end = hit
        for n, chunk in enumerate(_CHUNK_END.finditer(text, hit), start=1):
            end = chunk.end()
            if n == LEAD_CHUNKS:
                break
        stop = STOP.search(text, end)
        space = _WHITESPACE.search(text, stop.start()) if stop else None
        end = space.start() if space else len(text)
        if start <= piece_end:
            piece_end = max(piece_end, end)
            piece_patterns |= indices
            continue
        if piece_end > 0:
            for offset, piece in _chunks(text, piece_start, piece_end):
                yield offset, piece, frozenset(piece_patterns)
        piece_start, piece_end, piece_patterns = start, end, set(indices)
    if piece_end > 0:
        for offset, piece in _chunks(text, piece_start, piece_end):
            yield offset, piece, frozenset(piece_patterns)


def _chunks(text: str, start: int, stop: int) -> Iterator[tuple[int, str]]:
    """(offset, piece) of ``text[start:stop]`` cut at paragraph breaks into pieces of at most
    CHUNK_SIZE characters, which spaCy handles quickly."""
    while start < stop:
        end = min(stop, start + CHUNK_SIZE)
        if end < stop:
            cut = text.rfind("\n\n", start + CHUNK_SIZE // 2, end)
            end = cut + 2 if cut > 0 else end
        yield start, text[start:end]
        start = end


def canonical(matched: str) -> str:
    """The tidy name of a matched span: one line, hyphenation repaired, genitive dropped."""
    name = fold_lines(matched)
    return GENITIVE_HEADS.sub(lambda m: m.group("head"), name, count=1)


_SINGLE_LINE_BREAK = regex.compile(r"(?<!\n)\n(?!\n)")


def _ruler_entities(text: str, read_all: bool = False) -> list[Entity]:
    """The EntityRuler's entities; ``read_all`` hands spaCy the whole text (tests compare)."""
    nlp, entries, trigger = _pipeline()
    trigger = None if read_all else trigger
    # A single line break inside a name ("Ausschuss für Bürgereingaben⏎und Umwelt") must not split
    # it: it becomes a space, which keeps every offset. Blank lines and tabs still separate.
    flat = _SINGLE_LINE_BREAK.sub(" ", text)
    found: list[tuple[Entity, _Entry]] = []
    for offset, piece, indices in _windows(flat, trigger):
        doc = nlp(piece) if indices is None else _ruler(indices)(nlp.make_doc(piece))
        for span in doc.ents:
            entry = entries.get(span.ent_id_)
            if entry is None:
                continue
            start, end = offset + span.start_char, offset + span.end_char
            name = entry.name or canonical(text[start:end])
            found.append((Entity(start=start, end=end, text=text[start:end], label=entry.label,
                                 name=name), entry))
    # An abbreviation with ``needs`` ("KI") stands only if the long form is named somewhere.
    long_forms = {entity.name for entity, entry in found if not entry.needs}
    return [entity for entity, entry in found if not entry.needs or entry.needs in long_forms]


# --- signers ---------------------------------------------------------------------------------

# What opens or sits in a signature block: "gezeichnet:", "gez.", "In Vertretung", "i. V.",
# "Im Auftrag", "i. A.", "Bürgermeister o.V.i.A.", "Mit freundlichen Grüßen".
SIGNATURE_MARK = regex.compile(
    r"(?:gezeichnet|gez\.)[ \t]*:?|\b(?:[Ii]n[ \t]+Vertretung|[Ii]m[ \t]+Auftrag)\b|\bi\.[ \t]?[VA]\.(?![ \t]?m\.)"
    r"|(?:Ober)?[Bb]ürgermeister(?:in)?[ \t]+o\.[ \t]?V\.[ \t]?i\.[ \t]?A\.|Mit[ \t]+freundlichen[ \t]+Grüßen"
)
# One name: "Richrath", "Alexander Stehl", "Dr. Hartmann", "Schmitz-Wenzel", "von der Heyden".
NAME_WORD = r"(?:(?:Dr|Prof|Dipl\.-[\p{L}]+)\.[ \t]*)*[\p{Lu}][\p{Ll}]+(?:-[\p{Lu}][\p{Ll}]+)*"
PARTICLE = r"(?:von|van|de|der|zu|vom)"
NAME_LINE = regex.compile(rf"(?:{NAME_WORD}|{PARTICLE})(?:[ \t]+(?:{NAME_WORD}|{PARTICLE}))*")
NAME_PART = regex.compile(NAME_WORD)
# Words on a signature line that are roles or form text, not names.
NOT_NAMES = {
    "Anlagen", "Anlage", "Der", "Die", "Das", "Oberbürgermeister", "Oberbürgermeisterin",
    "Bürgermeister", "Bürgermeisterin", "Beigeordneter", "Beigeordnete", "Stadtdirektor",
    "Stadtdirektorin", "Kämmerer", "Kämmerin", "Dezernent", "Dezernentin", "Landrat", "Landrätin",
    "Amtsleiter", "Amtsleiterin", "Fachbereichsleiter", "Fachbereichsleiterin", "Verwaltung",
    "Vorsitzender", "Vorsitzende", "Schriftführer", "Schriftführerin", "Datum", "Unterschrift",
    "Stadt", "Gemeinde", "Kreis", "Begründung", "Sachverhalt", "Finanzielle", "Auswirkungen",
}
MAX_SIGNATURE_LINES = 10


def _programmes(text: str, programmes: Sequence[Programme]) -> list[Entity]:
    """Mentions of the configured funding programmes, named as the configuration names them."""
    names = {programme.key: programme.name for programme in programmes}
    return [Entity(m.start, m.end, m.text, label="PROGRAMME", name=names[m.key])
            for m in find_mentions(text, programmes)]


_BLANKS = regex.compile(r"[ \t]+")


def _name_line(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > 60 or not NAME_LINE.fullmatch(stripped):
        return False
    words = [w for w in _BLANKS.split(stripped) if w]
    return not any(w.rstrip(".") in NOT_NAMES for w in words) and any(w[0].isupper() for w in words)


def _signers(text: str) -> list[Entity]:
    found: list[Entity] = []
    seen_lines: set[int] = set()
    for mark in SIGNATURE_MARK.finditer(text):
        line_start = text.rfind("\n", 0, mark.start()) + 1
        if line_start in seen_lines:
            continue
        marks = 0  # signers announced above the names ("In Vertretung In Vertretung")
        pos, lines_read = line_start, 0
        while pos < len(text) and lines_read < MAX_SIGNATURE_LINES:
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            line = text[pos:end]
            seen_lines.add(pos)
            lines_read += 1
            here = list(SIGNATURE_MARK.finditer(line))
            rest = SIGNATURE_MARK.sub(lambda m: " " * len(m.group(0)), line)
            if not rest.strip():
                marks += len(here)
            elif _name_line(rest):
                found.extend(_persons(text, pos, rest, marks + len(here)))
                marks = 0
            elif line.strip():
                break
            pos = end + 1
    return found


def _persons(text: str, line_start: int, line: str, marks: int) -> list[Entity]:
    """The names on one signature line: one person, or one per word when the line holds as many
    surnames as signature marks stood above them ("Richrath Molitor Lünenbach")."""
    parts = list(NAME_PART.finditer(line))
    leading = len(line) - len(line.lstrip())
    if marks >= 2 and len(parts) == marks:
        spans = [(p.start(), p.end()) for p in parts]
    else:
        spans = [(leading, len(line.rstrip()))]
    out = []
    for a, b in spans:
        start, end = line_start + a, line_start + b
        out.append(Entity(start=start, end=end, text=text[start:end], label="PERSON",
                          name=" ".join(text[start:end].split())))
    return out


def extract(text: str, sections: Sequence[Section] = (),
            programmes: Sequence[Programme] = ()) -> list[Entity]:
    """Organisations, authorities, programmes, committees and signers in ``text`` (normalised),
    sorted by start offset. Never raises."""
    if not isinstance(text, str) or not text.strip():
        return []
    try:
        found = _ruler_entities(text) + _signers(text) + _programmes(text, programmes)
    except Exception:  # noqa: BLE001 - an extractor must never fail a paper
        return []
    return sorted(found, key=lambda e: (e.start, e.end))
