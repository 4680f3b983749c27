"""Is this text a German council paper at all? A vocabulary test for files that are not.

A paper without a number or Beratungsfolge (an Anlage, a Satzung, a Nachtrag) still speaks the
language of local government; an English report, a novel or a price list does not.
"""
from __future__ import annotations

import regex

# Words of German local government that appear in almost every council paper or attachment.
COUNCIL_WORDS = regex.compile(
    r"\b(?:Vorlage|Beschlu(?:ss|ß)\w*|Beschlussentwurf|Beschlussvorschlag|Betreff|Beratungsfolge|Gremienweg"
    r"|Ausschuss\w*|Stadtrat|Gemeinderat|Kreistag|Rat(?:es)? der (?:Stadt|Gemeinde)|Sitzung|Tagesordnung"
    r"|Verwaltung|Oberbürgermeister\w*|Bürgermeister\w*|Landrat|Dezernat|Fachbereich|Drucksache"
    r"|Antrag|Anfrage|Anlage|Satzung|Haushalt\w*|Stadt|Gemeinde|Kreis|Bezirksvertretung"
    r"|Niederschrift|Mitteilung\w*|Sachverhalt|Begründung|Finanzielle Auswirkungen)\b",
    regex.IGNORECASE,
)
MIN_DISTINCT_WORDS = 3
# Frequent German function words: a German text with a little council vocabulary (the slides
# attached to a Vorlage) is still taken; an English or French document is not.
GERMAN_WORDS = regex.compile(r"\b(?:der|die|das|und|nicht|mit|für|von|zu|den|des|dem|im|ist|eine?|auf|wird|werden|sind|nach|bei|sowie)\b",
                             regex.IGNORECASE)
MIN_GERMAN_SHARE = 0.08


def council_vocabulary(text: str) -> set[str]:
    """The distinct council words found in the first 20,000 characters."""
    return {m.group(0).lower() for m in COUNCIL_WORDS.finditer(text[:20000])}


_WORD = regex.compile(r"\p{L}+")


def is_german(text: str) -> bool:
    """At least 8 % of the words are German function words (English council papers are not)."""
    sample = text[:20000]
    words = _WORD.findall(sample)
    return bool(words) and len(GERMAN_WORDS.findall(sample)) >= MIN_GERMAN_SHARE * len(words)


def is_council_text(text: str) -> bool:
    """Plenty of council vocabulary, or German text with at least some of it."""
    found = len(council_vocabulary(text))
    return found >= MIN_DISTINCT_WORDS or (found >= 1 and is_german(text))
