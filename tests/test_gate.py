"""The gate: hostile and mistaken inputs, by kind, each refused with file, line and a Polish message.

Every refused case also checks that the previous output stays byte-identical
and that no staging folder is left behind. Accepted tricky-but-valid inputs
build, and a browser test (test_browser.py) loads them.
"""

import io
import os
import shutil
import struct
import zlib
from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from pypdf import PdfWriter

from tests.sitebuild import build_site, copy_fixture_content, write_file
from tests.test_validation import GOOD_NEWS_HEADER, snapshot
from wachock.build import BuildFailed
from wachock.releases import releases_folder

BIP_FOLDER = "bip/prawo-lokalne/uchwaly-rady-miejskiej/2024"
BIP_HEADER = (
    "Title: Uchwała Nr I/1/2024 w sprawie testowej\n"
    "Date: 2024-03-01 10:00\n"
    "Produced_by: Rada Miejska w Wąchocku\n"
    "Produced_date: 2024-02-28\n"
)
NEWS = "aktualnosci/zly.md"
SHOWN = "content/aktualnosci/zly.md"


def pdf_bytes(user_password: str | None = None, owner_password: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if owner_password or user_password:
        writer.encrypt(user_password=user_password or "", owner_password=owner_password, algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bomb(width: int = 20000, height: int = 20000) -> bytes:
    """A PNG header claiming a huge image, with a tiny compressed body (one colour)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + width // 8) * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def news(body: str, extra_header: str = "") -> str:
    return GOOD_NEWS_HEADER + extra_header + "\n" + body


# (files to write {relative: text or bytes}, expected "path:line:", a fragment of the Polish message)
REFUSED = {
    "placeholder to another host": (
        {NEWS: news("![plan]({tag}//example.invalid/x.png)\n")},
        f"{SHOWN}:5:",
        "prowadzi do innego serwera: po {tag} wpisz tylko ścieżkę",
    ),
    "placeholder with a scheme": (
        {NEWS: news("[plan]({category}https://example.invalid/)\n")},
        f"{SHOWN}:5:",
        "prowadzi do innego serwera: po {category} wpisz tylko ścieżkę",
    ),
    "image by a relative path": (
        {NEWS: news("Plan rynku:\n\n![Plan](images/plan-rynku.png)\n")},
        f"{SHOWN}:7:",
        "„images/plan-rynku.png” ma adres względny",
    ),
    "positive tabindex": ({NEWS: news('<div tabindex="3">Najpierw ja</div>\n')}, f"{SHOWN}:5:", "tabindex=„3”"),
    # --- HTML the source patterns did not see -------------------------------------------------
    "attribute list handler": ({NEWS: news("Akapit\n{: onload=alert(1) }\n")}, f"{SHOWN}:6:", "atrybut onload="),
    "escaped backtick": ({NEWS: news("Zobacz \\`<img src=x onerror=alert(1)>\\`\n")}, f"{SHOWN}:5:", "onerror="),
    "unclosed fence": ({NEWS: news("```\n\nTekst\n\n<img src=x onerror=alert(1)>\n")}, f"{SHOWN}:9:", "onerror="),
    "list continuation": ({NEWS: news("- punkt\n<img src=x onerror=alert(1)>\n")}, f"{SHOWN}:6:", "onerror="),
    "bang comment end": (
        {NEWS: news("Tekst\n\n<!-- uwaga --!><img src=x onerror=alert(1)>\n")},
        f"{SHOWN}:7:",
        "niedozwolony atrybut onerror=",
    ),
    "noscript breakout": (
        {NEWS: news('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>\n')},
        f"{SHOWN}:5:",
        "niedozwolony znacznik <noscript>",
    ),
    "entity javascript": (
        {NEWS: news('<a href="jav&#x61;script&#x3A;alert(1)">x</a>\n')},
        f"{SHOWN}:5:",
        "„javascript:…” (uruchamia skrypt)",
    ),
    "tab entity javascript": (
        {NEWS: news('Tekst\n\n<a href="java&Tab;script:alert(1)">x</a>\n')},
        f"{SHOWN}:7:",
        "„javascript:…” (uruchamia skrypt)",
    ),
    "reference link on next line": (
        {NEWS: news("[kliknij][1]\n\n[1]:\n    javascript:alert(1)\n")},
        f"{SHOWN}:",
        "„javascript:…” (uruchamia skrypt)",
    ),
    "reference image on next line": (
        {NEWS: news("![obraz][2]\n\n[2]:\n    https://evil.example/x.png\n")},
        f"{SHOWN}:",
        "obraz lub plik wczytywany z innego serwera",
    ),
    "svg xlink": (
        {NEWS: news('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>\n')},
        f"{SHOWN}:5:",
        "niedozwolony znacznik <svg>",
    ),
    "srcset candidate": (
        {NEWS: news('<img src="/images/rynek.svg" srcset="/a.png 1x, https://evil.example/b.png 2x" alt="a">\n')},
        f"{SHOWN}:5:",
        "obraz lub plik wczytywany z innego serwera („https://evil.example/b.png”)",
    ),
    "style url": (
        {NEWS: news('<p style="background:url(https://evil.example/x)">x</p>\n')},
        f"{SHOWN}:5:",
        "atrybut style=",
    ),
    "style import": (
        {NEWS: news("Tekst\n\n<style>@import url(https://evil.example/x.css);</style>\n")},
        f"{SHOWN}:7:",
        "niedozwolony znacznik <style>",
    ),
    "link stylesheet": (
        {NEWS: news('<link rel="stylesheet" href="https://evil.example/x.css">\n')},
        f"{SHOWN}:5:",
        "niedozwolony znacznik <link>",
    ),
    "meta refresh": (
        {NEWS: news('<meta http-equiv="refresh" content="0;url=https://evil.example">\n')},
        f"{SHOWN}:5:",
        "niedozwolony znacznik <meta>",
    ),
    "form elsewhere": (
        {NEWS: news('<form action="https://evil.example"><button>Wyślij</button></form>\n')},
        f"{SHOWN}:5:",
        "niedozwolony znacznik <form>",
    ),
    "backslash host": (
        {NEWS: news('<a href="/\\evil.example/">strona</a>\n')},
        f"{SHOWN}:5:",
        "prowadzi do innego serwera",
    ),
    "summary field": (
        {NEWS: news("Tekst.\n", "Summary: <img src=x onerror=alert(1)>\n")},
        f"{SHOWN}:4:",
        "pole „Summary”: niedozwolony atrybut onerror=",
    ),
    # --- files that were never validated but were published ---------------------------------------
    "html file": (
        {"aktualnosci/strona.html": "<script>alert(1)</script>"},
        "content/aktualnosci/strona.html:1:",
        "pliki „.html” nie są publikowane",
    ),
    "htm file": ({"pages/strona.htm": "<p>x</p>"}, "content/pages/strona.htm:1:", "pliki „.htm” nie są publikowane"),
    "rst file": (
        {"pages/strona.rst": "Tytuł\n=====\n"},
        "content/pages/strona.rst:1:",
        "pliki „.rst” nie są publikowane",
    ),
    "mkd file": ({"aktualnosci/x.mkd": news("x")}, "content/aktualnosci/x.mkd:1:", "Zmień nazwę na „x.md”"),
    "mdown file": ({"aktualnosci/x.mdown": news("x")}, "content/aktualnosci/x.mdown:1:", "Zmień nazwę na „x.md”"),
    # --- file fields that left content/ -------------------------------------------------------------
    "attachment up": (
        {f"{BIP_FOLDER}/u.md": BIP_HEADER + "Attachments: ../../../../../pelicanconf.py\n\nTreść.\n"},
        f"content/{BIP_FOLDER}/u.md:5:",
        "ścieżka prowadzi poza folder content/",
    ),
    "image up": (
        {NEWS: news("x", "Image: ../../theme/static/img/herb.svg\nImage_alt: herb\n")},
        f"{SHOWN}:4:",
        "ścieżka prowadzi poza folder content/",
    ),
    "static link up": (
        {NEWS: news("Tekst\n\n[plik]({static}/../pelicanconf.py)\n")},
        f"{SHOWN}:7:",
        "ścieżka prowadzi poza folder content/",
    ),
    "slug with dots": (
        {NEWS: news("x", "Slug: ../../index\n")},
        f"{SHOWN}:4:",
        "niepoprawny adres „../../index” w polu „Slug”",
    ),
    # --- silent data loss --------------------------------------------------------------------
    "upper-case MD": (
        {"aktualnosci/Wazne.MD": news("x")},
        "content/aktualnosci/Wazne.MD:1:",
        "Zmień nazwę na „Wazne.md”",
    ),
    "md.txt": (
        {"aktualnosci/wazne.md.txt": news("x")},
        "content/aktualnosci/wazne.md.txt:1:",
        "Zmień nazwę na „wazne.md”",
    ),
    "markdown in bip": (
        {f"{BIP_FOLDER}/u.markdown": BIP_HEADER + "\nTreść.\n"},
        f"content/{BIP_FOLDER}/u.markdown:1:",
        "Zmień nazwę na „u.md”",
    ),
    "save as home": ({NEWS: news("x", "Save_as: index.html\n")}, f"{SHOWN}:4:", "pole „Save_as” jest niedozwolone"),
    "url field": ({NEWS: news("x", "Url: index.html\n")}, f"{SHOWN}:4:", "pole „Url” jest niedozwolone"),
    "same attachment name": (
        {
            f"{BIP_FOLDER}/u.md": BIP_HEADER + "Attachments: a/plik.pdf, b/plik.pdf\n\nTreść.\n",
            f"{BIP_FOLDER}/a/plik.pdf": pdf_bytes(),
            f"{BIP_FOLDER}/b/plik.pdf": pdf_bytes(),
        },
        f"content/{BIP_FOLDER}/u.md:5:",
        "mają tę samą nazwę",
    ),
    "emoji title": (
        {NEWS: "Title: 🎉🎉\nDate: 2024-05-14\nCategory: Sport\n\nx\n"},
        f"{SHOWN}:1:",
        "z tytułu nie da się utworzyć adresu",
    ),
    "zero-width title": (
        {NEWS: "Title: \u200b\u200b\nDate: 2024-05-14\nCategory: Sport\n\nx\n"},
        f"{SHOWN}:1:",
        "z tytułu nie da się utworzyć adresu",
    ),
    "page takes bip index": (
        {"pages/zla.md": "Title: Zła\nSlug: bip\n\nx\n"},
        "content/pages/zla.md:2:",
        "ten sam adres strony „/bip/” ma też stronę serwisu",
    ),
    "page takes news index": (
        {"pages/zla.md": "Title: Zła\nSlug: aktualnosci\n\nx\n"},
        "content/pages/zla.md:2:",
        "ten sam adres strony „/aktualnosci/” ma też stronę serwisu",
    ),
    "page takes the sms statistics page": (
        {"pages/zla.md": "Title: Zła\nSlug: informator-sms\n\nx\n"},
        "content/pages/zla.md:2:",
        "ten sam adres strony „/informator-sms/” ma też stronę serwisu",
    ),
    "page takes the accessibility statement": (
        {"pages/zla.md": "Title: Deklaracja dostępności\n\nx\n"},
        "content/pages/zla.md:1:",
        "ten sam adres strony „/deklaracja-dostepnosci/” ma też stronę serwisu",
    ),
    "page takes the visit statistics": (
        {"pages/zla.md": "Title: Zła\nSlug: statystyka-odwiedzin\n\nx\n"},
        "content/pages/zla.md:2:",
        "ten sam adres strony „/statystyka-odwiedzin/” ma też stronę serwisu",
    ),
    # --- tracebacks that became messages -------------------------------------------------------
    "corrupt pdf": (
        {f"{BIP_FOLDER}/u.md": BIP_HEADER + "Attachments: u.pdf\n\nx\n", f"{BIP_FOLDER}/u.pdf": b"%PDF-1.4\nzepsuty"},
        f"content/{BIP_FOLDER}/u.pdf:1:",
        "nie jest poprawnym plikiem PDF",
    ),
    "password pdf": (
        {f"{BIP_FOLDER}/u.md": BIP_HEADER + "Attachments: u.pdf\n\nx\n", f"{BIP_FOLDER}/u.pdf": pdf_bytes("tajne")},
        f"content/{BIP_FOLDER}/u.pdf:1:",
        "chroniony hasłem do otwarcia",
    ),
    "cover not an image": (
        {
            "dookola-wachocka/2024/nr-1.md": "Issue: 1\nDate: 2024-03-01\nPdf: nr-1.pdf\nCover: nr-1.png\n\nx\n",
            "dookola-wachocka/2024/nr-1.pdf": pdf_bytes(),
            "dookola-wachocka/2024/nr-1.png": b"to nie jest obraz",
        },
        "content/dookola-wachocka/2024/nr-1.png:1:",
        "nie jest poprawnym obrazem",
    ),
    "decompression bomb": (
        {NEWS: news("x", "Image: images/bomba.png\nImage_alt: bomba\n"), "images/bomba.png": png_bomb()},
        "content/images/bomba.png:1:",
        "zbyt wiele pikseli",
    ),
    "footnote mark in statistics": (
        {"statystyki/odwiedziny-bip.csv": "rok,miesiąc,odwiedziny,odsłony\n2019,,1842828¹,\n"},
        "content/statystyki/odwiedziny-bip.csv:2:",
        "ma być liczba całkowita",
    ),
    "deep quotes": ({NEWS: news(">" * 3000 + " x\n")}, f"{SHOWN}:5:", "zagnieżdżona głębiej niż"),
    "unknown template": (
        {NEWS: news("x", "Template: nieistniejacy\n")},
        f"{SHOWN}:4:",
        "nieznany szablon „nieistniejacy”",
    ),
    # --- accepted though wrong ----------------------------------------------------------------
    "polish field name": (
        {NEWS: "Title: X\nDate: 2024-05-14\nTytuł: Y\nCategory: Sport\n\nx\n"},
        f"{SHOWN}:3:",
        "nieznane pole „Tytuł” w nagłówku (aktualność). Czy chodziło o „Title”?",
    ),
    "photo field name": (
        {NEWS: news("x", "Zdjęcie: images/rynek.svg\n")},
        f"{SHOWN}:4:",
        "nieznane pole „Zdjęcie” w nagłówku (aktualność). Czy chodziło o „Image”?",
    ),
    "alert before date": (
        {NEWS: news("x", "Alert_until: 2024-05-01 10:00\n")},
        f"{SHOWN}:4:",
        "jest wcześniejsza niż „Date”",
    ),
    "produced after published": (
        {f"{BIP_FOLDER}/u.md": BIP_HEADER.replace("Produced_date: 2024-02-28", "Produced_date: 2024-04-28") + "\nx\n"},
        f"content/{BIP_FOLDER}/u.md:4:",
        "jest późniejsza niż „Date”",
    ),
    "year 1025": (
        {NEWS: "Title: X\nDate: 1025-05-14\nCategory: Sport\n\nx\n"},
        f"{SHOWN}:2:",
        "rok 1025 w polu „Date” jest nieprawdopodobny",
    ),
    "year 2205": (
        {NEWS: "Title: X\nDate: 2205-05-14\nCategory: Sport\n\nx\n"},
        f"{SHOWN}:2:",
        "rok 2205 w polu „Date” jest nieprawdopodobny",
    ),
    "year 0001": (
        {NEWS: "Title: X\nDate: 0001-05-14\nCategory: Sport\n\nx\n"},
        f"{SHOWN}:2:",
        "rok 1 w polu „Date” jest nieprawdopodobny",
    ),
    "same bip number": (
        {
            f"{BIP_FOLDER}/a.md": BIP_HEADER + "Number: I/1/2024\n\nx\n",
            f"{BIP_FOLDER}/b.md": BIP_HEADER.replace("testowej", "innej") + "Number: I/1/2024\n\nx\n",
        },
        f"content/{BIP_FOLDER}/b.md:5:",
        "numer „I/1/2024” ma już",
    ),
    "names differ in case": (
        {"aktualnosci/wazne.md": news("x"), "aktualnosci/Wazne.md": news("y").replace("Dobra", "Inna")},
        "content/aktualnosci/Wazne.md:1:",
        "tylko wielkością liter",
    ),
    "own parent": (
        {"pages/sama.md": "Title: Sama\nSlug: sama\nParent: sama\n\nx\n"},
        "content/pages/sama.md:3:",
        "swoją własną stroną nadrzędną",
    ),
    # --- assets -------------------------------------------------------------------------------
    "svg with script": (
        {"images/zly.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'},
        "content/images/zly.svg:1:",
        "zawiera znacznik <script>",
    ),
    "svg loading another host": (
        {"images/zly.svg": '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>'},
        "content/images/zly.svg:1:",
        "odwołuje się do „https://evil.example/x.png”",
    ),
    "unused file": (
        {f"{BIP_FOLDER}/zapomniany.pdf": pdf_bytes()},
        f"content/{BIP_FOLDER}/zapomniany.pdf:1:",
        "żaden dokument nie wskazuje",
    ),
    "unknown file type": (
        {"images/program.exe": b"MZ"},
        "content/images/program.exe:1:",
        "nieobsługiwany rodzaj pliku „.exe”",
    ),
}


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory):
    base = tmp_path_factory.mktemp("previous-gate")
    content = copy_fixture_content(str(base))
    build_site(content, str(base / "output"))
    return base / "output"


def leftover_staging(output) -> list[str]:
    folder = releases_folder(str(output))
    return [name for name in os.listdir(folder) if name.startswith("staging")] if os.path.isdir(folder) else []


def refused_build(tmp_path, previous_output, prepare) -> list[str]:
    content = copy_fixture_content(str(tmp_path))
    prepare(content)
    output = tmp_path / "output"
    shutil.copytree(previous_output, output)
    before = snapshot(output)
    with pytest.raises(BuildFailed) as failure:
        build_site(content, str(output))
    assert snapshot(output) == before
    assert leftover_staging(output) == []
    report = str(failure.value)
    assert "Traceback" not in report
    return report.splitlines()


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_with_file_line_and_polish_message(case, tmp_path, previous_output):
    files, location, message = REFUSED[case]

    def prepare(content):
        for relative, text in files.items():
            write_file(content, relative, text)

    report = refused_build(tmp_path, previous_output, prepare)
    matching = [line for line in report if line.startswith(location) and message in line]
    assert matching, "\n".join(report)
    assert report[-1].startswith("Znaleziono błędów:")


def test_symlinked_folder_is_refused(tmp_path, previous_output):
    outside = tmp_path / "poza"
    outside.mkdir()
    (outside / "x.md").write_text(news("x"), encoding="utf-8")
    report = refused_build(
        tmp_path, previous_output, lambda c: os.symlink(outside, os.path.join(c, "aktualnosci", "link"))
    )
    assert any(line.startswith("content/aktualnosci/link:1: folder jest dowiązaniem symbolicznym") for line in report)


def test_symlinked_attachment_leading_outside_is_refused(tmp_path, previous_output):
    def prepare(content):
        write_file(content, f"{BIP_FOLDER}/u.md", BIP_HEADER + "Attachments: hasla.pdf\n\nx\n")
        os.symlink("/etc/passwd", os.path.join(content, BIP_FOLDER, "hasla.pdf"))

    report = refused_build(tmp_path, previous_output, prepare)
    assert any(
        line.startswith(f"content/{BIP_FOLDER}/hasla.pdf:1: plik jest dowiązaniem symbolicznym do pliku spoza")
        for line in report
    )


def test_attachment_over_the_size_limit_is_refused(tmp_path, previous_output):
    def prepare(content):
        write_file(content, f"{BIP_FOLDER}/u.md", BIP_HEADER + "Attachments: duzy.pdf\n\nx\n")
        with open(os.path.join(content, BIP_FOLDER, "duzy.pdf"), "wb") as handle:
            handle.truncate(3 * 1024 * 1024 * 1024)  # sparse: 3 GB claimed, nothing stored

    report = refused_build(tmp_path, previous_output, prepare)
    assert any(
        line.startswith(f"content/{BIP_FOLDER}/duzy.pdf:1:") and "największy dozwolony" in line for line in report
    )


def test_dot_files_and_folders_are_ignored_everywhere_alike(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    write_file(content, "aktualnosci/.szkic.md", news("<script>alert(1)</script>"))
    write_file(content, "aktualnosci/.robocze/inny.md", news("<script>alert(1)</script>"))
    build_site(content, str(tmp_path / "output"))
    written = [os.path.join(d, f) for d, _, files in os.walk(tmp_path / "output") for f in files]
    assert not any("szkic" in path or "robocze" in path for path in written)


def bip_git_site(tmp_path, versions: list[str]):
    """A repository whose BIP document went through `versions`, one commit each."""
    from tests.test_bip import git

    repository = tmp_path / "repo"
    content = copy_fixture_content(str(repository))
    git(repository, "init", "-q", "-b", "main")
    for number, text in enumerate(versions, start=1):
        write_file(content, f"{BIP_FOLDER}/u.md", text)
        git(repository, "add", "-A")
        git(repository, "commit", "-q", "-m", f"Wersja {number}")
    return content


def test_history_version_failing_the_gate_stops_the_build_naming_the_commit(tmp_path):
    bad = BIP_HEADER + "\nTreść.\n\n<img src=x onerror=alert(1)>\n"
    good = BIP_HEADER + "\nTreść poprawiona.\n"
    content = bip_git_site(tmp_path, [bad, good])
    with pytest.raises(BuildFailed) as failure:
        build_site(content, str(tmp_path / "output"))
    lines = [line for line in str(failure.value).splitlines() if "wersja 1 z historii zmian (commit " in line]
    assert lines and lines[0].startswith(f"content/{BIP_FOLDER}/u.md:8: wersja 1")
    assert "onerror=" in lines[0] and "decyzją o wycofaniu informacji" in lines[0]
    assert not (tmp_path / "output").exists()


# --- valid input that used to be refused --------------------------------------------------------


def test_editors_guide_static_image_builds(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    write_file(content, "aktualnosci/obraz.md", news("![Rynek w Wąchocku]({static}/images/rynek.svg)\n"))
    build_site(content, str(tmp_path / "output"))
    page = (tmp_path / "output/aktualnosci/2024/dobra-wiadomosc/index.html").read_text(encoding="utf-8")
    assert '<img alt="Rynek w Wąchocku" src="/images/rynek.svg"' in page


def test_owner_password_pdf_is_accepted_and_its_text_read(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    write_file(content, f"{BIP_FOLDER}/u.md", BIP_HEADER + "Attachments: u.pdf\n\nx\n")
    write_file(content, f"{BIP_FOLDER}/u.pdf", pdf_bytes(owner_password="wlasciciel"))
    build_site(content, str(tmp_path / "output"))
    assert (tmp_path / "output/bip/prawo-lokalne/uchwaly-rady-miejskiej/2024").is_dir()


def test_decomposed_polish_letters_and_mac_line_endings_are_accepted(tmp_path):
    import unicodedata

    content = copy_fixture_content(str(tmp_path))
    text = "Title: Sołectwo\rDate: 2024-05-14\rCategory: Oświata\rGroups: Węgłów\r\rTreść.\r"
    write_file(content, "aktualnosci/nfd.md", unicodedata.normalize("NFD", text).encode("utf-8"))
    build_site(content, str(tmp_path / "output"))
    page = (tmp_path / "output/aktualnosci/2024/solectwo/index.html").read_text(encoding="utf-8")
    assert "Oświata" in page and "Węgłów" in page


def test_small_jpeg_cover_is_accepted(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), "white").save(buffer, "JPEG")
    write_file(
        content, "dookola-wachocka/2024/nr-1.md", "Issue: 1\nDate: 2024-03-01\nPdf: nr-1.pdf\nCover: nr-1.jpg\n\nx\n"
    )
    write_file(content, "dookola-wachocka/2024/nr-1.pdf", pdf_bytes())
    write_file(content, "dookola-wachocka/2024/nr-1.jpg", buffer.getvalue())
    build_site(content, str(tmp_path / "output"))
    assert (tmp_path / "output/dookola-wachocka/2024/nr-1/okladka.jpg").is_file()


def hostile_text_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, '<script>alert(1)</script> <img src=x onerror="alert(2)"> <a href="javascript:alert(3)">x</a>')
    return bytes(pdf.output())


def test_pdf_text_version_publishes_markup_in_the_pdf_as_inert_text(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    write_file(content, f"{BIP_FOLDER}/u.md", BIP_HEADER + "Attachments: u.pdf\n\nx\n")
    write_file(content, f"{BIP_FOLDER}/u.pdf", hostile_text_pdf())
    build_site(content, str(tmp_path / "output"))
    text_pages = list((tmp_path / "output/bip").rglob("zalaczniki/u/index.html"))
    assert len(text_pages) == 1
    soup = BeautifulSoup(text_pages[0].read_text(encoding="utf-8"), "html5lib")
    text = soup.find("section", class_="pdf-page")
    assert "<script>alert(1)</script>" in text.get_text()
    assert text.find("script") is None and text.find("img") is None and text.find("a") is None
    assert not any(a.get("href", "").startswith("javascript") for a in soup.find_all("a"))


def feed_with(content: str):
    from plugins.feeds import Feed, FeedBuilder, FeedItem

    settings = {"SITEURL": "https://www.wachock.pl", "SITENAME": "Wąchock", "FEEDS": {}}
    item = FeedItem(
        guid="tag:wachock.pl,2024-05-14:x",
        title="x",
        link="aktualnosci/2024/x/",
        date=datetime(2024, 5, 14, tzinfo=UTC),
        content=content,
        source="content/aktualnosci/x.md",
    )
    feed = Feed("news", "t", "d", "aktualnosci/rss.xml", "aktualnosci/", [item], lambda source, guid: source, "a")
    return FeedBuilder(settings), feed, item


def test_feed_item_html_is_gated_as_published_with_absolute_links():
    builder, feed, item = feed_with('<p><img alt="a" src="/images/a.jpg"> <a href="../b/">b</a></p>')
    assert 'src="https://www.wachock.pl/images/a.jpg"' in builder.published_html(item)
    assert builder.gate_problems(feed, [item]) == []


def test_feed_item_loading_from_another_host_stops_the_build_naming_the_source(tmp_path):
    from plugins.core import ContentValidationError

    builder, feed, _ = feed_with('<p><img alt="a" src="https://obcy.example/a.jpg"></p>')
    with pytest.raises(ContentValidationError) as raised:
        builder.write(feed, [feed.make_item(source, None) for source in feed.sources], str(tmp_path))
    assert raised.value.problems[0].path == "content/aktualnosci/x.md"
    assert "w kanale aktualnosci/rss.xml: obraz lub plik wczytywany z innego serwera" in str(raised.value)
    assert not (tmp_path / "aktualnosci/rss.xml").exists()


def test_discovery_lists_a_folders_files_before_its_folders_and_skips_hidden_and_ignored(tmp_path):
    from plugins.core.discovery import discover

    for relative in ("b.md", "a.md", "z/y.md", "z/x/w.md", "m/n.md", ".git/c.md", "z/.#x.md", "z/q.md~", "p.png"):
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    os.symlink(tmp_path / "m", tmp_path / "k")
    found = discover(str(tmp_path), [".#*", "*~"])
    assert found.documents == ["a.md", "b.md", "m/n.md", "z/y.md", "z/x/w.md"]
    assert found.assets == ["p.png"]
    assert [(problem.path, problem.line) for problem in found.problems] == [(f"{tmp_path.name}/k", 1)]
