"""Which funding programme a text talks about: names and abbreviations from a configuration.

Papers name a programme in many forms: "Landesprogramm „Kommunales Integrationsmanagement NRW“",
"des Kommunalen Integrationsmanagements", "KIM NRW", "(KIM)". The programmes and their names
come from ``extractors/data/programmes.yml`` (read by :mod:`pipeline.commitments`), so a user
follows a new programme by adding an entry there. This module is pure: it turns a parsed
configuration into matchers and finds mentions in a text; it reads no file.

Written-out names match with German case endings added to each word ("Kommunale",
"Kommunalen", "Integrationsmanagements") and with a word wrapped onto the next line, without
regard to case. Abbreviations match as printed, case included, as whole words, so "KIM" is
found but neither "Kim" (a first name) nor "KIMA". A hyphen may follow ("KIM-Stellen").
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping, Optional, Sequence

import regex

# Endings a German adjective or noun takes in another case: "Kommunal-es/-e/-en/-er/-em",
# "Integrationsmanagement-s". Stripped from a configured word to get its stem, then allowed back.
ENDINGS = ("es", "en", "er", "em", "e", "s")
_ENDING = r"(?:es|en|er|em|e|s|n)?"
MIN_STEM = 3
# Between two words of a name: spaces, or a line break (at most one blank line) in PDF text.
_GAP = r"(?:[ \t]+|[ \t]*\n{1,2}[ \t]*)"


@dataclass(frozen=True)
class Programme:
    """One configured programme and the pattern that finds it."""

    key: str
    name: str
    names: tuple[str, ...]
    abbreviations: tuple[str, ...]
    funder: Optional[str]
    laws: tuple[str, ...]
    pattern: regex.Pattern


@dataclass(frozen=True)
class ProgrammeMention:
    """A programme named in a text, with its span (the quote a journalist can cite)."""

    start: int
    end: int
    text: str
    key: str


def _word_pattern(word: str) -> str:
    """One word of a written-out name, case endings allowed."""
    if not word.isalpha() or word.isupper():  # "2020", "NRW", "Nordrhein-Westfalen": as printed
        return regex.escape(word)
    stem = word
    for ending in ENDINGS:
        if word.lower().endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            stem = word[: -len(ending)]
            break
    return regex.escape(stem) + _ENDING


def _name_pattern(name: str) -> str:
    return "(?i:" + _GAP.join(_word_pattern(w) for w in name.split()) + ")"


def _abbreviation_pattern(abbreviation: str) -> str:
    return _GAP.join(regex.escape(w) for w in abbreviation.split())


def _strings(value, field: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, (str, int)) for v in value):
        raise ValueError(f"programme {key}: `{field}` must be a list of strings")
    return tuple(str(v).strip() for v in value if str(v).strip())


def programme_from_entry(key: str, entry: Mapping) -> Programme:
    """One programme from its configuration entry (see ``data/programmes.yml``)."""
    if not isinstance(entry, Mapping):
        raise ValueError(f"programme {key}: expected a mapping with name, names, abbreviations")
    name = str(entry.get("name") or key)
    names = _strings(entry.get("names"), "names", key) or (name,)
    abbreviations = _strings(entry.get("abbreviations"), "abbreviations", key)
    alternatives = [_name_pattern(n) for n in names] + [_abbreviation_pattern(a) for a in abbreviations]
    # Longest first: "KIM NRW" before "KIM", so a mention covers the whole name.
    alternatives.sort(key=len, reverse=True)
    pattern = regex.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
    return Programme(key=str(key), name=name, names=names, abbreviations=abbreviations,
                     funder=entry.get("funder"), laws=_strings(entry.get("laws"), "laws", key),
                     pattern=pattern)


def programmes_from_config(config: Optional[Mapping]) -> tuple[Programme, ...]:
    """Every programme of a parsed configuration (key → entry), in the file's order."""
    if config is None:
        return ()
    if not isinstance(config, Mapping):
        raise ValueError("the programme configuration must map programme keys to entries")
    return tuple(programme_from_entry(key, entry) for key, entry in config.items())


def find_mentions(text: str, programmes: Sequence[Programme]) -> list[ProgrammeMention]:
    """Every mention of a configured programme in ``text``, sorted by position.

    Where two programmes' names overlap, the longer mention wins.
    """
    if not text:
        return []
    found: list[ProgrammeMention] = []
    for programme in programmes:
        for match in programme.pattern.finditer(text):
            found.append(ProgrammeMention(match.start(), match.end(), match.group(), programme.key))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[ProgrammeMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def programmes_for_law(target: Optional[str], programmes: Sequence[Programme]) -> list[str]:
    """Keys of the programmes resting on a cited statute section (`§ 9 TIntG` → KIM)."""
    if not target:
        return []
    folded = " ".join(target.split()).lower()
    return [p.key for p in programmes if any(" ".join(law.split()).lower() == folded for law in p.laws)]


def main_programme(keys: Iterable[str]) -> Optional[str]:
    """The programme named most often; on a tie, the one named first."""
    keys = list(keys)
    if not keys:
        return None
    counts = Counter(keys)
    return max(counts, key=lambda k: (counts[k], -keys.index(k)))
