"""One walk over content/: the only list of files the build reads or publishes.

Validation, Pelican's generators (through `generator.get_files`, see the
validation plugin) and the BIP and magazine generators all take their files
from here, so nothing is published that was not checked. Dot-files and
dot-folders are ignored everywhere alike; symlinked folders and symlinks that
lead out of content/ are refused; content in another format than `.md` is
refused with the name to give it; two names that differ only in letter case
are refused (they collide on Windows and on case-insensitive disks).
"""

import fnmatch
import os
import re
from dataclasses import dataclass, field

from .problems import Problem

CONTENT_EXTENSION = ".md"
# Other spellings of Markdown, and what Pelican could read as content: never published as they are.
RENAME_TO_MD = (".markdown", ".mkd", ".mdown", ".mdwn", ".mkdn", ".md.txt", ".txt")
UNSUPPORTED_CONTENT = (".html", ".htm", ".xhtml", ".rst", ".php", ".js", ".css")
# What may be published as a file: documents, images, data, recordings and electronic signatures
# (tender documents come with XAdES or PAdES signatures). Not .xml, .gpx or .kml: a browser renders
# XML as a page, and XHTML in it runs script.
PUBLISHABLE_EXTENSIONS = frozenset(
    ".jpg .jpeg .png .gif .webp .svg .pdf .doc .docx .odt .ods .odp .odg .xls .xlsx .ppt .pptx .rtf .csv .zip "
    ".7z .xades .sig .p7s .mp3 .mp4 .webm .ogg .vtt".split()
)
# The office's data files (content/dane/): read by the build, never published as they are.
DATA_EXTENSIONS = frozenset({".yaml"})
ASSET_EXTENSIONS = PUBLISHABLE_EXTENSIONS | DATA_EXTENSIONS


@dataclass
class Discovery:
    root: str
    documents: list[str] = field(default_factory=list)  # relative paths of .md files
    assets: list[str] = field(default_factory=list)  # relative paths of every other accepted file
    problems: list[Problem] = field(default_factory=list)

    def shown(self, relative: str) -> str:
        return display_path(self.root, os.path.join(self.root, relative))


def display_path(content_root: str, path: str) -> str:
    """content/aktualnosci/x.md, whatever folder the site lives in."""
    relative = os.path.relpath(path, content_root).replace(os.sep, "/")
    return f"{os.path.basename(os.path.normpath(content_root))}/{relative}"


def rename_hint(name: str) -> str | None:
    lowered = name.lower()
    if lowered.endswith(CONTENT_EXTENSION) and not name.endswith(CONTENT_EXTENSION):
        return name[: -len(CONTENT_EXTENSION)] + CONTENT_EXTENSION
    for extension in RENAME_TO_MD:
        if lowered.endswith(extension):
            stem = name[: -len(extension)]
            return stem if stem.lower().endswith(CONTENT_EXTENSION) else stem + CONTENT_EXTENSION
    return None


def classify(discovery: Discovery, relative: str) -> None:
    name = relative.rpartition("/")[2]
    if name.endswith(CONTENT_EXTENSION):
        discovery.documents.append(relative)
        return
    shown = discovery.shown(relative)
    lowered = name.lower()
    if rename_hint(name):
        discovery.problems.append(
            Problem(
                shown,
                1,
                "plik nie zostanie opublikowany: treść musi mieć rozszerzenie .md. "
                f"Zmień nazwę na „{rename_hint(name)}”.",
            )
        )
    elif lowered.endswith(UNSUPPORTED_CONTENT):
        discovery.problems.append(
            Problem(
                shown,
                1,
                f"pliki „{os.path.splitext(name)[1]}” nie są publikowane. Przepisz treść do pliku .md "
                "(Markdown, zob. poradnik redaktora) albo usuń ten plik.",
            )
        )
    elif os.path.splitext(lowered)[1] in ASSET_EXTENSIONS:
        discovery.assets.append(relative)
    else:
        allowed = ", ".join(sorted(ASSET_EXTENSIONS))
        discovery.problems.append(
            Problem(
                shown,
                1,
                f"nieobsługiwany rodzaj pliku „{os.path.splitext(name)[1] or name}”. Dozwolone załączniki i obrazy: "
                f"{allowed}. Zapisz plik w jednym z tych formatów albo usuń go.",
            )
        )


def symlink_problem(discovery: Discovery, path: str) -> Problem | None:
    shown = discovery.shown(os.path.relpath(path, discovery.root))
    if os.path.isdir(path):
        return Problem(shown, 1, "folder jest dowiązaniem symbolicznym. Zastąp go zwykłym folderem z plikami.")
    real_root = os.path.realpath(discovery.root)
    real = os.path.realpath(path)
    if not os.path.exists(real) or os.path.commonpath([real_root, real]) != real_root:
        return Problem(
            shown,
            1,
            "plik jest dowiązaniem symbolicznym do pliku spoza folderu content/. Skopiuj tu sam plik.",
        )
    return None


def case_collisions(discovery: Discovery) -> list[Problem]:
    by_lower: dict[str, list[str]] = {}
    for relative in discovery.documents + discovery.assets:
        by_lower.setdefault(relative.lower(), []).append(relative)
    problems = []
    for clashing in by_lower.values():
        for relative in clashing if len(clashing) > 1 else ():
            others = ", ".join(discovery.shown(r) for r in clashing if r != relative)
            problems.append(
                Problem(
                    discovery.shown(relative),
                    1,
                    f"nazwa różni się od {others} tylko wielkością liter. Na wielu dyskach to ten sam plik: "
                    "zmień nazwę jednego z nich.",
                )
            )
    return problems


def discover(content_root: str, ignore_patterns=()) -> Discovery:
    """Every file below the content folder, in a stable order (a folder's files, then its folders by
    name). Runs before every build, a no-change one included: one `scandir` per folder, no `stat` or
    path arithmetic per file beyond what a file's name needs."""
    discovery = Discovery(content_root)
    if not os.path.isdir(content_root):
        return discovery
    ignored = re.compile("|".join(fnmatch.translate(pattern) for pattern in ignore_patterns) or r"(?!)")
    discover_in(discovery, content_root, "", ignored)
    discovery.problems.extend(case_collisions(discovery))
    return discovery


def discover_in(discovery: Discovery, directory: str, prefix: str, ignored: re.Pattern) -> None:
    with os.scandir(directory) as scanned:
        entries = sorted(
            (entry for entry in scanned if not entry.name.startswith(".") and not ignored.match(entry.name)),
            key=lambda entry: entry.name,
        )
    folders = [entry for entry in entries if entry.is_dir()]  # a link to a folder too, as os.walk lists it
    for entry in folders:
        if entry.is_symlink():
            discovery.problems.append(symlink_problem(discovery, entry.path))
    for entry in entries:
        if entry.is_dir():
            continue
        if entry.is_symlink():
            problem = symlink_problem(discovery, entry.path)
            if problem:
                discovery.problems.append(problem)
                continue
        classify(discovery, prefix + entry.name)
    for entry in folders:
        if not entry.is_symlink():
            discover_in(discovery, entry.path, f"{prefix}{entry.name}/", ignored)
