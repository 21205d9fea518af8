"""The gate: rendered HTML from content is judged against an allowlist.

Every fragment of HTML that comes from content (bodies, summaries, historical
BIP versions, feed items...) is parsed the way a browser parses it, with
html5lib (the WHATWG HTML parser that Beautiful Soup uses as its "html5lib"
builder; used directly here because its parse errors are needed too), and
every element, attribute and URL must be on the allowlist. URLs are judged
after the parser decoded entities and after the clean-up a browser does
(tabs and newlines removed, backslashes read as slashes), so obfuscated
`javascript:` or `/\\host` cannot pass.

Where the violation came from in the source is found by rendering growing
prefixes of the source (`locate_line`): the first line whose inclusion makes
the violation appear is where the construct starts.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import html5lib

GLOBAL_ATTRIBUTES = frozenset(
    {"id", "class", "title", "lang", "dir", "role", "aria-label", "aria-hidden", "aria-describedby", "aria-labelledby"}
)
ELEMENT_ATTRIBUTES: dict[str, frozenset[str]] = {
    name: frozenset(attributes)
    for name, attributes in {
        **{tag: () for tag in "p br hr h1 h2 h3 h4 h5 h6 em strong b i u s mark small sub sup abbr dfn".split()},
        **{tag: () for tag in "cite code pre kbd samp var ul dl dt dd caption span figure figcaption".split()},
        # A scrolling table's region (plugins/typography) takes keyboard focus: tabindex="0" only.
        "div": ("tabindex",),
        **{tag: () for tag in "table thead tbody tfoot tr summary address wbr picture".split()},
        "a": ("href", "hreflang", "rel", "type"),
        "img": ("src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding"),
        "th": ("colspan", "rowspan", "headers", "scope", "align"),
        "td": ("colspan", "rowspan", "headers", "align"),
        "col": ("span",),
        "colgroup": ("span",),
        "ol": ("start", "reversed", "type"),
        "li": ("value",),
        "blockquote": ("cite",),
        "q": ("cite",),
        "del": ("cite", "datetime"),
        "ins": ("cite", "datetime"),
        "time": ("datetime",),
        "details": ("open",),
        "video": ("src", "poster", "controls", "width", "height", "preload", "muted", "loop", "playsinline"),
        "audio": ("src", "controls", "preload", "loop", "muted"),
        "source": ("src", "srcset", "type", "media", "sizes"),
        "track": ("src", "kind", "srclang", "label", "default"),
    }.items()
}
ALLOWED_ELEMENTS = frozenset(ELEMENT_ATTRIBUTES)
# Attributes holding a URL the browser follows when clicked, and ones it loads by itself.
LINK_ATTRIBUTES = frozenset({"href", "cite"})
LOADING_ATTRIBUTES = frozenset({"src", "srcset", "poster"})
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Pelican's intra-site references ({static}/…, {filename}/…, or the old |static|/… form).
INTERNAL_REFERENCE = re.compile(r"^[{|](static|filename|attach|index|tag|category|author)[|}]")
# Deeper trees crash parsers and serialisers further down (feeds, search); no real text needs them.
MAX_DEPTH = 40
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# What a browser removes from a URL before reading it (WHATWG URL standard).
URL_INVISIBLE = re.compile(r"[\t\n\r]")

EMBED_HINT = "Formularz podlinkuj zwykłym odnośnikiem: [opis formularza](adres-strony-z-formularzem)."
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data", "livescript"})
ELEMENT_MESSAGES = {
    **dict.fromkeys(
        ("script", "noscript", "template", "iframe", "object", "embed", "frame", "frameset", "applet", "portal"),
        "niedozwolony znacznik <{tag}>: strona nie może uruchamiać skryptów ani osadzać cudzych stron. "
        "Usuń go; film lub mapę podlinkuj zwykłym odnośnikiem [opis](adres).",
    ),
    **dict.fromkeys(
        ("form", "input", "button", "select", "textarea", "option", "label", "fieldset", "output", "datalist"),
        "niedozwolony znacznik <{tag}>: w treści nie ma formularzy. Usuń go. " + EMBED_HINT,
    ),
    **dict.fromkeys(
        ("style", "link"),
        "niedozwolony znacznik <{tag}>: wygląd strony ustala szablon serwisu, nie treść. Usuń go; "
        "do wyróżnienia tekstu użyj **pogrubienia** albo nagłówka ## Tytuł sekcji.",
    ),
    **dict.fromkeys(
        ("meta", "base"),
        "niedozwolony znacznik <{tag}>: zmieniałby działanie całej strony. Usuń go.",
    ),
    **dict.fromkeys(
        ("svg", "math"),
        "niedozwolony znacznik <{tag}> wpisany w treść. Rysunek zapisz jako plik w content/images/ "
        "i wstaw go tak: ![opis rysunku]({{static}}/images/nazwa-pliku.svg).",
    ),
}
UNKNOWN_ELEMENT = (
    "niedozwolony znacznik <{tag}>. W treści wolno używać tylko znaczników wymienionych w poradniku "
    "redaktora (docs/README.md, „Dozwolony HTML”); najprościej pisz w Markdown."
)


@dataclass(frozen=True)
class Violation:
    key: tuple  # what the violation is, to find it again in a partial render
    message: str  # Polish, says what to write instead


def clean_url(value: str) -> str:
    """The URL as a browser reads it: entities decoded (by the parser), invisible characters gone."""
    value = URL_INVISIBLE.sub("", value).strip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
        "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "
    )
    return value.replace("\\", "/")


def srcset_urls(value: str) -> list[str]:
    """The URL of each candidate of a srcset ("a.jpg 1x, b.jpg 2x")."""
    return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]


def url_problem(tag: str, attribute: str, raw: str, own_origin: str | None = None) -> str | None:
    url = clean_url(raw)
    shown = raw.strip()[:60]
    reference = INTERNAL_REFERENCE.match(url)
    if reference:
        # Pelican replaces only the path after {tag}, {static}…: a host or scheme written there stays.
        rest = urlsplit(url[reference.end() :])
        if rest.scheme or rest.netloc:
            return (
                f"adres „{shown}” w <{tag}> prowadzi do innego serwera: po {{{reference[1]}}} wpisz tylko ścieżkę "
                "pliku lub strony w serwisie, np. ![opis]({static}/images/nazwa.jpg)."
            )
        return None
    if url == "":
        return None
    if own_origin and url.startswith(f"{own_origin}/"):
        url = url[len(own_origin) :]  # a feed's absolute link back to this site
    if url.startswith("//"):
        return (
            f"adres „{shown}” w <{tag}> prowadzi do innego serwera, choć wygląda na adres tej strony. "
            "Adres strony serwisu zaczynaj jednym ukośnikiem (/aktualnosci/), a adres innej strony "
            "pełnym https://."
        )
    scheme = SCHEME.match(url)
    if attribute in LOADING_ATTRIBUTES:
        if scheme is None:
            if url.startswith(("/", "#")):
                return None
            # Relative to the page's own address (/aktualnosci/2024/tytul/images/…): never the file meant.
            return (
                f"obraz lub plik „{shown}” ma adres względny, więc przeglądarka szukałaby go obok adresu tej "
                "strony i by go nie znalazła. Wstaw plik z folderu content/ jako "
                "![opis zdjęcia]({static}/images/nazwa-pliku.jpg)."
            )
        if scheme[1].lower() in ("http", "https"):
            return (
                f"obraz lub plik wczytywany z innego serwera („{shown}”). Strona nie może niczego "
                "pobierać z cudzych serwerów: zapisz plik w content/images/ i wstaw go jako "
                "![opis]({static}/images/nazwa.jpg)."
            )
        return (
            f"niedozwolony adres „{scheme[1]}:…” w <{tag}>: obraz lub film musi być plikiem tego serwisu. "
            "Zapisz plik w content/images/ i wstaw go jako ![opis]({static}/images/nazwa-pliku.jpg)."
        )
    if scheme is None or scheme[1].lower() in LINK_SCHEMES:
        return None
    if scheme[1].lower() in SCRIPT_SCHEMES:
        return f"niedozwolony adres odnośnika „{scheme[1].lower()}:…” (uruchamia skrypt). Wpisz zwykły adres strony."
    return (
        f"niedozwolony adres odnośnika „{scheme[1].lower()}:…” w <{tag}>. Dozwolone są adresy stron "
        "(https://…), adresy tego serwisu (/aktualnosci/…), mailto: i tel:."
    )


def attribute_violations(tag: str, attributes: dict, own_origin: str | None = None) -> list[Violation]:
    violations = []
    allowed = ELEMENT_ATTRIBUTES[tag] | GLOBAL_ATTRIBUTES
    for name, value in attributes.items():
        if not isinstance(name, str) or name.startswith("{"):
            name = name[1] if isinstance(name, tuple) else str(name).rsplit("}", 1)[-1]
            violations.append(
                Violation(("attribute", tag, name), f"niedozwolony atrybut {name}= w znaczniku <{tag}>. Usuń go.")
            )
            continue
        lowered = name.lower()
        if lowered.startswith("on"):
            message = f"niedozwolony atrybut {lowered}= w znaczniku <{tag}> (uruchamia skrypt). Usuń go."
        elif lowered == "style":
            message = (
                f"niedozwolony atrybut style= w znaczniku <{tag}>: wygląd ustala szablon serwisu. Usuń go; "
                "wyrównanie kolumn tabeli zapisz w Markdown (|:---|---:|)."
            )
        elif lowered not in allowed:
            message = f"niedozwolony atrybut {lowered}= w znaczniku <{tag}>. Usuń go."
        elif lowered == "tabindex" and value.strip() != "0":
            message = (
                f"tabindex=„{value}” w <{tag}> zmienia kolejność poruszania się klawiszem Tab. "
                'Usuń ten atrybut (dozwolone jest tylko tabindex="0").'
            )
        else:
            message = None
        if message:
            violations.append(Violation(("attribute", tag, lowered), message))
            continue
        urls = (
            srcset_urls(value)
            if lowered == "srcset"
            else [value]
            if lowered in LINK_ATTRIBUTES | LOADING_ATTRIBUTES
            else []
        )
        for url in urls:
            problem = url_problem(tag, lowered, url, own_origin)
            if problem:
                violations.append(Violation(("url", tag, lowered, clean_url(url)), problem))
    return violations


def parse_error_violation(code: str) -> Violation:
    if "comment" in code:
        detail = "komentarz HTML jest źle zamknięty; komentarz pisz jako <!-- tekst --> albo usuń go"
    elif "end-tag" in code or "eof" in code.lower():
        detail = (
            "znacznik HTML jest niedomknięty albo zamyka coś, czego treść nie otworzyła; "
            "domknij każdy otwarty znacznik (<p>…</p>) albo napisz ten fragment w Markdown"
        )
    else:
        detail = "kod HTML jest niepoprawny; napisz ten fragment w Markdown albo popraw znacznik"
    return Violation(("parse", code), f"{detail} (błąd składni HTML: {code}).")


def nesting_depth(root) -> int:
    deepest, stack = 0, [(root, 0)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


def check_html(html: str, own_origin: str | None = None) -> list[Violation]:
    """Every way this fragment breaks the allowlist, in document order, each kind once.

    `own_origin` ("https://www.wachock.pl") is this site's address in fragments whose links were made
    absolute (feed items); files loaded from it count as the site's own.
    """
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    fragment = parser.parseFragment(html, container="div")
    violations = [parse_error_violation(error[1]) for error in parser.errors]
    if nesting_depth(fragment) > MAX_DEPTH:
        violations.append(
            Violation(
                ("depth",),
                f"treść jest zagnieżdżona głębiej niż na {MAX_DEPTH} poziomów (np. cytat w cytacie w cytacie…). "
                "Uprość tę część: cytat wystarczy oznaczyć jednym znakiem > na początku wiersza.",
            )
        )
    for element in fragment.iter():
        if not isinstance(element.tag, str) or element.tag == "DOCUMENT_FRAGMENT":
            continue  # comments: inert once the parser has read them as browsers do
        tag = element.tag
        if tag.startswith("{"):  # svg or math content: namespaced
            tag = tag.rsplit("}", 1)[1]
        if tag not in ALLOWED_ELEMENTS:
            message = ELEMENT_MESSAGES.get(tag, UNKNOWN_ELEMENT).format(tag=tag)
            violations.append(Violation(("element", tag), message))
            continue
        violations.extend(attribute_violations(tag, dict(element.attrib), own_origin))
    unique = {}
    for violation in violations:
        unique.setdefault(violation.key, violation)
    return list(unique.values())


def internal_references(html: str) -> list[tuple[str, str]]:
    """(kind, path) of each {static}/{filename}/{attach} reference in a rendered fragment."""
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    found = []
    for element in parser.parseFragment(html, container="div").iter():
        for name, value in getattr(element, "attrib", {}).items():
            if not isinstance(name, str):
                continue
            urls = srcset_urls(value) if name == "srcset" else [value]
            for url in urls:
                match = INTERNAL_REFERENCE.match(clean_url(url))
                if match and match[1] in ("static", "filename", "attach"):
                    found.append((match[1], clean_url(url)[match.end() :]))
    return found


def locate_line(lines: list[str], render: Callable[[str], str], present: Callable[[str], bool]) -> int | None:
    """1-based index of the first line whose inclusion makes `present(rendered prefix)` true."""

    def rendered_present(count: int) -> bool:
        try:
            return present(render("\n".join(lines[:count])))
        except Exception:  # a partial document that cannot render tells nothing
            return False

    if not rendered_present(len(lines)):
        return None
    low, high = 1, len(lines)
    while low < high:
        middle = (low + high) // 2
        if rendered_present(middle):
            high = middle
        else:
            low = middle + 1
    return low


def has_violation(key: tuple) -> Callable[[str], bool]:
    return lambda html: any(v.key == key for v in check_html(html))


def body_problems(shown_as: str, body: str, body_first_line: int, html: str, render, prefix: str = "") -> list:
    """Problems (file, line, message) for every violation in a rendered body."""
    from .problems import Problem

    violations = check_html(html)
    if not violations:
        return []
    lines = body.split("\n")
    problems = []
    for violation in violations:
        found = locate_line(lines, render, has_violation(violation.key))
        line = body_first_line - 1 + found if found else body_first_line
        problems.append(Problem(shown_as, line, prefix + violation.message))
    return problems


def field_problems(shown_as: str, line: int, html: str, field_name: str, prefix: str = "") -> list:
    """Problems for HTML rendered from one header field (e.g. Summary)."""
    from .problems import Problem

    return [
        Problem(shown_as, line, f"{prefix}pole „{field_name}”: {violation.message}") for violation in check_html(html)
    ]
