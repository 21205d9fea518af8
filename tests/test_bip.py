"""BIP: the register of changes from git, versions, removed documents, metryczka, validation."""

import os
import re
import subprocess

import pytest
from bs4 import BeautifulSoup

from plugins.core import PdfTextCache
from tests.sitebuild import PROJECT_ROOT, build_site, copy_fixture_content, words, write_file
from wachock.build import BuildFailed

DOCUMENT = "bip/prawo-lokalne/uchwaly-rady-miejskiej/2024/uchwala-1.md"
DOCUMENT_URL = "bip/prawo-lokalne/uchwaly-rady-miejskiej/2024/uchwala-nr-i-1-2024-w-sprawie-testowej/"
HEADER = (
    "Title: Uchwała Nr I/1/2024 w sprawie testowej\n"
    "Date: 2024-03-01 10:00\n"
    "Produced_by: Rada Miejska w Wąchocku\n"
    "Produced_date: 2024-02-28\n"
    "Number: I/1/2024\n"
)
METRYCZKA_LABELS = [
    "Udostępnił",
    "Informację wytworzył",
    "Data wytworzenia",
    "Osoba odpowiedzialna za treść",
    "Informację wprowadził",
    "Data publikacji",
    "Zatwierdzono (commit)",  # only in a preview: a build without the server's publication ledger
    "Pierwotna publikacja",  # only for a document migrated from the previous BIP
    "Data ostatniej zmiany",  # only when the document changed after it was added
    "Liczba wersji",
]
OPTIONAL_LABELS = {"Zatwierdzono (commit)", "Pierwotna publikacja", "Data ostatniej zmiany"}


def git(repository, *arguments, author="Anna Nowak <a.nowak@wachock.pl>"):
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": author.split(" <")[0],
        "GIT_AUTHOR_EMAIL": author.split("<")[1].rstrip(">"),
        "GIT_COMMITTER_NAME": "CI",
        "GIT_COMMITTER_EMAIL": "ci@example.invalid",
    }
    subprocess.run(["git", "-C", str(repository), *arguments], check=True, capture_output=True, env=environment)


def soup_of(path) -> BeautifulSoup:
    with open(path, encoding="utf-8") as handle:
        return BeautifulSoup(handle.read(), "html.parser")


def text_of(path) -> str:
    return soup_of(path).main.get_text(" ", strip=True).replace("\xa0", " ")


@pytest.fixture(scope="module")
def history_site(tmp_path_factory):
    """A git repository where a BIP document is added, edited twice and deleted."""
    repository = tmp_path_factory.mktemp("repo")
    content = copy_fixture_content(str(repository))
    git(repository, "init", "-q", "-b", "main")
    write_file(content, DOCUMENT, HEADER + "\nPierwsza treść uchwały.\n")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "Publikacja uchwały Nr I/1/2024")
    write_file(content, DOCUMENT, HEADER + "\nDruga treść uchwały.\n")
    git(repository, "commit", "-q", "-am", "Korekta literówki w treści", author="Jan Kowalski <j.kowalski@wachock.pl>")
    write_file(content, DOCUMENT, HEADER + "Status: uchylony\n\nTrzecia treść uchwały.\n")
    git(repository, "commit", "-q", "-am", "Uchwała uchylona uchwałą Nr II/9/2024")
    git(repository, "rm", "-q", os.path.join("content", DOCUMENT))
    git(repository, "commit", "-q", "-m", "Usunięcie: uchwała opublikowana w niewłaściwej kategorii")
    output = repository / "output"
    build_site(content, str(output))
    return output


def test_register_lists_the_four_changes_newest_first_with_their_reasons(history_site):
    table = soup_of(history_site / "bip/rejestr-zmian/index.html").find("table", class_="register")
    rows = [[words(cell) for cell in row.find_all("td")] for row in table.tbody.find_all("tr")]
    assert [(row[2], row[4]) for row in rows] == [
        ("usunięcie", "Usunięcie: uchwała opublikowana w niewłaściwej kategorii"),
        ("zmiana", "Uchwała uchylona uchwałą Nr II/9/2024"),
        ("zmiana", "Korekta literówki w treści"),
        ("dodanie", "Publikacja uchwały Nr I/1/2024"),
    ]
    assert rows[2][3] == "Jan Kowalski, podinspektor ds. organizacyjnych"
    assert all("Uchwała Nr I/1/2024" in row[1] for row in rows)


def test_every_earlier_version_is_rendered_in_full_with_its_metryczka(history_site):
    first = text_of(history_site / DOCUMENT_URL / "wersja-1/index.html")
    second = text_of(history_site / DOCUMENT_URL / "wersja-2/index.html")
    assert "Wersja archiwalna z dnia" in first and "Pierwsza treść uchwały." in first
    assert "Druga treść uchwały." in second and "Pierwsza treść" not in second
    assert "Status obowiązujący" in second
    third = text_of(history_site / DOCUMENT_URL / "wersja-3/index.html")
    assert "Status uchylony" in third
    shown_here = ("Pierwotna publikacja", "Zatwierdzono (commit)")  # migrated, and built without the ledger
    for label in METRYCZKA_LABELS:
        assert (label in first) == (label not in OPTIONAL_LABELS or label in shown_here), label
    assert "Data ostatniej zmiany" in second
    history = text_of(history_site / DOCUMENT_URL / "historia/index.html")
    assert history.count("wersja ") >= 3


def test_deleted_document_stays_published_as_removed(history_site):
    page = text_of(history_site / DOCUMENT_URL / "index.html")
    assert "Informacja usunięta dnia" in page
    assert "powód: Usunięcie: uchwała opublikowana w niewłaściwej kategorii" in page
    assert "Trzecia treść uchwały." in page
    removed = soup_of(history_site / "bip/rejestr-usunietych-informacji/index.html")
    assert removed.find("a", href=f"/{DOCUMENT_URL}")
    metryczka = soup_of(history_site / DOCUMENT_URL / "index.html").find("section", class_="metryczka").get_text()
    assert "Anna Nowak" in metryczka  # wprowadził: the author of the first commit


def test_history_is_read_with_a_fixed_number_of_git_processes(tmp_path, monkeypatch):
    from plugins.bip import history

    repository = tmp_path / "repo"
    content = copy_fixture_content(str(repository))
    git(repository, "init", "-q", "-b", "main")
    for number in range(12):
        write_file(
            content, DOCUMENT.replace("uchwala-1", f"uchwala-{number}"), HEADER.replace("I/1", f"I/{number}") + "\nx\n"
        )
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "Publikacja")
    calls = []
    real_run = subprocess.run
    monkeypatch.setattr("wachock.status.describe_commit", lambda path: "")  # the status page's one call
    monkeypatch.setattr(history.subprocess, "run", lambda *a, **k: calls.append(a[0]) or real_run(*a, **k))
    build_site(content, str(tmp_path / "out"))
    # the history, the blobs, and the versions of two data files that may only grow (withdrawals, and the
    # editors' accounts in bip.yaml), a log and a cat-file each: 8 at most, however many documents
    assert len([c for c in calls if c[0] == "git"]) <= 8


def test_tree_without_git_builds_and_says_the_register_is_incomplete(tmp_path, caplog):
    content = copy_fixture_content(str(tmp_path))
    write_file(content, DOCUMENT, HEADER + "\nTreść.\n")
    with caplog.at_level("WARNING"):
        build_site(content, str(tmp_path / "out"))
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1 and "rejestr zmian jest niepełny" in warnings[0]
    page = text_of(tmp_path / "out" / DOCUMENT_URL / "historia/index.html")
    assert "Rejestr zmian jest niepełny" in page


def test_every_demo_document_page_carries_the_whole_metryczka(demo_site):
    pages = []
    for directory, _, names in os.walk(os.path.join(demo_site, "bip")):
        if "index.html" in names:
            soup = soup_of(os.path.join(directory, "index.html"))
            if soup.find("article", class_="bip-document") and not re.search(r"wersja-|porownanie", directory):
                pages.append(soup)
    assert len(pages) >= 12
    for soup in pages:
        metryczka = soup.find("section", class_="metryczka")
        labels = [dt.get_text() for dt in metryczka.find_all("dt")]
        assert labels == [label for label in METRYCZKA_LABELS if label in labels]
        assert set(METRYCZKA_LABELS) - set(labels) <= OPTIONAL_LABELS
        assert all(dd.get_text(strip=True) for dd in metryczka.find_all("dd"))
        assert metryczka.find("time", datetime=True)


def test_demo_publishes_the_mayors_report_with_the_exact_figures(demo_site):
    url = (
        "bip/dostep-do-informacji-publicznej/2021/"
        "informacja-burmistrza-o-stanie-i-sposobie-komunikacji-spolecznej-w-gminie-wachock/"
    )
    page = text_of(os.path.join(demo_site, url, "index.html"))
    for figure in ("2003 5 786", "2019 1 842 828", "2020 2 473 566", "WĄCHOCK POŁUDNIE 165 156", "RAZEM 899 879"):
        assert figure in page
    assert "Sebastian Staniszewski" in page


def test_demo_covers_at_least_eight_categories_and_every_category_page_exists(demo_site):
    categories = set()
    for directory, _, names in os.walk(os.path.join(demo_site, "bip")):
        if "index.html" in names and soup_of(os.path.join(directory, "index.html")).find(
            "article", class_="bip-document"
        ):
            categories.add(os.path.relpath(directory, os.path.join(demo_site, "bip")).split("/")[0])
    assert len(categories) >= 8
    empty = text_of(os.path.join(demo_site, "bip/petycje/index.html"))
    assert "Brak informacji w tej kategorii." in empty


def test_pdf_attachment_has_a_text_version_and_extraction_is_cached(tmp_path):
    pdf = os.path.join(PROJECT_ROOT, "content/bip/prawo-lokalne/uchwaly-rady-miejskiej/2024/uchwala-xii-85-2024.pdf")
    cache = PdfTextCache(str(tmp_path / "cache"))
    pages = cache.pages(pdf)
    assert "48 612 300 zł" in pages[0]
    assert PdfTextCache(str(tmp_path / "cache")).pages(pdf) == pages
    again = PdfTextCache(str(tmp_path / "cache"))
    again.pages(pdf)
    assert again.extractions == 0


@pytest.mark.parametrize(
    ("relative", "text", "expected"),
    [
        (
            "bip/nieznana-kategoria/dok.md",
            HEADER + "\nx\n",
            "content/bip/nieznana-kategoria/dok.md:1: dokument BIP leży poza folderem kategorii.",
        ),
        (
            "bip/petycje/dok.md",
            HEADER + "Attachments: brak.pdf\n\nx\n",
            "content/bip/petycje/dok.md:6: nie ma pliku „brak.pdf” (pole „Attachments”).",
        ),
        (
            "bip/petycje/dok.md",
            HEADER.replace("Produced_by: Rada Miejska w Wąchocku\n", "") + "\nx\n",
            "content/bip/petycje/dok.md:1: brak wymaganego pola „Produced_by” (dokument BIP).",
        ),
        (
            "bip/petycje/dok.md",
            HEADER + "Status: nieaktualny\n\nx\n",
            "content/bip/petycje/dok.md:6: nieznana wartość „nieaktualny” w polu „Status”.",
        ),
    ],
)
def test_bip_document_validation(tmp_path, relative, text, expected):
    content = copy_fixture_content(str(tmp_path))
    write_file(content, relative, text)
    with pytest.raises(BuildFailed) as failure:
        build_site(content, str(tmp_path / "out"))
    assert any(line.startswith(expected) for line in str(failure.value).splitlines()), str(failure.value)


BIP_LINKS = [
    "Instrukcja korzystania z BIP",
    "Redakcja BIP",
    "Rejestr zmian",
    "Statystyka odwiedzin",
    "Mapa BIP",
    "Deklaracja dostępności",
]


def test_every_bip_page_has_the_logo_menu_search_and_required_links(demo_site):
    checked = 0
    for directory, _, names in os.walk(os.path.join(demo_site, "bip")):
        if "index.html" not in names:
            continue
        soup = soup_of(os.path.join(directory, "index.html"))
        aside = soup.find("aside", class_="bip__aside")
        banner = soup.find(class_="bip__banner")  # first in the BIP's content, above the text at every width
        assert banner.find_next(["h1", "aside"]).name == "h1"
        assert banner.find("img", alt=lambda alt: alt.startswith("Biuletyn Informacji Publicznej")).parent["href"] == (
            "https://www.bip.gov.pl"
        )
        assert words(banner) == "Biuletyn Informacji Publicznej Urzędu Miasta i Gminy Wąchock"
        assert aside.find("nav", attrs={"aria-label": "Menu BIP"}).find("a", string="Prawo lokalne")
        link_texts = {words(a) for a in aside.find_all("a")}
        assert set(BIP_LINKS) <= link_texts, directory
        assert soup.find("form", role="search").find("label")
        checked += 1
    assert checked > 40


def test_editors_page_has_address_phone_and_email_from_settings(demo_site):
    soup = soup_of(os.path.join(demo_site, "bip/redakcja-bip/index.html"))
    assert soup.find("a", href="tel:+48412736100")
    assert soup.find("a", href="mailto:bip@wachock.pl")
    assert "ul. Wielkowiejska 1" in words(soup.main)


def test_static_and_filename_links_in_a_bip_document_resolve_in_page_and_feed(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    write_file(
        content,
        DOCUMENT,
        HEADER + "\n[plan]({static}/images/rynek.svg) i [komunikat]({filename}/aktualnosci/uchwala.md)\n",
    )
    write_file(
        content,
        "aktualnosci/odsylacz.md",
        "Title: Odsyłacz\nDate: 2024-05-20\nCategory: Aktualności\n\n[uchwała]({filename}/" + DOCUMENT + ")\n",
    )
    output = tmp_path / "output"
    build_site(content, str(output))
    links = {a.get_text(): a["href"] for a in soup_of(output / DOCUMENT_URL / "index.html").main.find_all("a")}
    assert links["plan"] == "/images/rynek.svg"
    assert links["komunikat"].startswith("/aktualnosci/2024/") and "{filename}" not in links["komunikat"]
    news_links = {
        a.get_text(): a["href"] for a in soup_of(output / "aktualnosci/2024/odsylacz/index.html").find_all("a")
    }
    assert news_links["uchwała"] == f"/{DOCUMENT_URL}"
    feed = (output / "bip/rss.xml").read_text(encoding="utf-8")
    assert "{static}" not in feed and "{filename}" not in feed
    assert "http://127.0.0.1:8000/images/rynek.svg" in feed


def test_missing_static_target_in_a_bip_document_is_refused_with_its_line(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    write_file(content, DOCUMENT, HEADER + "\nWstęp.\n\n[plan]({static}/images/nie-ma.svg)\n")
    with pytest.raises(BuildFailed) as failure:
        build_site(content, str(tmp_path / "output"))
    assert f"content/{DOCUMENT}:9: odnośnik {{static}}/images/nie-ma.svg" in str(failure.value)
    assert not (tmp_path / "output").exists()


def test_a_rebuild_reads_only_new_commits_and_renders_only_new_texts(tmp_path, monkeypatch):
    from plugins.bip import history
    from plugins.core import snapshot

    repository = tmp_path / "repo"
    content = copy_fixture_content(str(repository))
    git(repository, "init", "-q", "-b", "main")
    for number in range(3):
        path = DOCUMENT.replace("uchwala-1", f"uchwala-{number}")
        write_file(content, path, HEADER.replace("I/1", f"I/{number}") + f"\nTreść {number}.\n")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "Publikacja trzech uchwał")
    output = str(tmp_path / "out")
    build_site(content, output)

    logged, rendered = [], []
    real_log = history.log_changes
    monkeypatch.setattr(history, "log_changes", lambda *a: logged.append(a[2]) or real_log(*a))
    real_renderer = snapshot.body_renderer

    def counting_renderer(markdown_settings):
        render = real_renderer(markdown_settings)
        return lambda body: rendered.append(body) or render(body)

    monkeypatch.setattr(snapshot, "body_renderer", counting_renderer)
    write_file(content, DOCUMENT.replace("uchwala-1", "uchwala-2"), HEADER.replace("I/1", "I/2") + "\nNowa treść.\n")
    git(repository, "commit", "-q", "-am", "Korekta treści uchwały Nr I/2/2024")
    build_site(content, output)
    assert len(logged) == 1 and ".." in logged[0]  # only the commits made since the last build
    assert rendered == ["Nowa treść.\n"]  # the current text; its earlier version and the rest are cached
    register = soup_of(os.path.join(output, "bip/rejestr-zmian/index.html")).find("table", class_="register")
    assert "Korekta treści uchwały Nr I/2/2024" in register.get_text()

    git(repository, "reset", "-q", "--hard", "HEAD~1")  # history rewritten under the cache: read whole
    logged.clear()
    build_site(content, output)
    assert len(logged) == 1 and ".." not in logged[0]
    register = soup_of(os.path.join(output, "bip/rejestr-zmian/index.html")).find("table", class_="register")
    assert "Korekta treści" not in register.get_text()


def test_a_document_never_changed_has_no_last_change_and_the_reason_shows_subject_and_body(tmp_path):
    repository = tmp_path / "repo"
    content = copy_fixture_content(str(repository))
    git(repository, "init", "-q", "-b", "main")
    write_file(content, DOCUMENT, HEADER + "\nTreść uchwały.\n")
    git(repository, "add", "-A")
    git(
        repository,
        "commit",
        "-q",
        "-m",
        "Publikacja uchwały Nr I/1/2024\n\nUchwała podjęta na sesji\nw dniu 28 lutego.",
    )
    output = tmp_path / "out"
    build_site(content, str(output))
    metryczka = soup_of(output / DOCUMENT_URL / "index.html").find("section", class_="metryczka")
    assert "Data ostatniej zmiany" not in [dt.get_text() for dt in metryczka("dt")]
    row = soup_of(output / "bip/rejestr-zmian/index.html").find("table", class_="register").tbody.tr
    assert row.find(class_="reason__subject").get_text() == "Publikacja uchwały Nr I/1/2024"
    assert row.find(class_="reason__body").get_text() == "Uchwała podjęta na sesji w\xa0dniu 28\xa0lutego."

    write_file(content, DOCUMENT, HEADER + "\nTreść uchwały po korekcie.\n")
    git(repository, "commit", "-q", "-am", "Korekta literówki")
    build_site(content, str(output))
    metryczka = soup_of(output / DOCUMENT_URL / "index.html").find("section", class_="metryczka")
    last_change = next(div for div in metryczka("div") if div.dt.get_text() == "Data ostatniej zmiany")
    assert "Anna Nowak" in last_change.dd.get_text() and last_change.dd.time is not None
    first = soup_of(output / DOCUMENT_URL / "wersja-1/index.html").find("section", class_="metryczka")
    assert "Data ostatniej zmiany" not in [dt.get_text() for dt in first("dt")]


def test_an_attachments_text_version_is_named_by_what_it_opens(demo_site):
    """Not "Wersja tekstowa: uchwala.pdf" (a PDF, by its name) but the HTML page it is."""
    page = soup_of(
        os.path.join(
            demo_site,
            "bip/prawo-lokalne/uchwaly-rady-miejskiej/2024/"
            "uchwala-nr-xii-85-2024-w-sprawie-uchwaly-budzetowej-gminy-wachock-na-rok-2025/index.html",
        )
    )
    links = [
        link for link in page.select(".attachments a") if "zalaczniki/" in link["href"] and link["href"].endswith("/")
    ]
    assert links, "the demo resolution has a PDF with a text version"
    for link in links:
        assert words(link).startswith("Wersja tekstowa (HTML)")
        assert ".pdf" not in link.get_text(" ").split("załącznika")[0]
