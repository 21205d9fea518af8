"""Polish typography and formatting.

- One-letter words (a, i, o, u, w, z and capitals) are bound to the next word
  with a non-breaking space, so they never end a line. Done on Markdown's
  element tree (text only: never in code, URLs or attributes) and, for titles,
  with the `orphans` Jinja filter.
- A table an editor writes in Markdown scrolls inside its own labelled, focusable region on a
  narrow screen (WCAG 1.4.10), as the templates' tables do (partials/scroll_table.html).
- Jinja filters for Polish dates and numbers: `date_pl`, `datetime_pl`,
  `number_pl`, `iso`.
"""

import re
from xml.etree.ElementTree import Element

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape
from pelican import signals

from plugins.core.polish import NBSP, count_pl, date_pl, datetime_pl, iso, month_pl, number_pl

SINGLE_LETTER_WORD = re.compile(r"(?<![\w\-])([aiouwzAIOUWZ])[ ]+(?=\S|\Z)")
SKIPPED_ELEMENTS = {"code", "pre", "kbd", "samp", "script", "style"}


def bind_single_letter_words(text: str) -> str:
    # Applied twice: in "a i o" the second pass catches what the first consumed.
    once = SINGLE_LETTER_WORD.sub(lambda m: m.group(1) + NBSP, text)
    return SINGLE_LETTER_WORD.sub(lambda m: m.group(1) + NBSP, once)


class SingleLetterWordsProcessor(Treeprocessor):
    def run(self, root: Element) -> None:
        self._walk(root)

    def _walk(self, element: Element) -> None:
        if element.tag in SKIPPED_ELEMENTS:
            return
        if element.text:
            element.text = bind_single_letter_words(element.text)
        for child in element:
            self._walk(child)
            if child.tail:
                child.tail = bind_single_letter_words(child.tail)


class ScrollableTablesProcessor(Treeprocessor):
    def run(self, root: Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "table":
                    parent[index] = scroll_region(child)


def table_label(table: Element) -> str:
    """A Markdown table has no caption: the region is named after its column headings."""
    headings = ["".join(cell.itertext()).strip() for cell in table.iter("th")]
    headings = [heading for heading in headings if heading]
    return f"Tabela: {', '.join(headings)}" if headings else "Tabela"


def scroll_region(table: Element) -> Element:
    region = Element("div", {"class": "table-scroll", "role": "region", "tabindex": "0"})
    region.set("aria-label", table_label(table))
    region.append(table)
    region.tail, table.tail = table.tail, None
    return region


class PolishTypographyExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's API name)
        # After the inline processor (priority 20), so emphasised text is split out.
        md.treeprocessors.register(SingleLetterWordsProcessor(md), "polish_single_letters", 5)
        md.treeprocessors.register(ScrollableTablesProcessor(md), "scrollable_tables", 4)


def orphans(value) -> Markup:
    """Jinja filter for plain text such as titles; escapes, then binds."""
    return Markup(bind_single_letter_words(str(escape(value))))


FILTERS = {
    "orphans": orphans,
    "date_pl": date_pl,
    "datetime_pl": datetime_pl,
    "month_pl": month_pl,
    "number_pl": number_pl,
    "count_pl": count_pl,
    "iso": iso,
}


def install(pelican) -> None:
    settings = pelican.settings
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), **FILTERS}
    markdown = settings["MARKDOWN"]
    extensions = markdown.setdefault("extensions", [])
    if not any(isinstance(e, PolishTypographyExtension) for e in extensions):
        extensions.append(PolishTypographyExtension())


def register():
    signals.initialized.connect(install)
