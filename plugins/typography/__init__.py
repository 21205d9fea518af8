"""Polish typography and formatting.

- Non-breaking spaces where Polish typography forbids a line break (`core.polish.typeset`): after
  one-letter words (a, i, o, u, w, z), between a number and its unit or month ("17 KB", "12 maja",
  "300 tys. zł"), after abbreviations such as "ul." or "nr", and before a dash. Applied to
  everything printed: Markdown bodies (on the element tree, never in code, URLs or attributes),
  the templates' own text (a Jinja extension, at compile time, outside tags) and every plain-text
  value a template prints (Jinja's `finalize`, before autoescaping; Markup is already HTML and is
  typeset where it is made).
- A Polish phone number an editor writes in the text ("tel. 41 273 61 00", "600 123 456",
  "+48 41 273 61 00") becomes a `tel:` link, so that a phone calls it with one tap; numbers that are
  amounts ("123 456 789 zł"), parts of longer numbers, or written without spaces (REGON) are left alone.
- A table an editor writes in Markdown scrolls inside its own labelled, focusable region on a
  narrow screen (WCAG 1.4.10), as the templates' tables do (partials/scroll_table.html).
- Jinja filters for Polish dates and numbers: `date_pl`, `datetime_pl`,
  `number_pl`, `iso`.
"""

import re
from xml.etree.ElementTree import Element

from jinja2.ext import Extension as JinjaExtension
from jinja2.lexer import Token
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from pelican import signals

from plugins.core.polish import (
    count_pl,
    date_pl,
    datetime_pl,
    day_month_pl,
    iso,
    month_pl,
    number_pl,
    typeset,
    typeset_markup,
    weekday_pl,
)

SKIPPED_ELEMENTS = {"code", "pre", "kbd", "samp", "script", "style"}


class TypesetProcessor(Treeprocessor):
    def run(self, root: Element) -> None:
        self._walk(root)

    def _walk(self, element: Element) -> None:
        if element.tag in SKIPPED_ELEMENTS:
            return
        if element.text:
            element.text = typeset(element.text)
        for child in element:
            self._walk(child)
            if child.tail:
                child.tail = typeset(child.tail)


SEPARATOR = r"[ \u00a0-]"
# A landline (area code 12–95, then 3-2-2) or a mobile (4–8, then 3-3-3), grouped as people write them;
# "+48" or "0048" before it. Not part of a longer number, not an amount or a measure.
PHONE_NUMBER = re.compile(
    rf"(?<![\w+/.,-])(?<!\d{SEPARATOR})"
    rf"(?:(?:\+48|0048){SEPARATOR}?)?"
    rf"(?:\(?[1-9]\d\)?{SEPARATOR}\d{{3}}{SEPARATOR}\d{{2}}{SEPARATOR}\d{{2}}|[4-8]\d{{2}}{SEPARATOR}\d{{3}}{SEPARATOR}\d{{3}})"
    rf"(?![\w-]|[.,]\d|{SEPARATOR}\d|[ \u00a0]*(?:zł|PLN|EUR|tys|mln|mld|m2|m²|km|ha|kg|szt|osób|r\.))"
)


def phone_href(number: str) -> str:
    digits = re.sub(r"\D", "", number).removeprefix("0048")
    return f"tel:+48{digits[-9:]}"


class PhoneLinksProcessor(Treeprocessor):
    """Phone numbers in the text become tel: links (never inside a link, code or a heading's anchor)."""

    def run(self, root: Element) -> None:
        self._walk(root)

    def _walk(self, element: Element) -> None:
        if element.tag in SKIPPED_ELEMENTS or element.tag == "a":
            return
        for child in list(element):
            self._walk(child)
            if child.tail:
                position = list(element).index(child) + 1
                child.tail = self._link_numbers(child.tail, element, position)
        if element.text:
            element.text = self._link_numbers(element.text, element, 0)

    @staticmethod
    def _link_numbers(text: str, parent: Element, position: int) -> str:
        """Returns what stays as text; puts a link (with the text after it as its tail) for each number."""
        matches = list(PHONE_NUMBER.finditer(text))
        if not matches:
            return text
        links = []
        for index, match in enumerate(matches):
            link = Element("a", {"href": phone_href(match.group())})
            link.text = match.group()
            end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
            link.tail = text[match.end() : end]
            links.append(link)
        for offset, link in enumerate(links):
            parent.insert(position + offset, link)
        return text[: matches[0].start()]


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
    def __repr__(self) -> str:
        # Stable across processes: the reading caches' fingerprint holds the Markdown settings' repr
        # (validation.rendering_fingerprint), and an address there would make every build cold.
        return f"{type(self).__name__}()"

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's API name)
        # After the inline processor (priority 20), so emphasised text is split out; phone numbers before
        # typesetting, which binds their groups with no-break spaces.
        md.treeprocessors.register(PhoneLinksProcessor(md), "phone_links", 6)
        md.treeprocessors.register(TypesetProcessor(md), "polish_typography", 5)
        md.treeprocessors.register(ScrollableTablesProcessor(md), "scrollable_tables", 4)


def typeset_printed(value):
    """Jinja's `finalize`: every plain-text value a template prints (titles, names, data) is typeset.

    Markup is left alone: it is already HTML, typeset where it was made (Markdown, core.polish.typeset_markup).
    """
    return typeset(value) if type(value) is str else value


class TemplateTypography(JinjaExtension):
    """The templates' own words ("Opublikowano", "w BIP") typeset once, when a template compiles.

    A template's literal text arrives as data tokens cut by `{{ … }}` and `{% … %}`; whether a token
    starts inside a tag (an attribute value) carries over from the tokens before it.
    """

    def filter_stream(self, stream):
        if not str(stream.name or "").endswith(".html"):
            yield from stream
            return
        inside_tag = False
        for token in stream:
            if token.type == "data":
                value, inside_tag = typeset_markup(token.value, inside_tag)
                token = Token(token.lineno, "data", value)
            yield token


FILTERS = {
    "date_pl": date_pl,
    "datetime_pl": datetime_pl,
    "weekday_pl": weekday_pl,
    "day_month_pl": day_month_pl,
    "month_pl": month_pl,
    "number_pl": number_pl,
    "count_pl": count_pl,
    "iso": iso,
}


TEMPLATE_EXTENSION = f"{__name__}.TemplateTypography"


def install(pelican) -> None:
    settings = pelican.settings
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), **FILTERS}
    environment = settings["JINJA_ENVIRONMENT"] = dict(settings.get("JINJA_ENVIRONMENT", {}))
    extensions = list(environment.get("extensions", []))
    if TEMPLATE_EXTENSION not in extensions:
        environment["extensions"] = [*extensions, TEMPLATE_EXTENSION]
    environment["finalize"] = typeset_printed
    markdown = settings["MARKDOWN"]
    extensions = markdown.setdefault("extensions", [])
    if not any(isinstance(e, PolishTypographyExtension) for e in extensions):
        extensions.append(PolishTypographyExtension())


# Runs after (plugins.core.order): validation reads the sources with the plain Markdown settings,
# before this plugin adds its extension.
NEEDS = ("validation",)


def register():
    signals.initialized.connect(install)
