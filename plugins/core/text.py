"""Reading editors' text files: UTF-8 (with or without BOM), NFC, LF line endings.

Every reader of content (validation, Pelican's Markdown reader, BIP history)
goes through `normalise_text`, so that what is checked is exactly what is
rendered: decomposed Polish letters (NFD, as some Mac editors save them) and
old Mac (CR) or Windows (CRLF) line endings mean the same as their usual form.
"""

import unicodedata

from .problems import Problem


def normalise_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def decode_source(raw: bytes, shown_as: str) -> tuple[str | None, Problem | None]:
    try:
        return normalise_text(raw.decode("utf-8-sig")), None
    except UnicodeDecodeError as error:
        line = raw[: error.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
        byte = raw[error.start : error.start + 1].hex()
        return None, Problem(
            shown_as,
            line,
            f"plik nie jest zapisany w kodowaniu UTF-8 (bajt 0x{byte}). Zapisz go ponownie "
            "jako UTF-8 (w Notatniku: Zapisz jako → Kodowanie: UTF-8).",
        )


def read_source(path: str, shown_as: str) -> tuple[str | None, Problem | None]:
    with open(path, "rb") as handle:
        return decode_source(handle.read(), shown_as)
