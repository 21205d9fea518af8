"""The site's one writer: pages announced to plugins as they are written, and content pages whose
inputs did not change taken from the live release instead of being rendered again.

A dependency record (`.build-record.json` at the root of every release) keeps, for each call that
writes pages (a news item, a static page, a category with its later pages...), a hash of everything
they are made from and the files written: the site chrome (upper-case settings and data, feeds,
templates, theme files, the project's code) and every context variable the template and what it
includes actually read (found by Jinja's `meta`), with content objects described by their reading
with links resolved, fields and URLs. Pages whose hash is the one recorded in the live release are
hard-linked from there. A value that cannot be described (an object of a plugin's own) means the
page is always rendered.
"""

import hashlib
import json
import logging
import os
from dataclasses import dataclass, field, is_dataclass

from blinker import signal
from jinja2 import meta
from pelican import signals as pelican_signals
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper
from pelican.writers import Writer

from .fingerprint import PER_BUILD, code_digest, plain
from .session import session_of

logger = logging.getLogger(__name__)

# A build for a long-lived preview (wachock.live) keeps its model: how each page was written.
MODEL_SETTING = "KEEP_SITE_MODEL"

# sender: the writer; keyword arguments: path (absolute), relative (to the output folder), html (None for
# a page taken unchanged from the live release: its receivers know it from their notes in the record).
page_written = signal("page_written")


def chrome_digest(context: dict, settings: dict) -> str:
    """What every page shows around its own content."""
    shown = {key: plain(value) for key, value in context.items() if key.isupper() and key not in PER_BUILD}
    shown["FEEDS"] = [(key, feed.title, feed.path, feed.atom) for key, feed in context.get("FEEDS", {}).items()]
    shown["active_alerts"] = [
        (alert.title, alert.url, plain(getattr(alert, "alert_until", None)))
        for alert in context.get("active_alerts", [])
    ]
    digest = hashlib.sha256(json.dumps(shown, sort_keys=True, default=repr).encode())
    digest.update(code_digest(settings).encode())
    return digest.hexdigest()


def content_fields(content) -> dict:
    """What a news item or page shows besides its text: fields, addresses, the links of its
    category, tags and groups."""
    return {
        "metadata": plain({k: v for k, v in content.metadata.items() if k not in ("category", "tags", "groups")}),
        "url": content.url,
        "save_as": content.save_as,
        "template": content.template,
        "category": (str(content.category), content.category.url) if getattr(content, "category", None) else None,
        "tags": [(str(tag), tag.url) for tag in getattr(content, "tags", None) or []],
        "groups": [(str(group), group.url) for group in getattr(content, "groups", None) or []],
    }


def content_digest(content) -> str:
    """A news item or page: its resolved HTML, fields and the URLs of what it links to."""
    described = {"content": content.content, **content_fields(content)}
    return hashlib.sha256(json.dumps(described, sort_keys=True, default=repr).encode()).hexdigest()


class Undescribable(Exception):
    """A value whose every change cannot be seen in a hash: the page is always rendered."""


class Describer:
    """Stable descriptions of what a template is given, each object described once.

    Content objects are described by their reading; an object of a plugin's own either declares a
    `record_key` (a hash of everything any page may show of it, core.shown: BIP documents, categories, magazine
    issues, whose objects refer to each other) or is a dataclass described by its attributes.
    """

    def __init__(self):
        self.kept: dict[int, tuple[object, object]] = {}  # id -> (object kept alive, description)
        self.open: set[int] = set()  # being described: meeting one again is a cycle

    def __call__(self, value):
        if value is None or isinstance(value, str | int | float | bool):
            return value
        if hasattr(value, "isoformat"):
            return value.isoformat()
        if hasattr(value, "record_key"):
            return ["record", type(value).__name__, value.record_key]
        if isinstance(value, Content | list | tuple | dict | URLWrapper) or is_dataclass(value):
            found = self.kept.get(id(value))
            if found is None or found[0] is not value:
                if id(value) in self.open:
                    raise Undescribable(f"{type(value).__name__} refers back to itself")
                self.open.add(id(value))
                try:
                    found = (value, self.digest(self.describe(value)))
                finally:
                    self.open.discard(id(value))
                self.kept[id(value)] = found
            return found[1]
        raise Undescribable(type(value).__name__)

    @staticmethod
    def digest(description) -> str:
        """A container's description as one short hash: each page's key then holds the hash of a list
        many pages show (all news, a category's documents), not the list again."""
        if isinstance(description, str):
            return description
        return hashlib.sha256(json.dumps(description, sort_keys=True, default=repr).encode()).hexdigest()[:32]

    def describe(self, value):
        if isinstance(value, Content):
            return content_digest(value)
        if isinstance(value, URLWrapper):
            return ["link", str(value), value.url]
        if is_dataclass(value):
            # Every attribute, including those a generator set after creating it (a URL, a label).
            shown = {name: item for name, item in vars(value).items() if not callable(item)}
            return [type(value).__name__, self(shown)]
        if isinstance(value, dict):
            return sorted([[json.dumps(self(key), default=repr), self(item)] for key, item in value.items()])
        return [self(item) for item in value]


class SourceFinder:
    """The source files of the content objects a value holds at any depth, as the Describer sees it:
    a content object, or an object with a `record_key` (BIP documents, magazine issues, events),
    counts by its own source (what it links to or holds does not)."""

    def __init__(self):
        self.kept: dict[int, tuple[object, frozenset]] = {}

    def __call__(self, value) -> frozenset[str]:
        if isinstance(value, Content) or hasattr(value, "record_key"):
            path = getattr(value, "source_path", None)
            return frozenset({os.path.abspath(path)}) if isinstance(path, str) and path else frozenset()
        if not (isinstance(value, list | tuple | dict) or is_dataclass(value)):
            return frozenset()
        found = self.kept.get(id(value))
        if found is None or found[0] is not value:
            self.kept[id(value)] = (value, frozenset())  # an object met again inside itself adds nothing
            if isinstance(value, dict):
                items = [*value.keys(), *value.values()]
            elif is_dataclass(value):
                items = [item for item in vars(value).values() if not callable(item)]
            else:
                items = value
            found = (value, frozenset().union(*(self(item) for item in items)))
            self.kept[id(value)] = found
        return found[1]


@dataclass
class PageCall:
    """How one page was written: enough to write it again when one of its sources is edited."""

    template: object
    context: dict
    arguments: tuple
    kwargs: dict
    sources: frozenset[str] | None  # sources of everything the template reads; None: not known
    own: frozenset[str]  # sources of the objects given to this page itself (its news item, its page)


@dataclass
class SiteModel:
    """What a build made for a long-lived preview keeps (see wachock.live): the generators with the
    content they read, and how each page was written."""

    calls: dict[str, PageCall] = field(default_factory=dict)
    generators: list = field(default_factory=list)
    finder: SourceFinder = field(default_factory=SourceFinder)

    def note(self, name: str, call: PageCall) -> None:
        self.calls[name] = call

    def sources(self, shown: dict | None) -> frozenset[str] | None:
        return None if shown is None else frozenset().union(*(self.finder(value) for value in shown.values()))

    def pages_showing(self, paths: set[str]) -> tuple[list[str], list[str]]:
        """The pages of these sources themselves, and the other pages that show them. (A page whose
        sources are not known is left to the full build that follows a quick update.)"""
        own = [name for name, call in self.calls.items() if call.own & paths]
        shown = [name for name, call in self.calls.items() if call.sources and call.sources & paths and name not in own]
        return own, shown


def site_model(settings: dict) -> SiteModel | None:
    """The model a preview build keeps; None in any other build (nothing is kept)."""
    if not settings.get(MODEL_SETTING):
        return None
    return session_of(settings).part("site-model", SiteModel)


def keep_generators(generators) -> None:
    if generators:
        model = site_model(generators[0].settings)
        if model is not None:
            model.generators = list(generators)


def given_sources(kwargs: dict) -> frozenset[str]:
    """The source files of the objects a page is given itself (a news item, a BIP document's page)."""
    sources = set()
    for value in kwargs.values():
        for item in (value, getattr(value, "document", None)):
            path = getattr(item, "source_path", None)
            if isinstance(path, str) and path:
                sources.add(os.path.abspath(path))
    return frozenset(sources)


PAGINATION_NAMES = ("_page", "_paginator", "_previous_page", "_next_page")


def template_variables(template, parsed: dict | None = None) -> frozenset[str] | None:
    """Every variable a template (with what it extends and includes) reads from its context.

    `parsed` keeps each template's own names and references between calls: partials are shared.
    """
    environment = template.environment
    parsed = {} if parsed is None else parsed
    seen, names, queue = set(), set(), [template.name]
    while queue:
        name = queue.pop()
        if name in seen:
            continue
        seen.add(name)
        if name not in parsed:
            tree = environment.parse(environment.loader.get_source(environment, name)[0])
            parsed[name] = (meta.find_undeclared_variables(tree), list(meta.find_referenced_templates(tree)))
        own, referenced = parsed[name]
        names |= own
        for other in referenced:
            if other is None:
                return None  # a template chosen at run time: its variables are unknown
            queue.append(other)
    return frozenset(names)


class SiteWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self.chrome = None
        self.describe = Describer()
        self.variables: dict[str, frozenset[str] | None] = {}
        self.parsed_templates: dict[str, tuple] = {}
        self.capturing: list[str] | None = None
        self.made_folders: set[str] = set()

    def shown_values(self, template, context, arguments, kwargs) -> dict | None:
        """The values the page's template reads (pagination lists under "__paginated"), or None when
        they cannot be known (a template chosen at run time, arguments Pelican never passes)."""
        if template.name not in self.variables:
            self.variables[template.name] = template_variables(template, self.parsed_templates)
        used = self.variables[template.name]
        if len(arguments) == 1 and isinstance(arguments[0], bool):
            kwargs = {**kwargs, "relative_urls": arguments[0]}  # Pelican's template pages pass it by position
        elif arguments:
            return None
        if used is None:
            return None
        given = {**{k: v for k, v in context.items() if not k.isupper()}, **kwargs}
        wanted = {k for k in used if not k.isupper()}
        paginated = kwargs.get("paginated") or {k: v for k, v in kwargs.items() if k in ("articles", "dates")}
        for key in paginated:
            if any(f"{key}{suffix}" in used for suffix in PAGINATION_NAMES):
                wanted.add(key)
        shown = {key: given[key] for key in sorted(wanted) if key in given}
        shown["__paginated"] = dict(paginated) if paginated else None
        return shown

    def page_key(self, name, template, context, arguments, kwargs, shown: dict | None) -> str | None:
        """A hash of everything the page is made from, or None when that cannot be known."""
        if shown is None:
            return None
        if self.chrome is None:
            self.chrome = chrome_digest(context, self.settings)
        if len(arguments) == 1 and isinstance(arguments[0], bool):
            kwargs = {**kwargs, "relative_urls": arguments[0]}
        try:
            described = {key: self.describe(value) for key, value in shown.items()}
        except Undescribable:
            return None
        extra = {k: kwargs.get(k) for k in ("url", "template_name", "relative_urls", "override_output")}
        text = json.dumps([self.chrome, template.name, name, plain(extra), described], sort_keys=True, default=repr)
        return hashlib.sha256(text.encode()).hexdigest()

    def write_file(self, name, template, context, *arguments, **kwargs):
        if not name:
            return super().write_file(name, template, context, *arguments, **kwargs)
        record = session_of(self.settings).record
        shown = self.shown_values(template, context, arguments, kwargs)
        key = self.page_key(name, template, context, arguments, kwargs, shown)
        model = site_model(self.settings)
        if model is not None:
            sources = model.sources(shown)
            model.note(name, PageCall(template, context, arguments, kwargs, sources, given_sources(kwargs)))
        if key is None:
            record.always_rendered.append(name)
        previous = record.previous.get(name)
        if (
            key is not None
            and previous
            and previous.get("key") == key
            and self.reuse(previous["files"], context, kwargs)
        ):
            record.current[name] = previous
            return None
        self.capturing = []
        try:
            result = super().write_file(name, template, context, *arguments, **kwargs)
        finally:
            files, self.capturing = self.capturing, None
        if key is not None:
            record.current[name] = {"key": key, "files": files, **self.made_from(template, kwargs)}
        return result

    def made_from(self, template, kwargs: dict) -> dict:
        """For people reading the record: the template and the source files the page shows itself.

        The key already covers them (and the chrome: settings, data files, theme, code); lists name
        no sources here, their items being many.
        """
        root = self.settings["PATH"]
        sources = sorted(os.path.relpath(path, root).replace(os.sep, "/") for path in given_sources(kwargs))
        return {"template": template.name, "sources": sources}

    def reuse(self, files: list[str], context: dict, kwargs: dict) -> bool:
        record = session_of(self.settings).record
        sources = [os.path.join(record.live, name) for name in files]
        if not files or not all(os.path.isfile(p) and not os.path.islink(p) for p in sources):
            return False
        for name, source in zip(files, sources, strict=True):
            target = os.path.join(self.output_path, name)
            folder = os.path.dirname(target)
            if folder not in self.made_folders:
                os.makedirs(folder, exist_ok=True)
                self.made_folders.add(folder)
            os.link(source, target)
            self._written_files.add(target)
            record.reused.add(name)
            localcontext = {**context, "output_file": name, **kwargs}
            pelican_signals.content_written.send(target, context=localcontext)
            if name.endswith(".html"):
                # Not read back: the page is the live release's, byte for byte (html=None says so).
                page_written.send(self, path=target, relative=name, html=None)
        return True

    def _open_w(self, filename, encoding, override=False):
        handle = super()._open_w(filename, encoding, override)
        if self.capturing is not None:
            self.capturing.append(os.path.relpath(filename, self.output_path).replace(os.sep, "/"))
        if not filename.endswith(".html") or not page_written.receivers:
            return handle
        return AnnouncedFile(handle, self)


class AnnouncedFile:
    """Writes through to the real file and, once closed, announces the page with its HTML."""

    def __init__(self, handle, writer: SiteWriter):
        self.handle, self.writer, self.parts = handle, writer, []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return self.handle.write(text)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()
        if exc[0] is None:
            relative = os.path.relpath(self.handle.name, self.writer.output_path).replace(os.sep, "/")
            page_written.send(self.writer, path=self.handle.name, relative=relative, html="".join(self.parts))
        return False


def start_record(pelican) -> None:
    session_of(pelican.settings).record.start(pelican.settings)


def save_record(pelican) -> None:
    record = session_of(pelican.settings).record
    record.save(pelican.output_path)
    logger.debug(
        "files taken from the live release: %s; always rendered: %s", len(record.reused), len(record.always_rendered)
    )


def get_writer(pelican):
    return SiteWriter


def use_site_writer() -> None:
    """For every plugin that needs the site's writer: Pelican uses one writer, so all ask for this one."""
    pelican_signals.get_writer.connect(get_writer)
    pelican_signals.all_generators_finalized.connect(keep_generators)
