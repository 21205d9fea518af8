"""Files that content points at: inside content/, and what they claim to be.

A path in a header field, a `{static}` link or an attachment list is resolved
after symlinks and must stay inside the content folder; a PDF must open (an
owner password alone is fine: anyone can read it), an image must be an image
within pixel and byte limits, an SVG must not run script or load anything
from another host (a browser runs an SVG opened directly), and no file may be
larger than the configured limit.
"""

import csv
import hashlib
import io
import os
import re
import warnings
from dataclasses import dataclass

from defusedxml import ElementTree
from PIL import Image

from .discovery import PUBLISHABLE_EXTENSIONS
from .gate import LINK_SCHEMES, SCHEME, clean_url

MEGABYTE = 1024 * 1024
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp")
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")
with open(__file__, "rb") as _source:
    # Cached verdicts on files carry the rules they were given by (this module's text).
    ASSET_RULES = hashlib.sha256(_source.read()).hexdigest()[:16]
CSS_URL = re.compile(r"url\(\s*['\"]?\s*(?P<url>[^'\")\s]*)", re.IGNORECASE)


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * MEGABYTE
    max_image_bytes: int = 20 * MEGABYTE
    max_image_pixels: int = 50_000_000


def inside(root: str, path: str) -> bool:
    """True when `path`, after symlinks, lies inside `root` (also after symlinks)."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    return os.path.commonpath([real_root, real]) == real_root


def resolve_reference(content_root: str, base: str, relative: str) -> tuple[str | None, str | None]:
    """(absolute path, None) for a path inside content/, else (None, Polish reason)."""
    if not relative or "\x00" in relative:
        return None, "pusta albo niepoprawna ścieżka"
    candidate = os.path.normpath(os.path.join(base, relative.lstrip("/")))
    if relative.startswith("/"):
        candidate = os.path.normpath(os.path.join(content_root, relative.lstrip("/")))
    if not inside(content_root, candidate):
        return None, "ścieżka prowadzi poza folder content/ (np. przez „../” albo dowiązanie)"
    return candidate, None


def human_size(size: int) -> str:
    return f"{size / MEGABYTE:.1f} MB".replace(".", ",")


def size_problem(path: str, limits: Limits) -> str | None:
    size = os.path.getsize(path)
    if size > limits.max_file_bytes:
        return (
            f"plik „{os.path.basename(path)}” ma {human_size(size)}, a największy dozwolony rozmiar to "
            f"{human_size(limits.max_file_bytes)}. Zmniejsz go (np. zapisz PDF w mniejszej jakości) "
            "albo podziel na części."
        )
    return None


def pdf_problem(path: str) -> str | None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    name = os.path.basename(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(path)
            if reader.is_encrypted and not reader.decrypt(""):
                return (
                    f"plik „{name}” jest chroniony hasłem do otwarcia, więc mieszkańcy go nie przeczytają. "
                    "Zapisz PDF ponownie bez hasła otwarcia (hasło uprawnień może zostać)."
                )
            len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        return (
            f"plik „{name}” nie jest poprawnym plikiem PDF ({type(error).__name__}). Wyeksportuj go ponownie "
            "do PDF (np. Plik → Eksportuj jako PDF) i podmień."
        )
    return None


def image_problem(path: str, limits: Limits) -> str | None:
    name = os.path.basename(path)
    if os.path.getsize(path) > limits.max_image_bytes:
        return (
            f"obraz „{name}” ma {human_size(os.path.getsize(path))}; największy dozwolony to "
            f"{human_size(limits.max_image_bytes)}. Zmniejsz zdjęcie przed dodaniem."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > limits.max_image_pixels:
                    raise Image.DecompressionBombError(f"{width}x{height}")
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return (
            f"obraz „{name}” ma zbyt wiele pikseli (największy dozwolony to {limits.max_image_pixels:,} "
            "pikseli). Zmniejsz go, np. do 4000 pikseli szerokości.".replace(",", "\u00a0")
        )
    except Exception as error:  # Pillow raises many kinds for a broken file
        return (
            f"plik „{name}” nie jest poprawnym obrazem ({type(error).__name__}). Zapisz zdjęcie ponownie "
            "jako JPEG albo PNG i podmień plik."
        )
    return None


def svg_problem(path: str) -> str | None:
    """An SVG opened directly is a document: no script, no handlers, nothing from another host."""
    name = os.path.basename(path)
    try:
        root = ElementTree.parse(path).getroot()
    except Exception as error:  # defusedxml refuses entities and DTD tricks with its own errors
        return f"plik „{name}” nie jest poprawnym rysunkiem SVG ({type(error).__name__}). Zapisz go ponownie."
    for element in root.iter():
        tag = str(element.tag).rsplit("}", 1)[-1].lower()
        if tag in ("script", "foreignobject", "iframe", "object", "embed", "handler", "listener"):
            return f"rysunek „{name}” zawiera znacznik <{tag}>, który mógłby uruchomić skrypt. Usuń go z pliku SVG."
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                return f"rysunek „{name}” zawiera atrybut {local}= (uruchamia skrypt). Usuń go z pliku SVG."
            if local in ("href", "src") and not svg_reference_allowed(tag, value):
                return (
                    f"rysunek „{name}” odwołuje się do „{value[:60]}”. Rysunek może wskazywać tylko własne "
                    "elementy (#nazwa); zapisz obrazy w samym pliku SVG."
                )
            if local == "style" and css_problem(value):
                return f"rysunek „{name}”: {css_problem(value)}"
        if tag == "style" and css_problem(element.text or ""):
            return f"rysunek „{name}”: {css_problem(element.text or '')}"
    return None


def svg_reference_allowed(tag: str, value: str) -> bool:
    url = clean_url(value)
    if url.startswith("#"):
        return True
    scheme = SCHEME.match(url)
    # A link (<a>) to a web page is navigation, not a load; nothing else may point outside.
    return tag == "a" and scheme is not None and scheme[1].lower() in LINK_SCHEMES


def css_problem(css: str) -> str | None:
    if "@import" in css.lower():
        return "styl zawiera @import (wczytuje plik z zewnątrz). Usuń go."
    for match in CSS_URL.finditer(css):
        if not match["url"].startswith("#"):
            return f"styl wczytuje „{match['url'][:60]}”. Usuń to odwołanie."
    return None


def spreadsheet_formula(cell: str) -> bool:
    """A cell a resident's spreadsheet would run as a formula (a signed number is only a number)."""
    text = cell.strip(" ")
    return text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(text)


def formula_advice(cell: str) -> str:
    shown = cell.strip()[:40]
    return (
        f"komórka „{shown}” zaczyna się od „{shown[:1]}”, więc arkusz kalkulacyjny mieszkańca wykonałby ją jak "
        "formułę. Usuń ten znak z początku komórki (numer telefonu zapisz bez „+”, np. „41 274 84 09”)"
    )


def csv_problem(path: str) -> str | None:
    """A published CSV may carry no spreadsheet formula."""
    with open(path, "rb") as handle:
        text = handle.read().decode("utf-8", "replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    for row in reader:
        for cell in row:
            if spreadsheet_formula(cell):
                return f"w pliku „{os.path.basename(path)}” (wiersz {reader.line_num}) {formula_advice(cell)}"
    return None


def asset_problem(path: str, limits: Limits, published: bool = True) -> str | None:
    """Whatever makes this file unfit to publish, by what it claims to be (a data file the build only
    reads, not published, may be of its own type)."""
    extension = os.path.splitext(path)[1].lower()
    if published and extension not in PUBLISHABLE_EXTENSIONS:
        return (
            f"plików „{extension or 'bez rozszerzenia'}” („{os.path.basename(path)}”) nie publikujemy: przeglądarka "
            "mogłaby je otworzyć jak stronę albo program. Zapisz dokument jako PDF (albo DOCX, ODT, XLSX, CSV), "
            "a zdjęcie jako JPG lub PNG."
        )
    problem = size_problem(path, limits)
    if problem:
        return problem
    if extension == ".csv":
        return csv_problem(path)
    if extension == ".pdf":
        return pdf_problem(path)
    if extension in IMAGE_EXTENSIONS:
        return image_problem(path, limits)
    if extension == ".svg":
        return svg_problem(path)
    return None
