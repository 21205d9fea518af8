"""Site search: Pagefind fed from the build through its Python API.

Every page the site's writer (core.writer) writes or reuses is announced with `page_written`;
the pages whose template marks their <main> with `data-pagefind-body` (news, static pages,
BIP documents and the text of their PDFs, magazine issues, the BIP's own pages) go to an
in-memory Pagefind index while the rest of the site is still being rendered (Pagefind's service
is a separate process, so this uses a second core).
List pages (categories, tags, archives, pagination, registers) carry no `data-pagefind-body` and are
never indexed. At `finalized` the index and its UI are written to output/pagefind/.
`data-pagefind-ignore` keeps the metryczka and menus out; `data-pagefind-filter` gives the filters.
Pagefind folds diacritics by their Unicode decomposition, so "szkola" finds "szkoła"'s ą-less kin
but not ł, which has none: each indexed page also carries its words with ł written as l
(`searchable_tail`, after a "⁂" that search.js keeps out of excerpts), so a query typed without Polish
letters finds the same pages; the office's synonyms (content/dane/wyszukiwarka.yaml) are added there too. A space
follows each table and definition-list cell in what is indexed, so excerpts keep fields apart.
Settings: SEARCH = {"enabled": bool}.
"""

import asyncio
import base64
import bisect
import functools
import json
import logging
import os
import re
import threading
import unicodedata

from pagefind.index import IndexConfig, PagefindIndex
from pagefind.service import PagefindService
from pelican import signals

from plugins.core import DataFile, plugin_settings, session_of
from plugins.core.datafiles import Entry, load_data
from plugins.core.writer import page_written, use_site_writer

logger = logging.getLogger(__name__)

DEFAULTS = {"enabled": True}
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
    """One Pagefind index per build, filled from a background event loop as pages are written."""

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

    def finish(self, output_path: str) -> None:
        try:
            for future in self.pending:
                future.result()
            self.run(self.index.write_files(output_path=os.path.join(output_path, "pagefind")))
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


class SearchBuild:
    """This build's indexing (its part of the build session): whether it indexes, the office's
    synonyms, and the feeder, started with the first page written: validation runs before anything is
    written, so a refused build starts no Pagefind."""

    def __init__(self, settings: dict):
        self.enabled = plugin_settings(settings, "SEARCH", DEFAULTS)["enabled"]
        self.synonyms = synonyms(settings) if self.enabled else []
        self.feeder: IndexFeeder | None = None

    def offer(self, relative: str, html: str) -> None:
        if self.enabled and INDEXED_MARK in html:
            if self.feeder is None:
                self.feeder = IndexFeeder()
            page = searchable_tail(with_space_after_cells(html), self.synonyms)
            self.feeder.add("/" + relative.removesuffix("index.html"), page)

    def finish(self, output_path: str) -> None:
        if self.feeder is None:
            return
        try:
            self.feeder.finish(output_path)
        except Exception as error:
            raise SearchIndexError(f"Pagefind: {error}") from error
        logger.debug("Pagefind: %s pages indexed", len(self.feeder.urls))

    def close(self) -> None:
        """At the end of the build, finished or not: a stopped build leaves no Pagefind running."""
        if self.feeder is not None:
            self.feeder.close()


def search_build(settings: dict) -> SearchBuild:
    return session_of(settings).part("search", lambda: SearchBuild(settings))


def searchable_tail(html: str, synonyms: list[tuple[str, tuple[str, ...]]] = ()) -> str:
    """The indexed region plus, at its start between two FOLDED_MARKs, words that find the page without being its
    text: its words with ł/Ł written as l/L, and the residents' words for the site's own (the office's
    synonyms: a page that says "odpadów" is found by "śmieci"). search.js never shows them in an excerpt."""
    start, end = html.find(INDEXED_MARK), html.rfind("</main>")
    if start < 0 or end < start:
        return html
    text = MARKUP.sub(" ", html[start:end])
    extra = dict.fromkeys(word.translate(L_STROKE_AS_L) for word in WORD_WITH_L_STROKE.findall(text))
    if synonyms:
        present = sorted({plain_word(word) for word in set(WORD.findall(text))})
        for stem, words in synonyms:
            if starts_one_of(present, stem):
                extra.update(dict.fromkeys(words))
    if not extra:
        return html
    # Before the first heading: Pagefind gives text to the section of the heading before it, and this
    # belongs to none (search.js keeps it out of the page's excerpt).
    opening = html.index(">", start) + 1
    return f"{html[:opening]}<p>{FOLDED_MARK} {' '.join(extra)} {FOLDED_MARK}</p>{html[opening:]}"


def starts_one_of(words: list[str], stem: str) -> bool:
    """Whether a word of the sorted list begins with `stem` (the first candidate follows it in order)."""
    position = bisect.bisect_left(words, stem)
    return position < len(words) and words[position].startswith(stem)


def with_space_after_cells(html: str) -> str:
    return CELL_END.sub(r"</\1> ", html)


def offer(writer, path: str, relative: str, html: str) -> None:
    search_build(writer.settings).offer(relative, html)


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


def expose_ignored_words(pelican) -> None:
    pelican.settings["SEARCH_IGNORED_WORDS"] = ignored_words(pelican.settings)


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
    signals.initialized.connect(expose_ignored_words)
    signals.initialized.connect(start_index)
    use_site_writer()
    page_written.connect(offer)
    signals.finalized.connect(write_index)
