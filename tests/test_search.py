"""The search plugin: what it adds to each indexed page and how it splits the index into sections (the
browser tests search for real)."""

import json
import os

import pytest
from bs4 import BeautifulSoup

from plugins.core.record import read_record
from plugins.search import FOLDED_MARK, INDEXED_MARK, plain_word, searchable_tail
from tests.sitebuild import build_site, copy_fixture_content
from tests.test_validation_cache import append
from wachock import releases

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


def test_a_page_belongs_to_the_section_of_its_longest_folder_and_the_rest_to_the_main_bundle(tmp_path):
    from plugins.core.session import start_session
    from plugins.search import SearchBuild

    settings = {"SEARCH": {"enabled": False, "sections": ("bip/", "bip/uchwaly/", "aktualnosci/")}}
    start_session(settings)
    search = SearchBuild(settings)
    assert search.section_of("bip/uchwaly/2024/nr-1/index.html") == "bip-uchwaly"
    assert search.section_of("bip/zarzadzenia/index.html") == "bip"
    assert search.section_of("aktualnosci-archiwum/index.html") == ""
    assert search.section_of("kontakt/index.html") == ""


@pytest.mark.parametrize("prefix", ["/bip/", "bip", "../", "Bip/", "index/", "aktualnosci/../"])
def test_a_section_must_be_a_folder_of_the_site_that_is_not_pagefinds_own(prefix):
    from plugins.core.settings import SettingsError
    from plugins.search import search_settings

    with pytest.raises(SettingsError):
        search_settings({"SEARCH": {"sections": (prefix,)}})


def test_an_edit_reindexes_its_own_section_and_takes_the_others_from_the_live_release(tmp_path):
    """Sections are indexed on their own: one news edit re-indexes the news; the BIP's bundle and the main
    one are the live release's files (hard links), and a build whose pages are unchanged indexes nothing."""
    content = copy_fixture_content(str(tmp_path / "work"))
    output = str(tmp_path / "output")
    sections = {"SEARCH": {"enabled": True, "sections": ("aktualnosci/", "bip/")}}
    build_site(content, output, **sections)
    first = releases.current_release(output)
    entries = {name: f"{folder}pagefind-entry.json" for name, folder in BUNDLES.items()}
    assert all(os.path.isfile(os.path.join(first, entry)) for entry in entries.values())
    noted = read_record(first)["notes"]["search"]
    assert noted["aktualnosci"]["pages"] and noted["bip"]["pages"] and noted[""]["pages"]
    assert "kontakt/index.html" in noted[""]["pages"]

    append(content, NEWS, "\nAkapit dopisany po sesji.\n")
    build_site(content, output, **sections)
    second = releases.current_release(output)
    assert second != first
    assert inode(first, entries["bip"]) == inode(second, entries["bip"])
    assert inode(first, entries[""]) == inode(second, entries[""])
    assert inode(first, "pagefind/pagefind.js") == inode(second, "pagefind/pagefind.js")
    assert inode(first, entries["aktualnosci"]) != inode(second, entries["aktualnosci"])
    with open(os.path.join(second, "pagefind/aktualnosci/pagefind-entry.json"), encoding="utf-8") as handle:
        assert json.load(handle)["languages"]["pl"]["page_count"] == len(noted["aktualnosci"]["pages"])
    assert not os.path.exists(os.path.join(second, "pagefind/aktualnosci/aktualnosci"))


def test_the_search_page_names_the_sections_it_merges(tmp_path):
    content = copy_fixture_content(str(tmp_path / "work"))
    output = str(tmp_path / "output")
    build_site(content, output, SEARCH={"enabled": False, "sections": ("aktualnosci/", "bip/uchwaly/")})
    with open(os.path.join(output, "szukaj/index.html"), encoding="utf-8") as handle:
        soup = BeautifulSoup(handle.read(), "html.parser")
    assert json.loads(soup.find(id="sekcje-wyszukiwania").string) == ["aktualnosci", "bip-uchwaly"]


BUNDLES = {"": "pagefind/", "aktualnosci": "pagefind/aktualnosci/", "bip": "pagefind/bip/"}
NEWS = "aktualnosci/uchwala.md"


def inode(release: str, relative: str) -> int:
    return os.stat(os.path.join(release, relative)).st_ino


def test_after_one_edit_only_the_changed_pages_words_are_worked_out_again(tmp_path, monkeypatch):
    import plugins.search as search

    content = copy_fixture_content(str(tmp_path / "work"))
    output = str(tmp_path / "output")
    build_site(content, output)
    worked, original = [], search.page_words

    def counted(html, synonyms):
        worked.append(html)
        return original(html, synonyms)

    monkeypatch.setattr(search, "page_words", counted)
    append(content, NEWS, "\nAkapit dopisany po sesji.\n")
    build_site(content, output)
    assert len(worked) == 1 and "Akapit dopisany po sesji." in worked[0]
    release = releases.current_release(output)
    # and every other page of its section indexed again (the demo's settings: news are a section)
    assert len(read_record(release)["notes"]["search"]["aktualnosci"]["pages"]) > 1


def test_a_live_release_that_does_not_say_what_it_indexed_still_gives_every_page_to_the_index(tmp_path):
    from plugins.core.record import RECORD_NAME

    content = copy_fixture_content(str(tmp_path / "work"))
    output = str(tmp_path / "output")
    build_site(content, output)
    first = releases.current_release(output)
    indexed = read_record(first)["notes"]["search"][""]["pages"]
    record_file = os.path.join(first, RECORD_NAME)
    with open(record_file, encoding="utf-8") as handle:
        record = json.load(handle)
    del record["notes"]  # as a release made by code before the notes
    os.unlink(record_file)  # a hard link shared with nothing else, but never write through one
    with open(record_file, "w", encoding="utf-8") as handle:
        json.dump(record, handle)
    append(content, NEWS, "\nAkapit dopisany po sesji.\n")
    build_site(content, output)
    assert read_record(releases.current_release(output))["notes"]["search"][""]["pages"] == indexed
