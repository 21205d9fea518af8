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
(`with_l_for_l_stroke`), so a query typed without Polish letters finds the same pages. A space
follows each table and definition-list cell in what is indexed, so excerpts keep fields apart.
Settings: SEARCH = {"enabled": bool}.
"""

import asyncio
import atexit
import base64
import json
import logging
import os
import re
import threading

from pagefind.index import IndexConfig, PagefindIndex
from pagefind.service import PagefindService
from pelican import signals

from plugins.core import plugin_settings
from plugins.core.writer import page_written, use_site_writer

logger = logging.getLogger(__name__)

DEFAULTS = {"enabled": True}
INDEXED_MARK = "data-pagefind-body"
MARKUP = re.compile(r"<[^>]*>")
# A field's name and value in adjacent cells ("<dt>Numer</dt><dd>XII/85/2024</dd>") are one word to
# Pagefind, which separates block elements only: "NumerXII/85/2024" in a result's excerpt.
CELL_END = re.compile(r"</(dt|th|td)>(?=<)")
WORD_WITH_L_STROKE = re.compile(r"\w*[łŁ]\w*")
L_STROKE_AS_L = str.maketrans("łŁ", "lL")


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


FEEDER: IndexFeeder | None = None
ENABLED = False  # this build indexes; the feeder starts with the first page written


def feeder() -> IndexFeeder:
    """Started lazily: validation runs before anything is written, so a refused build starts nothing."""
    global FEEDER
    if FEEDER is None:
        FEEDER = IndexFeeder()
        atexit.register(FEEDER.close)
    return FEEDER


def with_l_for_l_stroke(html: str) -> str:
    """The indexed region plus its words with ł/Ł written as l/L, once each, at its end."""
    start, end = html.find(INDEXED_MARK), html.rfind("</main>")
    if start < 0 or end < start:
        return html
    words = dict.fromkeys(WORD_WITH_L_STROKE.findall(MARKUP.sub(" ", html[start:end])))
    if not words:
        return html
    folded = " ".join(word.translate(L_STROKE_AS_L) for word in words)
    return f"{html[:end]}<p>{folded}</p>{html[end:]}"


def with_space_after_cells(html: str) -> str:
    return CELL_END.sub(r"</\1> ", html)


def offer(writer, path: str, relative: str, html: str) -> None:
    if ENABLED and INDEXED_MARK in html:
        feeder().add("/" + relative.removesuffix("index.html"), with_l_for_l_stroke(with_space_after_cells(html)))


def start_index(pelican) -> None:
    global FEEDER, ENABLED
    if FEEDER is not None:  # a previous build in this process stopped half-way
        FEEDER.close()
        FEEDER = None
    ENABLED = plugin_settings(pelican.settings, "SEARCH", DEFAULTS)["enabled"]


def write_index(pelican) -> None:
    global FEEDER
    feeder, FEEDER = FEEDER, None
    if feeder is None:
        return
    try:
        feeder.finish(pelican.output_path)
    except Exception as error:
        raise SearchIndexError(f"Pagefind: {error}") from error
    logger.debug("Pagefind: %s pages indexed", len(feeder.urls))


def register():
    signals.initialized.connect(start_index)
    use_site_writer()
    page_written.connect(offer)
    signals.finalized.connect(write_index)
