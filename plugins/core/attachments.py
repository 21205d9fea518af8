"""Attachments: name, format and size, and an HTML text version of each PDF.

PDF text is extracted with pypdf and cached by the file's content hash, so an
unchanged PDF is never read twice.
"""

import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass, field

from pypdf import PdfReader

from .polish import NBSP, number_pl

logger = logging.getLogger(__name__)

FORMATS = {".pdf": "PDF", ".docx": "DOCX", ".doc": "DOC", ".odt": "ODT", ".xlsx": "XLSX", ".csv": "CSV"}


@dataclass
class Attachment:
    name: str
    source: str
    url: str
    save_as: str
    size: int
    text_url: str | None = None
    text_save_as: str | None = None
    pages: list[str] = field(default_factory=list)

    @property
    def format(self) -> str:
        extension = os.path.splitext(self.name)[1].lower()
        return FORMATS.get(extension, extension.lstrip(".").upper())

    @property
    def size_text(self) -> str:
        if self.size < 1024 * 1024:
            return f"{number_pl(max(1, round(self.size / 1024)))}{NBSP}KB"
        return f"{number_pl(self.size / 1024 / 1024, 1)}{NBSP}MB"

    @property
    def page_paragraphs(self) -> list[list[str]]:
        """Each page's paragraphs: a blank line in the PDF's text ends one; lines within it are joined."""
        return [[" ".join(paragraph.split("\n")) for paragraph in text.split("\n\n")] for text in self.pages]

    @property
    def description(self) -> str:
        return f"{self.format}, {self.size_text}"


def file_digest(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


class PdfTextCache:
    """Extracted page texts, one JSON file per PDF content hash."""

    def __init__(self, folder: str):
        self.folder = folder
        self.extractions = 0  # how many PDFs were actually read (for tests)

    def pages(self, path: str) -> list[str]:
        cached = os.path.join(self.folder, f"{file_digest(path)}.json")
        if os.path.isfile(cached):
            with open(cached, encoding="utf-8") as handle:
                return json.load(handle)
        self.extractions += 1
        reader = PdfReader(path)
        if reader.is_encrypted:
            reader.decrypt("")  # an owner password only restricts editing; the text is public
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        os.makedirs(self.folder, exist_ok=True)
        temporary = f"{cached}.tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(pages, handle, ensure_ascii=False)
        os.replace(temporary, cached)
        return pages


def describe(document_folder: str, names: list[str], base_url: str, cache: PdfTextCache) -> list[Attachment]:
    return describe_files([(name, os.path.join(document_folder, name)) for name in names], base_url, cache)


def describe_files(files: list[tuple[str, str]], base_url: str, cache: PdfTextCache) -> list[Attachment]:
    """Attachments published under `base_url` from (name, file holding its bytes) pairs."""
    attachments = []
    for name, source in files:
        filename = os.path.basename(name)
        attachment = Attachment(
            name=filename,
            source=source,
            url=f"{base_url}zalaczniki/{filename}",
            save_as=f"{base_url}zalaczniki/{filename}",
            size=os.path.getsize(source),
        )
        if attachment.format == "PDF":
            stem = os.path.splitext(filename)[0]
            attachment.text_url = f"{base_url}zalaczniki/{stem}/"
            attachment.text_save_as = f"{base_url}zalaczniki/{stem}/index.html"
            attachment.pages = cache.pages(source)
        attachments.append(attachment)
    return attachments


def keep_bytes(folder: str, data: bytes) -> str:
    """A file holding `data`, named by its content hash (for bytes read from git)."""
    path = os.path.join(folder, hashlib.sha256(data).hexdigest())
    if not os.path.isfile(path):
        os.makedirs(folder, exist_ok=True)
        temporary = f"{path}.tmp{os.getpid()}"
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    return path


def copy_into_output(output_path: str, source: str, save_as: str) -> None:
    target = os.path.join(output_path, save_as)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copyfile(source, target)
