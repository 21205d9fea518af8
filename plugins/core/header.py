"""Reads a Markdown document's `Key: value` header keeping line numbers.

Python-Markdown's meta extension parses the same header for Pelican but
forgets where each field stood; editors need the line, so the validator reads
the header itself with the meta extension's own grammar.
"""

import re
from dataclasses import dataclass, field

# The grammar of markdown.extensions.meta (META_RE, META_MORE_RE, BEGIN/END).
META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
# A line an editor meant as a field but the meta grammar does not take (Polish letters in
# the name: "Tytuł:"); Markdown would end the header there and publish the rest as text.
LOOSE_META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[^\W\d_][\w-]*):\s+(?P<value>.*)|^[ ]{0,3}(?P<bare>[^\W\d_][\w-]*):$")
META_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)")
YAML_BEGIN = re.compile(r"^-{3}(\s.*)?")
YAML_END = re.compile(r"^(-{3}|\.{3})(\s.*)?")


@dataclass
class HeaderField:
    name: str
    value: str
    line: int


@dataclass
class SourceDocument:
    """A content file split into its header fields and its body."""

    path: str
    display_path: str
    fields: dict[str, HeaderField] = field(default_factory=dict)
    duplicates: list[HeaderField] = field(default_factory=list)
    body: str = ""
    body_first_line: int = 1

    def get(self, name: str) -> HeaderField | None:
        return self.fields.get(name.lower())

    def value(self, name: str, default: str = "") -> str:
        found = self.get(name)
        return found.value if found else default


def split_header(text: str, path: str, display_path: str) -> SourceDocument:
    document = SourceDocument(path=path, display_path=display_path)
    lines = text.split("\n")
    index = 0
    if lines and YAML_BEGIN.match(lines[0]):
        index = 1
    current: HeaderField | None = None
    while index < len(lines):
        line = lines[index]
        if index > 0 and YAML_END.match(line) and current is not None:
            index += 1
            break
        if not line.strip():
            index += 1
            break
        match = META_LINE.match(line) or (LOOSE_META_LINE.match(line) if current is not None or index == 0 else None)
        if match and match["key"] is None:
            match = {"key": match["bare"], "value": ""}
        if match:
            current = HeaderField(match["key"], match["value"].strip(), index + 1)
            key = current.name.lower()
            if key in document.fields:
                document.duplicates.append(current)
            else:
                document.fields[key] = current
        elif current is not None and META_MORE.match(line):
            current.value = f"{current.value} {META_MORE.match(line)['value'].strip()}".strip()
        else:
            break
        index += 1
    document.body = "\n".join(lines[index:])
    document.body_first_line = index + 1
    return document
