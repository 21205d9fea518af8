"""Unit tests of what the search plugin adds to each indexed page (the browser tests search for real)."""

from plugins.search import FOLDED_MARK, INDEXED_MARK, plain_word, searchable_tail

SYNONYMS = [(plain_word("odpadów"), ("śmieci", "wywóz")), (plain_word("dowód"), ("dowodu",))]


def page(text: str) -> str:
    return f"<main {INDEXED_MARK}><h1>Strona</h1><p>{text}</p></main>"


def added_words(html: str) -> list[str]:
    start = html.find(FOLDED_MARK)
    return html[start + 1 : html.find(FOLDED_MARK, start + 1)].split() if start >= 0 else []


def test_a_page_gets_the_residents_words_for_the_sites_own_only_when_it_has_them():
    assert added_words(searchable_tail(page("Harmonogram odbioru odpadów komunalnych"), SYNONYMS)) == [
        "śmieci",
        "wywóz",
    ]
    assert added_words(searchable_tail(page("Odpady wielkogabarytowe"), SYNONYMS)) == []  # no word starts "odpadow"
    assert added_words(searchable_tail(page("Zebranie wiejskie"), SYNONYMS)) == []


def test_a_stem_matches_the_start_of_a_word_whatever_its_diacritics_and_case():
    assert added_words(searchable_tail(page("DOWODY osobiste"), SYNONYMS)) == ["dowodu"]
    assert added_words(searchable_tail(page("Dowód osobisty i odpady"), SYNONYMS)) == ["dowodu"]


def test_words_with_l_stroke_are_added_as_typed_without_it():
    assert added_words(searchable_tail(page("Szkoła w Wąchocku"), [])) == ["Szkola"]
