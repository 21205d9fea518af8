"""Site search: Pagefind fed from the build through its Python API.

Every page the site's writer (core.writer) writes or reuses is announced with `page_written`;
the pages whose template marks their <main> with `data-pagefind-body` (news, static pages,
BIP documents and the text of their PDFs, magazine issues, the BIP's own pages) are indexed.
List pages (categories, tags, archives, pagination, registers) carry no `data-pagefind-body` and are
never indexed. The index can be split into sections (SEARCH["sections"], folders of the site such as
"bip/"), each its own bundle in output/pagefind/<section>/ beside the main one in output/pagefind/,
searched together in the browser through output/pagefind/merged/pagefind.js (merged.js: Pagefind's
API over every bundle, where a section lacking a word another section holds answers nothing): at
`finalized` a section whose pages are the live release's, unchanged, takes its bundle from there, and
the others are indexed one after another, so one edit re-indexes one section and no process holds the
whole site's index; without sections the same holds for the whole index (linked when no indexed page
changed).
`data-pagefind-ignore` keeps the metryczka and menus out; `data-pagefind-filter` gives the filters.
Pagefind folds diacritics by their Unicode decomposition, so "szkola" finds "szkoła"'s ą-less kin
but not ł, which has none: each indexed page also carries its words with ł written as l
(`searchable_tail`, after a "⁂" that search.js keeps out of excerpts), so a query typed without Polish
letters finds the same pages; the office's synonyms (content/dane/wyszukiwarka.yaml) are added there too. A space
follows each table and definition-list cell in what is indexed, so excerpts keep fields apart.
Settings: SEARCH = {"enabled": bool, "sections": (folder prefixes such as "bip/", ...)}.
"""

import asyncio
import base64
import bisect
import functools
import hashlib
import json
import logging
import os
import re
import shutil
import threading
import unicodedata

from pagefind.index import IndexConfig, PagefindIndex
from pagefind.service import PagefindService
from pelican import signals

from plugins.core import DataFile, plugin_settings, session_of
from plugins.core.cache import BuildCache
from plugins.core.datafiles import Entry, load_data
from plugins.core.fingerprint import code_digest
from plugins.core.outputs import SEARCH_FOLDER
from plugins.core.settings import SettingsError
from plugins.core.writer import page_written, use_site_writer

logger = logging.getLogger(__name__)

# Sections: folders of the site indexed as bundles of their own (the rest of the site is the main one).
DEFAULTS = {"enabled": True, "sections": ()}
SECTION_PREFIX = re.compile(r"[a-z0-9-]+/(?:[a-z0-9-]+/)*")
# The module search.js gives Pagefind's UI when the index has sections (merged.js, see there).
MERGED_FOLDER = "merged"
MERGED_MODULE = os.path.join(os.path.dirname(__file__), "merged.js")
# The filter giving each page its section, as merged.js reads it ("/" for the main bundle).
SECTION_FILTER = "_indeks"
PAGEFIND_FOLDERS = frozenset({"fragment", "index", "filter", MERGED_FOLDER})
SYNONYMS_FILE = "wyszukiwarka.yaml"
SYNONYMS_ENTRIES = (
    # Words a question carries but no page needs ("kiedy", "gdzie", "jak"): the search leaves them out,
    # because a page must contain every word searched for.
    Entry("ignore", "list", required=False, item=Entry("ignore", example="kiedy")),
    Entry(
        "synonyms",
        "list",
        entries=(
            Entry("search", example="słowo (albo jego początek), którego używa serwis, np. odpad"),
            Entry("for", "list", item=Entry("for", example="słowo mieszkańca, np. śmieci")),
        ),
    ),
)
INDEXED_MARK = "data-pagefind-body"
MARKUP = re.compile(r"<[^>]*>")
# A field's name and value in adjacent cells ("<dt>Numer</dt><dd>XII/85/2024</dd>") are one word to
# Pagefind, which separates block elements only: "NumerXII/85/2024" in a result's excerpt.
CELL_END = re.compile(r"</(dt|th|td)>(?=<)")
WORD_WITH_L_STROKE = re.compile(r"\w*[łŁ]\w*")
WORD = re.compile(r"\w+")
L_STROKE_AS_L = str.maketrans("łŁ", "lL")
FOLDED_MARK = "⁂"


class SearchIndexError(RuntimeError):
    pass


class PromptPagefindService(PagefindService):
    """Pagefind's service client, reading each response as soon as it arrives.

    Upstream's reader sleeps 0.1 s before every response it reads, which caps indexing at ten pages a
    second (a thousand seconds for the town's archive); the protocol itself is unchanged: base64 JSON
    messages ended by commas, each naming the request it answers.
    """

    async def _wait_for_responses(self) -> None:
        while True:
            message = json.loads(base64.b64decode((await self._backend.stdout.readuntil(b","))[:-1]))
            if message is None:
                continue
            future = self._responses.get(message.get("message_id"))
            if future is None or future.done():
                continue
            payload = message["payload"]
            if payload["type"] == "Error":
                future.set_exception(SearchIndexError(payload.get("message", "Pagefind error")))
            else:
                future.set_result(payload)


class IndexFeeder:
    """One Pagefind index, filled from a background event loop, written once and closed."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True, name="pagefind")
        self.thread.start()
        self.index = self.run(self.start())
        self.pending = []
        self.urls: list[str] = []

    def run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    @staticmethod
    async def start() -> PagefindIndex:
        service = await PromptPagefindService().launch()
        return await service.create_index(IndexConfig(force_language="pl"))

    def add(self, url: str, html: str) -> None:
        self.urls.append(url)
        self.pending.append(
            asyncio.run_coroutine_threadsafe(self.index.add_html_file(content=html, url=url), self.loop)
        )

    def finish(self, bundle: str) -> None:
        try:
            for future in self.pending:
                future.result()
            self.run(self.index.write_files(output_path=bundle))
        finally:
            self.close()

    def close(self) -> None:
        if not self.thread.is_alive():
            return
        try:
            # Leaving the context "with an error" closes the service without a second write to the
            # default folder (./pagefind of the working directory); finish() already wrote the index.
            self.run(self.index.__aexit__(RuntimeError, None, None))
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)
            if not self.thread.is_alive():
                self.loop.close()


class SearchBuild:
    """This build's indexing (its part of the build session).

    The index is made of sections (SEARCH["sections"]: the news, the BIP, the rest of the site), each a
    Pagefind bundle of its own that search.js merges in the browser (Pagefind's mergeIndex). Pages are
    only noted while the site is written; at `finalized` each section whose pages are those of the live
    release, unchanged, takes the live bundle as it is, and only the others are indexed, one after
    another: one Pagefind process at a time, holding one section."""

    def __init__(self, settings: dict):
        config = search_settings(settings)
        self.enabled = config["enabled"]
        self.prefixes = config["sections"]
        self.synonyms = synonyms(settings) if self.enabled else []
        self.record = session_of(settings).record
        self.code = code_digest(settings) if self.enabled else ""
        self.synonyms_key = json.dumps(self.synonyms)
        self.words = BuildCache(settings, "SearchIndex-Words") if self.enabled else None
        self.pages: dict[str, list[str]] = {section_name(prefix): [] for prefix in ("", *self.prefixes)}
        self.changed: set[str] = set()
        self.feeder: IndexFeeder | None = None

    @functools.cached_property
    def previous(self) -> dict:
        """The live release's sections (read once the build's record has started, at the first page)."""
        previous = self.record.previous_notes.get("search")
        return previous if isinstance(previous, dict) else {}

    @functools.cached_property
    def indexed_before(self) -> set[str]:
        return {page for entry in self.previous.values() for page in entry.get("pages", ())}

    @functools.cached_property
    def same_code_as_live(self) -> bool:
        return any(entry.get("code") == self.code for entry in self.previous.values())

    def section_of(self, relative: str) -> str:
        longest = max((prefix for prefix in self.prefixes if relative.startswith(prefix)), key=len, default="")
        return section_name(longest)

    def offer(self, path: str, relative: str, html: str | None) -> None:
        """A page written (its HTML) or taken unchanged from the live release (None)."""
        if not self.enabled:
            return
        if html is None and self.previous:
            if relative in self.indexed_before:
                self.pages[self.section_of(relative)].append(relative)
            return
        if html is None:  # the live release does not say what it indexed: the page itself does
            with open(path, encoding="utf-8") as handle:
                html = handle.read()
        if INDEXED_MARK in html:
            section = self.section_of(relative)
            self.pages[section].append(relative)
            if not self.same_as_live(relative, html):
                self.changed.add(section)

    def same_as_live(self, relative: str, html: str) -> bool:
        """A page rendered again as it was (its inputs could not be described, see core.writer)."""
        # After a code change every page is rendered again and no section can be taken: nothing to compare.
        if not self.record.live or relative not in self.indexed_before or not self.same_code_as_live:
            return False
        try:
            with open(os.path.join(self.record.live, relative), encoding="utf-8") as handle:
                return handle.read() == html
        except OSError:
            return False

    def digest(self, section: str, pages: list[str]) -> str:
        return hashlib.sha256(json.dumps([self.code, self.synonyms, section, pages]).encode()).hexdigest()

    def finish(self, output_path: str) -> None:
        if not self.enabled:
            return
        notes = {}
        for section, pages in self.pages.items():
            pages.sort()
            digest = self.digest(section, pages)
            bundle = os.path.join(output_path, bundle_folder(section))
            if self.take_from_live(section, digest, bundle):
                self.words.keep(self.words_key(section), self.words.get(self.words_key(section)) or {})
            else:
                self.index_section(output_path, section, pages, bundle)
            notes[section] = {"digest": digest, "pages": pages, "code": self.code}
        self.record.notes["search"] = notes
        self.words.save()
        if self.prefixes:
            write_merged_module(output_path)

    def take_from_live(self, section: str, digest: str, bundle: str) -> bool:
        """Link the live release's bundle of a section whose pages and their index inputs did not change."""
        live = self.record.live
        if section in self.changed or not live or self.previous.get(section, {}).get("digest") != digest:
            return False
        source = os.path.join(live, bundle_folder(section))
        if not os.path.isfile(os.path.join(source, "pagefind-entry.json")):
            return False
        nested = {MERGED_FOLDER, *map(section_name, self.prefixes)} if section == "" else set()
        for folder, subfolders, files in os.walk(source):
            subfolders[:] = sorted(name for name in subfolders if folder != source or name not in nested)
            target = os.path.join(bundle, os.path.relpath(folder, source))
            os.makedirs(target, exist_ok=True)
            for name in files:
                os.link(os.path.join(folder, name), os.path.join(target, name))
        logger.debug("Pagefind: section %r taken from the live release", section or "/")
        return True

    def searchable(self, html: str, known: dict, words: dict) -> str:
        """The page as Pagefind gets it; the words it adds kept by the page's hash (most pages of a
        section re-indexed after one edit are the same as last time)."""
        spaced = with_space_after_cells(html)
        key = hashlib.sha256(spaced.encode()).digest()
        found = known.get(key)
        if found is None:
            found = page_words(spaced, self.synonyms)
        words[key] = found
        return with_words(spaced, found)

    def words_key(self, section: str) -> tuple[str, str]:
        """Added words are kept per section and per synonyms: a section taken from the live release keeps its own."""
        return (section, self.synonyms_key)

    def index_section(self, output_path: str, section: str, pages: list[str], bundle: str) -> None:
        known, words = self.words.get(self.words_key(section)) or {}, {}
        self.feeder = IndexFeeder()
        try:
            for relative in pages:
                with open(os.path.join(output_path, relative), encoding="utf-8") as handle:
                    html = handle.read()
                searchable = self.searchable(html, known, words)
                if self.prefixes:
                    searchable = with_section_filter(searchable, section)
                self.feeder.add("/" + relative.removesuffix("index.html"), searchable)
            self.feeder.finish(bundle)
        except Exception as error:
            raise SearchIndexError(f"Pagefind: {error}") from error
        finally:
            self.feeder.close()
            self.feeder = None
        self.words.keep(self.words_key(section), words)
        logger.debug("Pagefind: %s pages indexed into %s", len(pages), bundle)

    def close(self) -> None:
        """At the end of the build, finished or not: a stopped build leaves no Pagefind running."""
        if self.feeder is not None:
            self.feeder.close()


def write_merged_module(output_path: str) -> None:
    folder = os.path.join(output_path, SEARCH_FOLDER, MERGED_FOLDER)
    os.makedirs(folder, exist_ok=True)
    shutil.copyfile(MERGED_MODULE, os.path.join(folder, "pagefind.js"))


def search_settings(settings: dict) -> dict:
    config = plugin_settings(settings, "SEARCH", DEFAULTS)
    for prefix in config["sections"]:
        if not SECTION_PREFIX.fullmatch(prefix) or section_name(prefix) in PAGEFIND_FOLDERS:
            raise SettingsError(
                f"SEARCH['sections']: {prefix!r} is not a folder of the site such as 'bip/' "
                f"(lower-case letters, digits and dashes, ending in '/', not {sorted(PAGEFIND_FOLDERS)})"
            )
    return config


def section_name(prefix: str) -> str:
    """'' for the rest of the site (the main bundle), 'bip' for 'bip/', 'bip-uchwaly' for 'bip/uchwaly/'."""
    return prefix.rstrip("/").replace("/", "-")


def bundle_folder(section: str) -> str:
    return os.path.join(SEARCH_FOLDER, section) if section else SEARCH_FOLDER


def search_build(settings: dict) -> SearchBuild:
    return session_of(settings).part("search", lambda: SearchBuild(settings))


def searchable_tail(html: str, synonyms: list[tuple[str, tuple[str, ...]]] = ()) -> str:
    """The indexed region plus, at its start between two FOLDED_MARKs, words that find the page without being its
    text: its words with ł/Ł written as l/L, and the residents' words for the site's own (the office's
    synonyms: a page that says "odpadów" is found by "śmieci"). search.js never shows them in an excerpt."""
    return with_words(html, page_words(html, synonyms))


def page_words(html: str, synonyms: list[tuple[str, tuple[str, ...]]]) -> tuple[str, ...]:
    """The words searchable_tail adds to a page."""
    start, end = html.find(INDEXED_MARK), html.rfind("</main>")
    if start < 0 or end < start:
        return ()
    text = MARKUP.sub(" ", html[start:end])
    extra = dict.fromkeys(word.translate(L_STROKE_AS_L) for word in WORD_WITH_L_STROKE.findall(text))
    if synonyms:
        present = sorted({plain_word(word) for word in set(WORD.findall(text))})
        for stem, words in synonyms:
            if starts_one_of(present, stem):
                extra.update(dict.fromkeys(words))
    return tuple(extra)


def with_words(html: str, words: tuple[str, ...]) -> str:
    start = html.find(INDEXED_MARK)
    if not words or start < 0:
        return html
    # Before the first heading: Pagefind gives text to the section of the heading before it, and this
    # belongs to none (search.js keeps it out of the page's excerpt).
    opening = html.index(">", start) + 1
    return f"{html[:opening]}<p>{FOLDED_MARK} {' '.join(words)} {FOLDED_MARK}</p>{html[opening:]}"


def with_section_filter(html: str, section: str) -> str:
    """The page with its section as a Pagefind filter that merged.js chooses sections by."""
    opening = html.index(">", html.index(INDEXED_MARK)) + 1
    marker = f'<span data-pagefind-filter="{SECTION_FILTER}:{section or "/"}"></span>'
    return html[:opening] + marker + html[opening:]


def starts_one_of(words: list[str], stem: str) -> bool:
    """Whether a word of the sorted list begins with `stem` (the first candidate follows it in order)."""
    position = bisect.bisect_left(words, stem)
    return position < len(words) and words[position].startswith(stem)


def with_space_after_cells(html: str) -> str:
    return CELL_END.sub(r"</\1> ", html)


def offer(writer, path: str, relative: str, html: str | None) -> None:
    search_build(writer.settings).offer(path, relative, html)


@functools.lru_cache(maxsize=1 << 16)
def plain_word(word: str) -> str:
    """Lower case, no diacritics, ł as l: how a synonym's word is compared with a page's."""
    folded = unicodedata.normalize("NFD", word.strip().lower()).replace("ł", "l")
    return "".join(c for c in folded if not unicodedata.combining(c))


def synonyms(settings: dict) -> list[tuple[str, tuple[str, ...]]]:
    """[(the site's word, as search.js compares words; the residents' words for it)], from a valid data file."""
    data, problems = load_data(settings, SYNONYMS_FILE, SYNONYMS_ENTRIES)
    if problems:
        return []
    return [(plain_word(group["search"]), tuple(group["for"])) for group in data.get("synonyms", [])]


def ignored_words(settings: dict) -> list[str]:
    data, problems = load_data(settings, SYNONYMS_FILE, SYNONYMS_ENTRIES)
    return [] if problems else sorted({plain_word(word) for word in data.get("ignore", [])})


def expose_search_words_and_sections(pelican) -> None:
    """For search.html: the words a query leaves out and the section bundles search.js merges."""
    pelican.settings["SEARCH_IGNORED_WORDS"] = ignored_words(pelican.settings)
    prefixes = search_settings(pelican.settings)["sections"]
    pelican.settings["SEARCH_SECTIONS"] = [section_name(prefix) for prefix in prefixes]


def check_synonyms(path, shown_as, settings):
    return load_data(settings, SYNONYMS_FILE, SYNONYMS_ENTRIES)[1]


def start_index(pelican) -> None:
    search_build(pelican.settings)


def write_index(pelican) -> None:
    search_build(pelican.settings).finish(pelican.output_path)


DATA_FILES = (DataFile("search-synonyms", f"dane/{SYNONYMS_FILE}", check_synonyms),)

# Runs after (plugins.core.order): indexes every page the others write.
NEEDS = ("*",)


def register():
    signals.initialized.connect(expose_search_words_and_sections)
    signals.initialized.connect(start_index)
    use_site_writer()
    page_written.connect(offer)
    signals.finalized.connect(write_index)
