"""A synthetic corpus that follows the content contract, for benchmarks.

Deterministic for a seed: Polish text with diacritics, headings, lists and tables; news spread over
years, categories and information groups; BIP documents over every category folder of the office's
bip.yaml, 10% of them with PDF attachments, committed to git with 10% edited into 2–4 versions and
1% removed; magazine issues with their PDFs. A folder that belongs to a BIP subtype (council
sessions, obwieszczenia, service cards: the project's own document types) gets documents of that
type, with the fields the type requires; the town's data files and the village pages they name are
the project's own.
"""

import os
import random
import subprocess

from fpdf import FPDF
from ruamel.yaml import YAML

from plugins.council import SESSION_TYPE
from plugins.public_notices import NOTICE_TYPE
from plugins.service_cards import SERVICE_CARD_TYPE

WORDS = (
    "gmina miasto wieś sołectwo mieszkańcy urząd burmistrz rada uchwała budżet droga remont "
    "szkoła przedszkole świetlica kultura festyn dożynki koncert zalew rzeka Kamienna opactwo "
    "cystersi inwestycja kanalizacja wodociąg oświetlenie chodnik ścieżka rowerowa boisko "
    "zawody turniej młodzież seniorzy stowarzyszenie koło gospodyń straż pożarna ochotnicza "
    "żłobek wniosek termin zebranie sesja komisja przetarg ogłoszenie harmonogram odbiór "
    "odpadów segregacja środowisko zieleń park pomnik historia zabytek wycieczka"
).split()
CATEGORIES = ["Aktualności", "Komunikaty", "Kultura", "Sport", "Inwestycje", "Oświata"]
GROUPS = [
    "Zagrożenie powodziowe",
    "Marcinków",
    "Parszów",
    "Rataje",
    "Węgłów",
    "Wielka Wieś",
    "Wąchock Północ",
    "Wąchock Południe",
]


def sentence(rng: random.Random, length: int = 12) -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(3, 6)))


def body(rng: random.Random) -> str:
    parts = [paragraph(rng), f"## {sentence(rng, 4)[:-1]}", paragraph(rng)]
    parts.append("\n".join(f"- {sentence(rng, 6)}" for _ in range(rng.randint(3, 6))))
    rows = "\n".join(f"| {rng.choice(WORDS)} | {rng.randint(1, 99999)} zł |" for _ in range(rng.randint(2, 5)))
    parts.append(f"| Pozycja | Kwota |\n|---|---|\n{rows}")
    parts.append(paragraph(rng))
    return "\n\n".join(parts)


def news_document(rng: random.Random, number: int) -> tuple[str, str]:
    year = rng.randint(2008, 2025)
    # Unique titles: stock Pelican (slug-only URLs) refuses two pages with one address.
    title = f"{sentence(rng, rng.randint(3, 8))[:-1]} ({number})"
    day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    header = [
        f"Title: {title}",
        f"Date: {day} {rng.randint(7, 18)}:{rng.choice(['00', '30'])}",
        f"Category: {rng.choice(CATEGORIES)}",
        f"Tags: {', '.join(rng.sample(WORDS, 3))}",
        f"Summary: {sentence(rng, 14)}",
    ]
    if rng.random() < 0.4:
        header.append(f"Groups: {', '.join(rng.sample(GROUPS, rng.randint(1, 3)))}")
    return f"aktualnosci/{year}/dokument-{number:05d}.md", "\n".join(header) + "\n\n" + body(rng) + "\n"


def page_document(rng: random.Random, number: int) -> tuple[str, str]:
    title = f"Strona {number} {sentence(rng, 3)[:-1]}"
    return f"pages/strona-{number:03d}.md", f"Title: {title}\nSlug: strona-{number:03d}\n\n{body(rng)}\n"


PROJECT_CONTENT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "content")


def project_files(folder: str, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The Markdown and YAML files of one folder of the project's content, as they are."""
    files = []
    for name in sorted(os.listdir(os.path.join(PROJECT_CONTENT, folder))):
        path = os.path.join(PROJECT_CONTENT, folder, name)
        if name in skip or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as handle:
            files.append((f"{folder}/{name}", handle.read()))
    return files


def town_data_files() -> list[tuple[str, str]]:
    """The office's data files (content/dane/) as the project has them, and the village pages
    solectwa.yaml names: every site needs them."""
    # bip-korekty.yaml corrects this project's own commits, which a corpus's history does not have.
    data = project_files("dane", skip=("bip-korekty.yaml",))
    return data + village_pages()


def village_pages() -> list[tuple[str, str]]:
    return [file for file in project_files("pages") if file[0] == "pages/solectwa.md"] + project_files("pages/solectwa")


SUBTYPES = (SESSION_TYPE, NOTICE_TYPE, SERVICE_CARD_TYPE)


def subtype_of(folder: str):
    """The BIP subtype whose documents live in a category folder, or None for plain BIP documents."""
    return next((kind for kind in SUBTYPES if f"bip/{folder}/".startswith(kind.directory + "/")), None)


def bip_category_folders() -> list[str]:
    """Every category folder a document may sit in: the leaves of the office's category tree."""
    with open(os.path.join(PROJECT_CONTENT, "dane", "bip.yaml"), encoding="utf-8") as handle:
        tree = YAML(typ="safe").load(handle)
    folders = []
    for root in tree["categories"]:
        children = root.get("children") or []
        folders += [f"{root['slug']}/{child['slug']}" for child in children] or [root["slug"]]
    return folders


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A small real PDF with a text layer (core font: ASCII only)."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def ascii_only(text: str) -> str:
    return text.translate(str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ"))


def subtype_fields(rng: random.Random, number: int, year: int, kind) -> tuple[list[str], str]:
    """The header lines and the text a subtype requires besides a BIP document's own."""
    if kind is SESSION_TYPE:
        start = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.choice(['09:00', '10:00', '16:00'])}"
        place = "Place: sala konferencyjna Urzędu Miasta i Gminy Wąchock, ul. Wielkowiejska 1"
        return [f"Session_start: {start}", place, "Session_status: odbyta"], ""
    if kind is NOTICE_TYPE:
        return [
            "Legal_basis: art. 49 Kodeksu postępowania administracyjnego",
            f"Case_number: RGK.6220.{number}.{year}",
        ], ""
    if kind is SERVICE_CARD_TYPE:
        header = [
            f"Who: {sentence(rng, 6)[:-1].lower()}",
            "Fee: bez opłat",
            "Deadline: do 30 dni",
            "Where: Biuro Obsługi Interesanta, parter",
            "Appeal: nie przysługuje",
            "Legal_basis: ustawa z dnia 8 marca 1990 r. o samorządzie gminnym",
            "Department: Sekretariat",
        ]
        documents = "\n".join(f"- {sentence(rng, 5)}" for _ in range(3))
        return header, f"## Wymagane dokumenty\n\n{documents}\n"
    return [], ""


def bip_document(rng: random.Random, number: int, folder: str) -> list[tuple[str, str | bytes]]:
    """A BIP document (and its PDF for one in ten), as the office writes them; in a subtype's folder,
    a document of that type."""
    year = rng.randint(2010, 2025)
    stem = f"dokument-{number:05d}"
    kind = subtype_of(folder)
    header = [
        f"Title: Dokument Nr {number}/{year} w sprawie {sentence(rng, rng.randint(3, 7))[:-1].lower()}",
        f"Date: {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(8, 15)}:00",
        "Produced_by: Urząd Miasta i Gminy Wąchock",
        f"Produced_date: {year}-01-01",
        "Responsible: Sekretarz Gminy",
        f"Number: {number}/{year}",
        f"Summary: {sentence(rng, 12)}",
    ]
    extra_header, extra_text = subtype_fields(rng, number, year, kind)
    header += extra_header
    files: list[tuple[str, str | bytes]] = []
    if number % 10 == 0:
        header.append(f"Attachments: {stem}.pdf")
        lines = [ascii_only(sentence(rng, 12)) for _ in range(rng.randint(3, 8))]
        files.append((f"bip/{folder}/{year}/{stem}.pdf", pdf_bytes(f"Dokument Nr {number}/{year}", lines)))
    text = "\n".join(header) + "\n\n" + body(rng) + "\n" + (f"\n{extra_text}" if extra_text else "")
    files.append((f"bip/{folder}/{year}/{stem}.md", text))
    return files


def magazine_issue(rng: random.Random, number: int) -> list[tuple[str, str | bytes]]:
    year = 2016 + number // 4
    stem = f"dookola-wachocka-{number}"
    text = (
        f"Title: Dookoła Wąchocka nr {number}\nIssue: {number}\nDate: {year}-{3 * (number % 4) + 2:02d}-15\n"
        f"Pdf: {stem}.pdf\nSummary: {sentence(rng, 10)}\n\n{paragraph(rng)}\n"
    )
    lines = [ascii_only(sentence(rng, 10)) for _ in range(12)]
    return [
        (f"dookola-wachocka/{year}/{stem}.md", text),
        (f"dookola-wachocka/{year}/{stem}.pdf", pdf_bytes(f"Dookola Wachocka nr {number}", lines)),
    ]


def write_files(content: str, files) -> None:
    for relative, data in files:
        path = os.path.join(content, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data if isinstance(data, bytes) else data.encode("utf-8"))


# The BIP editor of content/dane/bip.yaml: a commit from an address not listed there stops the build.
EDITOR = ["-c", "user.name=Sebastian Staniszewski", "-c", "user.email=bip@wachock.pl"]


def git(root: str, *arguments: str) -> None:
    identity = EDITOR
    subprocess.run(["git", "-C", root, *identity, *arguments], check=True, capture_output=True)


def editable(relative: str) -> bool:
    """Whether a document (its path below content/) may be edited once published: an obwieszczenie
    may not (its delivery date hangs on its text; a new notice corrects it)."""
    return not relative.replace(os.sep, "/").startswith(NOTICE_TYPE.directory + "/")


def commit_history(root: str, bip_files: list[str], rng: random.Random) -> None:
    """The BIP's register: 10% of the documents edited into 2–4 versions, then 1% removed."""
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Publikacja treści serwisu")
    edited = [path for path in bip_files if editable(path)][: len(bip_files) // 10]
    versions = {path: 2 + index % 3 for index, path in enumerate(edited)}
    for round_number in (1, 2, 3):
        for path in (p for p in edited if versions[p] > round_number):
            with open(os.path.join(root, "content", path), "a", encoding="utf-8") as handle:
                handle.write(f"\nZmiana nr {round_number}: {sentence(rng, 10)}\n")
        git(root, "commit", "-q", "-am", f"Aktualizacja dokumentów BIP (runda {round_number})")
    untouched = [path for path in bip_files if path not in set(edited)]
    removed = untouched[: max(1, len(bip_files) // 100)]
    attachments = [p[:-3] + ".pdf" for p in removed if os.path.isfile(os.path.join(root, "content", p[:-3] + ".pdf"))]
    git(root, "rm", "-q", *[os.path.join("content", path) for path in removed + attachments])
    git(root, "commit", "-q", "-m", "Usunięcie nieaktualnych dokumentów BIP")


def write_corpus(root: str, documents: int = 10_000, seed: int = 2024, history: bool = True) -> int:
    """Write `documents` documents below root/content: half news (1% of all static pages), half BIP
    documents, and 40 magazine issues (fewer for small corpora); commit them to git when `history`.
    Returns the number of documents (magazine issues included)."""
    rng = random.Random(seed)
    content = os.path.join(root, "content")
    pages = max(1, documents // 100)
    bip = documents // 2
    issues = min(40, max(1, documents // 250))
    files = [page_document(rng, n) for n in range(pages)]
    files += [news_document(rng, n) for n in range(documents - pages - bip)]
    folders = bip_category_folders()
    bip_files = []
    for number in range(bip):
        made = bip_document(rng, number, folders[number % len(folders)])
        bip_files.append(made[-1][0])
        files += made
    for number in range(1, issues + 1):
        files += magazine_issue(rng, number)
    files += town_data_files()
    write_files(content, files)
    if history:
        commit_history(root, bip_files, rng)
    return documents + issues
