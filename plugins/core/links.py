"""Links between content: `{static}` and `{filename}` targets checked, and resolved as Pelican does.

The check runs on the rendered HTML of every document, whoever reads it (Pelican's reader for news
and pages, the snapshot reader for BIP documents, their versions from git, and magazine issues).
"""

import os

from pelican.contents import Content

from .files import resolve_reference
from .gate import internal_references, locate_line
from .header import SourceDocument
from .problems import Problem


def reference_problems(
    document: SourceDocument,
    html: str,
    content_root: str,
    publishable: set[str],
    render,
    prefix: str = "",
    references: list[tuple[str, str]] | None = None,
) -> tuple[list[Problem], set[str]]:
    """Problems with each {static}/{filename}/{attach} target, and the absolute paths that are fine.

    `references` are the html's own (`internal_references(html)`) when the caller knows them already.
    """
    problems, referenced = [], set()
    for kind, target in internal_references(html) if references is None else references:
        relative = target.split("#", 1)[0].split("?", 1)[0]
        path, reason = resolve_reference(content_root, os.path.dirname(document.path), relative)
        known = path is not None and os.path.relpath(path, content_root).replace(os.sep, "/") in publishable
        if known:
            referenced.add(path)
            continue
        lines = document.body.split("\n")
        line = locate_line(
            lines, render, lambda fragment, t=target: any(r[1] == t for r in internal_references(fragment))
        )
        at = document.body_first_line - 1 + line if line else document.body_first_line
        why = reason or "nie ma takiego pliku (wielkość liter ma znaczenie) albo plik ma błędy opisane wyżej"
        problems.append(
            Problem(
                document.display_path,
                at,
                f"{prefix}odnośnik {{{kind}}}{target}: {why}. Wskaż plik z folderu content/, np. "
                "![opis zdjęcia]({static}/images/nazwa-pliku.jpg).",
            )
        )
    return problems, referenced


def names_target(target: str):
    return lambda fragment: any(found == target for _, found in internal_references(fragment))


class LinkedBody(Content):
    """A rendered body whose {static}/{filename} links Pelican resolves when the page is written.

    Resolution waits for `.content` because the static files are known only after every generator has
    read its content, exactly as for Pelican's own articles.
    """

    mandatory_properties = ()
    default_template = "page"


def linked_body(html: str, source_path: str, settings: dict, context: dict) -> LinkedBody:
    # A fixed slug: the body is never written on its own, so Pelican need not derive one.
    return LinkedBody(html, metadata={"slug": "tresc"}, settings=settings, source_path=source_path, context=context)
