"""Normalisation: markup and hyphenation repaired, and every character still maps to its raw offset."""
from hypothesis import given, settings, strategies as st

from pipeline.normalize import fold_lines, normalize


def test_hyphenation_across_blank_line_is_joined():
    assert normalize("Kommunales Integrati-\n\nonsmanagement").text == "Kommunales Integrationsmanagement"


def test_hyphen_before_und_is_kept():
    assert normalize("Sach-\nund Gemeinkosten").text == "Sach-\nund Gemeinkosten"
    assert normalize("Sach- und Gemeinkosten").text == "Sach- und Gemeinkosten"


def test_umlaut_after_hyphen_joins():
    assert normalize("Gesund-\nheit und Über-\nübung").text == "Gesundheit und Überübung"


def test_capital_after_hyphen_is_kept():
    assert normalize("KIM-\nStellen").text == "KIM-\nStellen"


def test_pdf_letter_spacing_split_is_repaired():
    assert normalize("im Haushalt berei t-\nzustellen").text == "im Haushalt bereitzustellen"


def test_letter_spaced_words_are_joined():
    assert normalize("B e s c h l u s s v o r l a g e\nS t a d t   L ü b e c k, a b c d").text == (
        "Beschlussvorlage\nStadt Lübeck, a b c d")


def test_ligatures_are_letters():
    assert normalize("nicht öﬀentlich, Liegeﬂäche").text == "nicht öffentlich, Liegefläche"


def test_folded_compound_keeps_its_hyphen_before_a_capital():
    assert fold_lines("des Eltern-Kind-\n   Zentrums und der KIM-\nStellen") == "des Eltern-Kind-Zentrums und der KIM-Stellen"


def test_pdfium_hyphen_marker():
    assert normalize("zu\ufffekünftige Elektro\ufffeund Königsbacher\ufffeAreal").text == (
        "zukünftige Elektro- und Königsbacher-Areal")


def test_markdown_and_html_remnants_are_removed():
    raw = ("## **Begründung:**\n<input type=\"checkbox\"/> ja <input type=\"checkbox\" checked/> nein\n"
           "Produkte 1.31.11.01 <u>und</u> 1.31.11.02 für Träger\\*innen, *„Zitat“*, "
           "[TIntG \\(Gesetz\\)](#) &amp; mehr")
    assert normalize(raw).text == ("Begründung:\n☐ ja ☒ nein\nProdukte 1.31.11.01 und 1.31.11.02 für "
                                   "Träger*innen, „Zitat“, TIntG (Gesetz) & mehr")


def test_whitespace_is_folded_but_lines_and_tab_columns_kept():
    raw = "  Beratungsfolge \t Datum\t\tBehandlung  \n\n\n\nRat   der Stadt\t16.12.2024 \n"
    # Two tabs stay two: an empty table cell (nothing under "ö") is information.
    assert normalize(raw).text == "Beratungsfolge\tDatum\t\tBehandlung\n\nRat der Stadt\t16.12.2024"


def test_origin_points_back_to_raw_characters():
    raw = "**Betreff:**\n\nKommunales Integrati-\n\nonsmanagement  (KIM)"
    cleaned = normalize(raw)
    position = cleaned.text.index("onsmanagement")
    assert raw[cleaned.origin[position]:cleaned.origin[position] + 13] == "onsmanagement"
    assert raw[cleaned.origin[0]] == "B"


def test_fold_lines():
    assert fold_lines("Ausschuss für Soziales, Gesund-\nheit und\n\nSenioren ") == (
        "Ausschuss für Soziales, Gesundheit und Senioren")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab äÜß-*_#<>/\\&;\n\t\f\r 1.,€\ufffe[]()u")), max_size=200))
def test_map_is_complete_and_monotonic(raw):
    cleaned = normalize(raw)
    assert len(cleaned.origin) == len(cleaned.text)
    assert all(0 <= o < max(len(raw), 1) for o in cleaned.origin)
    assert cleaned.origin == sorted(cleaned.origin)
    for char, offset in zip(cleaned.text, cleaned.origin):
        if char.isalnum():
            assert raw[offset] in (char, "&")


def test_column_gap_between_digits_is_not_a_thousands_space():
    # "Stufe 3      110,00 €": a table's row label and its sum, not 3,110 €.
    assert normalize("Stufe 3                110,00 €").text == "Stufe 3  110,00 €"
    assert normalize("Summe   4.500 €").text == "Summe 4.500 €"


def test_column_gap_keeps_the_sum_apart_from_the_row_label():
    from pipeline.extract import extract_text

    amounts = extract_text(normalize("Beitragsstufe   neu (mtl.)\nStufe 3                110,00 €").text).amounts
    assert [a.text for a in amounts] == ["110,00 €"]
