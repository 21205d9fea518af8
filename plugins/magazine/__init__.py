"""The municipal magazine ("Dookoła Wąchocka"): one page per issue, per year, and an index.

content/dookola-wachocka/**.md, one file per issue, with its PDF and cover
beside it. Cover thumbnails are made at build time with Pillow (at most
max_thumbnail_bytes, cached by the source's hash); the PDF's text is shown on
the issue page, with the same cached extraction as BIP attachments.
Data: content/dane/czasopismo.yaml (name, publisher, description), given to templates as MAGAZINE_DATA.
Settings: MAGAZINE = {"url", "thumbnail_width", "max_thumbnail_bytes"}.
"""

import hashlib
import io
import logging
import os
from collections import defaultdict
from dataclasses import dataclass
from functools import partial

from pelican import signals
from pelican.generators import Generator
from PIL import Image

from plugins.core import (
    Attachment,
    DataFile,
    DocumentType,
    Field,
    PdfTextCache,
    Problem,
    Snapshot,
    SnapshotBacked,
    SnapshotReader,
    copy_into_output,
    describe,
    display_path,
    file_digest,
    plugin_settings,
    read_documents,
)
from plugins.core.datafiles import Entry, load_data
from plugins.core.feeds import MAGAZINE, Feed, FeedItem, announce_feed
from plugins.core.shown import shown_key

logger = logging.getLogger(__name__)

DIRECTORY = "dookola-wachocka"
DEFAULTS = {"url": "dookola-wachocka/", "thumbnail_width": 300, "max_thumbnail_bytes": 30 * 1024}


DATA_FILE = "czasopismo.yaml"
DATA_ENTRIES = (
    Entry("name", example="tytuł czasopisma"),
    Entry("publisher", example="pełna nazwa wydawcy"),
    Entry("description", example="dwa, trzy zdania o czasopiśmie"),
)


def magazine_settings(settings: dict) -> dict:
    return plugin_settings(settings, "MAGAZINE", DEFAULTS)


def check_data_file(path, shown_as, settings) -> list[Problem]:
    return load_data(settings, DATA_FILE, DATA_ENTRIES)[1]


def expose_magazine(pelican) -> None:
    """MAGAZINE_DATA (name, publisher, description) for every template and the feeds, from the data file."""
    data = load_data(pelican.settings, DATA_FILE, DATA_ENTRIES)[0]
    pelican.settings["MAGAZINE_DATA"] = {entry.name: data.get(entry.name, "") for entry in DATA_ENTRIES}


def unique_issue_numbers(documents, settings) -> list[Problem]:
    """Two files claiming the same issue number: name both, in both reports."""
    by_number = defaultdict(list)
    for document in documents:
        found = document.get("Issue")
        if found and found.value.isascii() and found.value.isdigit():
            by_number[int(found.value)].append((document, found.line))
    problems = []
    for number, claims in by_number.items():
        if len(claims) < 2:
            continue
        for document, line in claims:
            others = ", ".join(d.display_path for d, _ in claims if d is not document)
            problems.append(
                Problem(
                    document.display_path,
                    line,
                    f"numer {number} ma już {others}. Każdy numer czasopisma występuje raz: popraw pole „Issue”.",
                )
            )
    return problems


MAGAZINE_TYPE = DocumentType(
    name="magazine",
    label="numer czasopisma",
    directory=DIRECTORY,
    fields=(
        Field("Issue", "integer", required=True, example="numer wydania, np. 12"),
        Field("Date", "date", required=True, example="RRRR-MM-DD"),
        Field("Pdf", "files", required=True, relative_to="document", example="nazwa-pliku-wydania.pdf"),
        Field("Cover", "image", relative_to="document", example="nazwa-pliku-okladki.png"),
        Field("Cover_alt", example="krótki opis tego, co widać na okładce"),
        Field("Title", example="tytuł wydania"),
        Field("Summary", example="jedno zdanie o tym, co jest w tym numerze"),
    ),
    collection_rules=(unique_issue_numbers,),
)


@dataclass
class Cover:
    url: str
    save_as: str
    source: str  # the thumbnail file to copy
    width: int
    height: int
    alt: str


@dataclass
class Issue(SnapshotBacked):
    number: int
    snapshot: Snapshot
    url: str
    pdf: Attachment
    cover: Cover | None = None
    source_path: str = ""
    magazine_name: str = ""  # from content/dane/czasopismo.yaml

    @property
    def title(self) -> str:
        return self.snapshot.get("title") or f"{self.magazine_name} nr {self.number} ({self.year})"

    # What a page may show of it (core.shown).
    SHOWN = ("number", "url", "title", "date", "year", "snapshot", "content", "pdf", "cover")
    # Its pages are made from its text and header alone (no history): the preview shows an edit of
    # its text at once (wachock.live).
    PREVIEW_FROM_TEXT = True

    @property
    def record_key(self) -> str:
        return shown_key(self)


def make_thumbnail(source: str, cache_folder: str, width: int, max_bytes: int) -> tuple[str, int, int]:
    """A JPEG no larger than max_bytes; made again only when the source changes."""
    key = hashlib.sha256(f"{file_digest(source)}:{width}:{max_bytes}".encode()).hexdigest()[:20]
    target = os.path.join(cache_folder, f"{key}.jpg")
    with Image.open(source) as image:
        image = image.convert("RGB")
        height = round(image.height * width / image.width)
        if not os.path.isfile(target):
            resized = image.resize((width, height), Image.Resampling.LANCZOS)
            os.makedirs(cache_folder, exist_ok=True)
            for quality in (85, 75, 65, 55, 45, 35):
                buffer = io.BytesIO()
                resized.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
                if buffer.tell() <= max_bytes:
                    break
            with open(f"{target}.tmp", "wb") as handle:
                handle.write(buffer.getvalue())
            os.replace(f"{target}.tmp", target)
    return target, width, height


class MagazineGenerator(Generator):
    def announce_feed(self, issues) -> None:
        """New issues, for readers who follow the magazine (core.feeds)."""
        magazine, url = self.context["MAGAZINE_DATA"], magazine_settings(self.settings)["url"]
        feed = Feed(
            "magazine",
            f"„{magazine['name']}”: nowe numery",
            f"Nowe numery czasopisma „{magazine['name']}”. Wydawca: {magazine['publisher']}.",
            f"{url}rss.xml",
            url,
            issues,
            partial(issue_item, self.settings),
            "nowe numery czasopisma",
            rank=(MAGAZINE,),
        )
        announce_feed(self.context, feed)

    def generate_context(self):
        config = magazine_settings(self.settings)
        self.config = config
        self.magazine = self.context["MAGAZINE_DATA"]
        reader = SnapshotReader(self.settings, self.context, cache_name=type(self).__name__)
        cache = self.settings["CACHE_PATH"]
        pdf_text = PdfTextCache(os.path.join(cache, "pdf-text"))
        issues = read_documents(
            self.settings,
            MAGAZINE_TYPE.name,
            reader,
            lambda path, _, snapshot: self.issue_of(path, snapshot, pdf_text, cache),
        )
        reader.save()
        issues.sort(key=lambda i: (i.date, i.number), reverse=True)
        self.issues = issues
        by_year = defaultdict(list)
        for issue in issues:
            by_year[issue.year].append(issue)
        self.years = [(year, by_year[year], f"{config['url']}{year}/") for year in sorted(by_year, reverse=True)]
        self.context["magazine_issues"] = issues
        self.announce_feed(issues)
        for issue in issues:  # `{filename}` links to an issue, as to news
            self.context["generated_content"][os.path.relpath(issue.source_path, self.path).replace(os.sep, "/")] = (
                issue
            )
        self.context["magazine_years"] = self.years
        self.context["MAGAZINE_URL"] = config["url"]

    def issue_of(self, path: str, snapshot: Snapshot, pdf_text: PdfTextCache, cache: str) -> "Issue":
        config = self.config
        number = int(snapshot.get("issue"))
        url = f"{config['url']}{snapshot.date.year}/nr-{number}/"
        folder = os.path.dirname(path)
        pdf = describe(folder, [snapshot.get("pdf")], url, pdf_text)[0]
        pdf.url = pdf.save_as = f"{url}{pdf.name}"
        issue = Issue(number, snapshot, url, pdf, source_path=path, magazine_name=self.magazine["name"])
        if snapshot.get("cover"):
            issue.cover = self.cover(issue, os.path.join(folder, snapshot.get("cover")), cache)
        return issue

    def planned_outputs(self) -> list[tuple[str, object]]:
        outputs = [(f"{self.config['url']}index.html", None)]
        outputs += [(f"{url}index.html", None) for _, _, url in self.years]
        for issue in self.issues:
            outputs += [(f"{issue.url}index.html", issue), (issue.pdf.save_as, issue)]
            if issue.cover:
                outputs.append((issue.cover.save_as, issue))
        return outputs

    def cover(self, issue: Issue, source: str, cache: str) -> Cover:
        thumbnail, width, height = make_thumbnail(
            source,
            os.path.join(cache, "covers"),
            self.config["thumbnail_width"],
            self.config["max_thumbnail_bytes"],
        )
        alt = issue.snapshot.get("cover_alt") or f"Okładka «{issue.magazine_name}» nr {issue.number}"
        return Cover(f"{issue.url}okladka.jpg", f"{issue.url}okladka.jpg", thumbnail, width, height, alt)

    def generate_output(self, writer):
        config = self.config
        writer.write_file(f"{config['url']}index.html", self.get_template("magazine"), self.context, url=config["url"])
        for year, issues, url in self.years:
            writer.write_file(
                f"{url}index.html", self.get_template("magazine_year"), self.context, url=url, year=year, issues=issues
            )
        for issue in self.issues:
            writer.write_file(
                f"{issue.url}index.html", self.get_template("magazine_issue"), self.context, url=issue.url, issue=issue
            )
            copy_into_output(self.output_path, issue.pdf.source, issue.pdf.save_as)
            if issue.cover:
                copy_into_output(self.output_path, issue.cover.source, issue.cover.save_as)


def issue_item(settings: dict, issue, guid) -> FeedItem:
    return FeedItem(
        guid=guid(issue.date, f"dookola-wachocka/{issue.number}"),
        title=issue.title,
        link=issue.url,
        date=issue.date,
        summary=issue.summary,
        content=issue.content,
        source=display_path(settings["PATH"], issue.source_path),
    )


def get_generators(pelican):
    return MagazineGenerator


DOCUMENT_TYPES = (MAGAZINE_TYPE,)

DATA_FILES = (DataFile("magazine", f"dane/{DATA_FILE}", check_data_file, required=True),)

# Runs after (plugins.core.order): issues are validated before they are read.
NEEDS = ("validation",)


def register():
    signals.initialized.connect(expose_magazine)
    signals.get_generators.connect(get_generators)
