"""Every validation rule: exact file, line and message, and nothing published."""

import hashlib
import os
import shutil

import pytest

from tests.sitebuild import build_site, copy_fixture_content, write_file
from wachock.build import BuildFailed

GOOD_NEWS_HEADER = "Title: Dobra wiadomość\nDate: 2024-05-14 09:30\nCategory: Sport\n"
DATE_HINT = "Wpisz datę jako RRRR-MM-DD albo RRRR-MM-DD GG:MM, np. 2024-05-14 albo 2024-05-14 09:30."

CASES = {
    "address_in_a_folder_of_the_build": (
        "pages/wyszukiwarka.md",
        "Title: Wyszukiwarka\nSlug: pagefind\n\nTekst.\n",
        "content/pages/wyszukiwarka.md:2: adres „/pagefind/” należy do samego serwisu (folder „pagefind” "
        "zajmują wyszukiwarka, wygląd strony albo raport budowania), więc ta strona by zniknęła. Nadaj jej "
        "inny adres, np. „Slug: inna-nazwa-strony”.",
    ),
    "missing_required": (
        "aktualnosci/zly.md",
        "Date: 2024-05-14\nCategory: Sport\n\nTekst.\n",
        "content/aktualnosci/zly.md:1: brak wymaganego pola „Title” (aktualność). Dopisz na początku "
        "pliku wiersz „Title: tytuł aktualności”.",
    ),
    "empty_required": (
        "aktualnosci/zly.md",
        "Title:\nDate: 2024-05-14\nCategory: Sport\n\nTekst.\n",
        "content/aktualnosci/zly.md:1: pole „Title” jest puste. Wpisz wartość po dwukropku, "
        "np. „Title: tytuł aktualności”.",
    ),
    "unknown_field": (
        "aktualnosci/zly.md",
        GOOD_NEWS_HEADER + "Sumary: krótko\n\nTekst.\n",
        "content/aktualnosci/zly.md:4: nieznane pole „Sumary” w nagłówku (aktualność). Czy chodziło o "
        "„Summary”? Dozwolone pola: Title, Date, Category, Tags, Summary, Modified, Expires, Slug, Image, "
        "Image_alt, Status, Groups, Alert_until, Template, Save_as, Url, Lang, Translation.",
    ),
    "unknown_category": (
        "aktualnosci/zly.md",
        "Title: X\nDate: 2024-05-14\nCategory: Sporty\n\nTekst.\n",
        "content/aktualnosci/zly.md:3: nieznana wartość „Sporty” w polu „Category”. Czy chodziło o "
        "„Sport”? Dozwolone: „Aktualności”, „Komunikaty”, „Kultura”, „Sport”, „Inwestycje”, „Oświata”.",
    ),
    "unknown_group": (
        "aktualnosci/zly.md",
        GOOD_NEWS_HEADER + "Groups: Parszów, Wegłów\n\nTekst.\n",
        "content/aktualnosci/zly.md:4: nieznana wartość „Wegłów” w polu „Groups”. Czy chodziło o "
        "„Węgłów”? Dozwolone: „Zagrożenie powodziowe”, „Marcinków”, „Parszów”, „Rataje”, „Węgłów”, "
        "„Wielka Wieś”, „Wąchock Północ”, „Wąchock Południe”.",
    ),
    "unparseable_date": (
        "aktualnosci/zly.md",
        "Title: X\nDate: 14.05.2024\nCategory: Sport\n\nTekst.\n",
        f"content/aktualnosci/zly.md:2: nieprawidłowy format daty „14.05.2024” w polu „Date”. {DATE_HINT}",
    ),
    "impossible_date": (
        "aktualnosci/2024/zly.md",
        "Title: X\nCategory: Sport\nDate: 2024-02-30 25:00\n\nTekst.\n",
        f"content/aktualnosci/2024/zly.md:3: taka data nie istnieje: „2024-02-30 25:00” w polu „Date”. {DATE_HINT}",
    ),
    "missing_image": (
        "aktualnosci/zly.md",
        GOOD_NEWS_HEADER + "Image: images/Rynek.svg\nImage_alt: Rynek\n\nTekst.\n",
        "content/aktualnosci/zly.md:4: nie ma pliku „images/Rynek.svg” (pole „Image”). Sprawdź nazwę "
        "pliku (wielkość liter ma znaczenie) albo dodaj plik w folderze content/.",
    ),
    "image_without_alt": (
        "aktualnosci/zly.md",
        GOOD_NEWS_HEADER + "Image: images/rynek.svg\n\nTekst.\n",
        "content/aktualnosci/zly.md:4: pole „Image” wymaga pola „Image_alt” (opis obrazu dla osób, "
        "które go nie widzą). Dopisz wiersz „Image_alt: krótki opis tego, co widać na zdjęciu”.",
    ),
    "not_utf8": (
        "aktualnosci/zly.md",
        "Title: Zażółć\nDate: 2024-05-14\nCategory: Sport\n\nGęślą jaźń.\n".encode("cp1250"),
        "content/aktualnosci/zly.md:1: plik nie jest zapisany w kodowaniu UTF-8 (bajt 0xbf). Zapisz go "
        "ponownie jako UTF-8 (w Notatniku: Zapisz jako → Kodowanie: UTF-8).",
    ),
    "script_tag": (
        "aktualnosci/zly.md",
        GOOD_NEWS_HEADER + '\nAkapit.\n\n<script src="/x.js"></script>\n',
        "content/aktualnosci/zly.md:7: niedozwolony znacznik <script>: strona nie może uruchamiać "
        "skryptów ani osadzać cudzych stron. Usuń go; film lub mapę podlinkuj zwykłym odnośnikiem "
        "[opis](adres).",
    ),
    "iframe_tag": (
        "pages/zla.md",
        'Title: Mapa\n\n<iframe src="https://maps.example.com/embed"></iframe>\n',
        "content/pages/zla.md:3: niedozwolony znacznik <iframe>: strona nie może uruchamiać skryptów "
        "ani osadzać cudzych stron. Usuń go; film lub mapę podlinkuj zwykłym odnośnikiem [opis](adres).",
    ),
    "event_handler": (
        "aktualnosci/zly.md",
        GOOD_NEWS_HEADER + '\n<p onclick="steal()">Kliknij</p>\n',
        "content/aktualnosci/zly.md:5: niedozwolony atrybut onclick= w znaczniku <p> (uruchamia skrypt). Usuń go.",
    ),
    "unknown_status": (
        "aktualnosci/zly.md",
        GOOD_NEWS_HEADER + "Status: szkic\n\nTekst.\n",
        "content/aktualnosci/zly.md:4: nieznana wartość „szkic” w polu „Status”. Dozwolone: „published”, "
        "„draft”, „hidden”.",
    ),
    "javascript_link": (
        "aktualnosci/zly.md",
        GOOD_NEWS_HEADER + "\nZobacz [tutaj](javascript:alert(1)).\n",
        "content/aktualnosci/zly.md:5: niedozwolony adres odnośnika „javascript:…” (uruchamia skrypt). "
        "Wpisz zwykły adres strony.",
    ),
    "external_image": (
        "aktualnosci/zly.md",
        GOOD_NEWS_HEADER + "\n\n![Logo](https://cdn.example.com/logo.png)\n",
        "content/aktualnosci/zly.md:6: obraz lub plik wczytywany z innego serwera "
        "(„https://cdn.example.com/logo.png”). Strona nie może niczego pobierać z cudzych serwerów: "
        "zapisz plik w content/images/ i wstaw go jako ![opis]({static}/images/nazwa.jpg).",
    ),
    "duplicate_url": (
        "pages/inne-solectwa.md",
        "Title: Inne sołectwa\nSlug: solectwa\n\nTekst.\n",
        "content/pages/inne-solectwa.md:2: ten sam adres strony „/solectwa/” ma też content/pages/solectwa.md. "
        "Nadaj jednemu z plików inny adres, dopisując np. „Slug: inna-nazwa-strony”.",
    ),
    "unknown_parent": (
        "pages/podstrona.md",
        "Title: Podstrona\nParent: solectwo\n\nTekst.\n",
        "content/pages/podstrona.md:2: nie ma strony o adresie „solectwo” (pole „Parent”). Wpisz adres "
        "(Slug) istniejącej strony, np. jedną z: kontakt, podstrona, solectwa, solectwo-marcinkow.",
    ),
    "unpublished_folder": (
        "aktualnosc/zly.md",
        GOOD_NEWS_HEADER + "\nTekst.\n",
        "content/aktualnosc/zly.md:1: plik leży w folderze, którego strona nie publikuje. Przenieś go do "
        "jednego z folderów: content/aktualnosci/, content/bip/, content/dookola-wachocka/, content/pages/, "
        "content/wydarzenia/.",
    ),
}


def snapshot(root) -> dict[str, str]:
    files = {}
    for directory, _, names in os.walk(root):
        for name in names:
            path = os.path.join(directory, name)
            with open(path, "rb") as handle:
                files[os.path.relpath(path, root)] = hashlib.sha256(handle.read()).hexdigest()
    return files


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory):
    """A good build of the fixture site: what residents see before the bad commit."""
    base = tmp_path_factory.mktemp("previous")
    content = copy_fixture_content(str(base))
    build_site(content, str(base / "output"))
    return base / "output"


@pytest.mark.parametrize("case", sorted(CASES))
def test_rule_reports_file_line_and_message_and_publishes_nothing(case, tmp_path, previous_output):
    relative, text, expected_line = CASES[case]
    content = copy_fixture_content(str(tmp_path))
    write_file(content, relative, text)
    output = tmp_path / "output"
    shutil.copytree(previous_output, output)
    before = snapshot(output)

    with pytest.raises(BuildFailed) as failure:
        build_site(content, str(output))

    report = str(failure.value).splitlines()
    assert expected_line in report
    assert report[-1].startswith("Znaleziono błędów:")
    assert snapshot(output) == before
    leftovers = [name for name in os.listdir(tmp_path) if "staging" in name]
    assert leftovers == []


def test_all_problems_of_a_build_are_reported_together(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    for case in ("unknown_category", "missing_image", "duplicate_url"):
        relative, text, _ = CASES[case]
        write_file(content, relative.replace("zly", f"zly-{case}"), text)
    with pytest.raises(BuildFailed) as failure:
        build_site(content, str(tmp_path / "output"))
    report = str(failure.value).splitlines()
    assert report[-1].startswith("Znaleziono błędów: 4.")  # the duplicate URL names both files
    assert not (tmp_path / "output").exists()


def test_script_inside_code_block_is_allowed(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    write_file(
        content,
        "aktualnosci/kod.md",
        GOOD_NEWS_HEADER + "\nPrzykład:\n\n```html\n<script>alert(1)</script>\n```\n\nI `<iframe>` w tekście.\n",
    )
    build_site(content, str(tmp_path / "output"))
    page = (tmp_path / "output/aktualnosci/2024/dobra-wiadomosc/index.html").read_text()
    assert "&lt;script&gt;" in page
    assert "<script>" not in page


def test_unknown_settings_key_is_refused(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    with pytest.raises(BuildFailed, match="unknown keys \\['categorys'\\]") as failure:
        build_site(content, str(tmp_path / "output"), NEWS={"categorys": ["Sport"]})
    assert "Traceback" not in str(failure.value)
