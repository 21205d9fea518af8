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
from dataclasses import fields, is_dataclass
from datetime import datetime

from blinker import signal
from jinja2 import meta
from pelican import signals as pelican_signals
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper
from pelican.writers import Writer

logger = logging.getLogger(__name__)

RECORD_NAME = ".build-record.json"
# Differ on every build and shape no page by themselves (what the moment changes is in the context).
PER_BUILD = frozenset({"OUTPUT_PATH", "LIVE_RELEASE", "INPUT_STAMP", "BUILD_NOW", "LEDGER"})
# sender: the writer; keyword arguments: path (absolute), relative (to the output folder), html.
page_written = signal("page_written")


class BuildRecord:
    """The previous release's record, and this build's, written into the new release at the end."""

    def __init__(self):
        self.previous: dict[str, str] = {}
        self.current: dict[str, str] = {}
        self.live: str | None = None
        self.reused: set[str] = set()  # files taken from the live release
        self.always_rendered: list[str] = []  # calls whose inputs could not be described
        self.inputs: str | None = None  # the build's input stamp (core.inputs), given by the build
        self.valid_until: datetime | None = None  # when the output changes although no input does
        self.withdrawals: set[str] = set()  # keys of lawful withdrawals in force (see plugins/bip)

    def start(self, settings: dict) -> None:
        self.__init__()
        self.inputs = settings.get("INPUT_STAMP") or None
        self.live = settings.get("LIVE_RELEASE")
        if self.live:
            self.previous = read_record(self.live).get("pages", {})

    def changes_at(self, moment: datetime) -> None:
        """The output will differ at `moment` (a banner expires): no build may be skipped after it."""
        if self.valid_until is None or moment < self.valid_until:
            self.valid_until = moment

    def save(self, output_path: str) -> None:
        record = {
            "pages": self.current,
            "inputs": self.inputs,
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "withdrawals": sorted(self.withdrawals),
        }
        with open(os.path.join(output_path, RECORD_NAME), "w", encoding="utf-8") as handle:
            json.dump(record, handle, sort_keys=True, indent=0)


def read_record(release: str) -> dict:
    """A release's dependency record; empty when it has none or it cannot be read."""
    try:
        with open(os.path.join(release, RECORD_NAME), encoding="utf-8") as handle:
            record = json.load(handle)
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


RECORD = BuildRecord()


def output_changes_at(moment: datetime) -> None:
    """For plugins whose output depends on the time of the build."""
    RECORD.changes_at(moment)


def output_withdraws(key: str) -> None:
    """This build leaves out information lawfully withdrawn: no older release may come back (see build.py)."""
    RECORD.withdrawals.add(key)


def plain(value):
    """A stable, comparable form of settings and data: no object addresses, no functions."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in sorted(value.items(), key=lambda item: str(item[0]))}
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if is_dataclass(value) and not isinstance(value, type):
        # Field by field, never asdict(): that deep-copies whatever a field holds (a feed's items).
        return {f.name: plain(getattr(value, f.name)) for f in fields(value) if not callable(getattr(value, f.name))}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return None  # objects (generators, content lists): described by what the page shows instead


def files_digest(*roots: str) -> str:
    """The names and bytes of files, and of everything in folders (bytecode aside)."""
    digest = hashlib.sha256()
    for root in roots:
        if os.path.isfile(root):
            with open(root, "rb") as handle:
                digest.update(handle.read())
            continue
        for folder, directories, names in sorted(os.walk(root)):
            directories[:] = sorted(d for d in directories if d != "__pycache__")  # bytecode follows the source
            for name in sorted(n for n in names if not n.endswith(".pyc")):
                path = os.path.join(folder, name)
                digest.update(os.path.relpath(path, root).encode())
                with open(path, "rb") as handle:
                    digest.update(handle.read())
    return digest.hexdigest()


def chrome_digest(context: dict, settings: dict) -> str:
    """What every page shows around its own content."""
    shown = {key: plain(value) for key, value in context.items() if key.isupper() and key not in PER_BUILD}
    shown["FEEDS"] = [(key, feed.title, feed.path, feed.atom) for key, feed in context.get("FEEDS", {}).items()]
    shown["active_alerts"] = [
        (alert.title, alert.url, plain(getattr(alert, "alert_until", None)))
        for alert in context.get("active_alerts", [])
    ]
    code = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    theme = settings["THEME"]
    digest = hashlib.sha256(json.dumps(shown, sort_keys=True, default=repr).encode())
    digest.update(files_digest(code, theme).encode())
    return digest.hexdigest()


def content_digest(content) -> str:
    """A news item or page: its resolved HTML, fields and the URLs of what it links to."""
    described = {
        "content": content.content,
        "metadata": plain({k: v for k, v in content.metadata.items() if k not in ("category", "tags", "groups")}),
        "url": content.url,
        "save_as": content.save_as,
        "template": content.template,
        "category": (str(content.category), content.category.url) if getattr(content, "category", None) else None,
        "tags": [(str(tag), tag.url) for tag in getattr(content, "tags", None) or []],
        "groups": [(str(group), group.url) for group in getattr(content, "groups", None) or []],
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True, default=repr).encode()).hexdigest()


def record_digest(value) -> str:
    """A hash of plain data (see `plain`): what an object's `record_key` is made of."""
    return hashlib.sha256(json.dumps(plain(value), sort_keys=True, default=repr).encode()).hexdigest()


class Undescribable(Exception):
    """A value whose every change cannot be seen in a hash: the page is always rendered."""


class Describer:
    """Stable descriptions of what a template is given, each object described once.

    Content objects are described by their reading; an object of a plugin's own either declares a
    `record_key` (a hash of everything any page may show of it: BIP documents, categories, magazine
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
                    found = (value, self.describe(value))
                finally:
                    self.open.discard(id(value))
                self.kept[id(value)] = found
            return found[1]
        raise Undescribable(type(value).__name__)

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

    def page_key(self, name, template, context, arguments, kwargs) -> str | None:
        """A hash of everything the page is made from, or None when that cannot be known."""
        if template.name not in self.variables:
            self.variables[template.name] = template_variables(template, self.parsed_templates)
        used = self.variables[template.name]
        if len(arguments) == 1 and isinstance(arguments[0], bool):
            kwargs = {**kwargs, "relative_urls": arguments[0]}  # Pelican's template pages pass it by position
        elif arguments:
            return None
        if used is None:
            return None
        if self.chrome is None:
            self.chrome = chrome_digest(context, self.settings)
        given = {**{k: v for k, v in context.items() if not k.isupper()}, **kwargs}
        wanted = {k for k in used if not k.isupper()}
        paginated = kwargs.get("paginated") or {k: v for k, v in kwargs.items() if k in ("articles", "dates")}
        for key in paginated:
            if any(f"{key}{suffix}" in used for suffix in PAGINATION_NAMES):
                wanted.add(key)
        try:
            described = {key: self.describe(given[key]) for key in sorted(wanted) if key in given}
            described["__paginated"] = self.describe(dict(paginated)) if paginated else None
        except Undescribable:
            return None
        extra = {k: kwargs.get(k) for k in ("url", "template_name", "relative_urls", "override_output")}
        text = json.dumps([self.chrome, template.name, name, plain(extra), described], sort_keys=True, default=repr)
        return hashlib.sha256(text.encode()).hexdigest()

    def write_file(self, name, template, context, *arguments, **kwargs):
        if not name:
            return super().write_file(name, template, context, *arguments, **kwargs)
        key = self.page_key(name, template, context, arguments, kwargs)
        if key is None:
            RECORD.always_rendered.append(name)
        previous = RECORD.previous.get(name)
        if (
            key is not None
            and previous
            and previous.get("key") == key
            and self.reuse(previous["files"], context, kwargs)
        ):
            RECORD.current[name] = previous
            return None
        self.capturing = []
        try:
            result = super().write_file(name, template, context, *arguments, **kwargs)
        finally:
            files, self.capturing = self.capturing, None
        if key is not None:
            RECORD.current[name] = {"key": key, "files": files, **self.made_from(template, kwargs)}
        return result

    def made_from(self, template, kwargs: dict) -> dict:
        """For people reading the record: the template and the source files the page shows itself.

        The key already covers them (and the chrome: settings, data files, theme, code); lists name
        no sources here, their items being many.
        """
        root = self.settings["PATH"]
        sources = set()
        for value in kwargs.values():
            for item in (value, getattr(value, "document", None)):
                path = getattr(item, "source_path", None)
                if isinstance(path, str) and path:
                    sources.add(os.path.relpath(path, root).replace(os.sep, "/"))
        return {"template": template.name, "sources": sorted(sources)}

    def reuse(self, files: list[str], context: dict, kwargs: dict) -> bool:
        sources = [os.path.join(RECORD.live, name) for name in files]
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
            RECORD.reused.add(name)
            localcontext = {**context, "output_file": name, **kwargs}
            pelican_signals.content_written.send(target, context=localcontext)
            if page_written.receivers and name.endswith(".html"):
                with open(target, encoding="utf-8") as handle:
                    page_written.send(self, path=target, relative=name, html=handle.read())
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
    RECORD.start(pelican.settings)


def save_record(pelican) -> None:
    RECORD.save(pelican.output_path)
    logger.debug(
        "files taken from the live release: %s; always rendered: %s", len(RECORD.reused), len(RECORD.always_rendered)
    )


def get_writer(pelican):
    return SiteWriter


def use_site_writer() -> None:
    """For every plugin that needs the site's writer: Pelican uses one writer, so all ask for this one."""
    pelican_signals.get_writer.connect(get_writer)
