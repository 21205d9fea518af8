"""A synthetic corpus that follows the content contract, for benchmarks.

Deterministic for a seed: Polish text with diacritics, headings, lists and
tables, news spread over years, categories and information groups.
"""

import os
import random

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


def town_data_files() -> list[tuple[str, str]]:
    """The office's data files (content/dane/) as the project has them: every site needs them."""
    folder = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "content", "dane")
    files = []
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            files.append((f"dane/{name}", handle.read()))
    return files


def write_corpus(root: str, documents: int = 10_000, seed: int = 2024) -> int:
    """Write `documents` files (about 1% static pages) below root/content; returns the count."""
    rng = random.Random(seed)
    content = os.path.join(root, "content")
    pages = max(1, documents // 100)
    files = [page_document(rng, n) for n in range(pages)]
    files += [news_document(rng, n) for n in range(documents - pages)]
    documents = len(files)
    files += town_data_files()
    for relative, text in files:
        path = os.path.join(content, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    return documents
