"""The site's one writer: pages announced to plugins as they are written, and content pages whose
inputs did not change taken from the live release instead of being rendered again.

A dependency record (`.build-record.json` at the root of every release) keeps, for each content
page (a news item, a static page), a hash of everything it is made from: its reading with links
resolved, its own fields and URLs, the site chrome it shows (settings, the office's data, menus,
feeds, active banners), the templates, the theme's files and the project's code. A page whose hash
is the one recorded in the live release is hard-linked from there; any other page is rendered.
"""

import hashlib
import json
import logging
import os
from dataclasses import fields, is_dataclass

from blinker import signal
from pelican import signals as pelican_signals
from pelican.writers import Writer

logger = logging.getLogger(__name__)

RECORD_NAME = ".build-record.json"
PER_BUILD = frozenset({"OUTPUT_PATH", "LIVE_RELEASE"})  # differ on every build, shape no page
# sender: the writer; keyword arguments: path (absolute), relative (to the output folder), html.
page_written = signal("page_written")


class BuildRecord:
    """The previous release's record, and this build's, written into the new release at the end."""

    def __init__(self):
        self.previous: dict[str, str] = {}
        self.current: dict[str, str] = {}
        self.live: str | None = None
        self.reused = 0

    def start(self, settings: dict) -> None:
        self.__init__()
        self.live = settings.get("LIVE_RELEASE")
        if not self.live:
            return
        try:
            with open(os.path.join(self.live, RECORD_NAME), encoding="utf-8") as handle:
                self.previous = json.load(handle)["pages"]
        except (OSError, ValueError, KeyError):
            self.previous = {}

    def save(self, output_path: str) -> None:
        with open(os.path.join(output_path, RECORD_NAME), "w", encoding="utf-8") as handle:
            json.dump({"pages": self.current}, handle, sort_keys=True, indent=0)


RECORD = BuildRecord()


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


def files_digest(*folders: str) -> str:
    digest = hashlib.sha256()
    for root in folders:
        for folder, directories, names in sorted(os.walk(root)):
            directories.sort()
            for name in sorted(names):
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


class SiteWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self.chrome = None

    def write_file(self, name, template, context, *arguments, **kwargs):
        single = [kwargs[key] for key in ("article", "page") if key in kwargs]
        if len(single) != 1 or kwargs.get("paginated") or not name:
            return super().write_file(name, template, context, *arguments, **kwargs)
        if self.chrome is None:
            self.chrome = chrome_digest(context, self.settings)
        key = hashlib.sha256(f"{self.chrome}:{template.name}:{content_digest(single[0])}".encode()).hexdigest()
        RECORD.current[name] = key
        if RECORD.previous.get(name) == key and self.reuse(name, context, kwargs):
            return None
        return super().write_file(name, template, context, *arguments, **kwargs)

    def reuse(self, name: str, context: dict, kwargs: dict) -> bool:
        source = os.path.join(RECORD.live, name)
        target = os.path.join(self.output_path, name)
        if not os.path.isfile(source) or os.path.islink(source):
            return False
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.link(source, target)
        self._written_files.add(target)
        RECORD.reused += 1
        localcontext = {**context, "output_file": name, **kwargs}
        pelican_signals.content_written.send(target, context=localcontext)
        with open(target, encoding="utf-8") as handle:
            page_written.send(self, path=target, relative=name, html=handle.read())
        return True

    def _open_w(self, filename, encoding, override=False):
        handle = super()._open_w(filename, encoding, override)
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
    logger.debug("pages taken from the live release: %s", RECORD.reused)


def get_writer(pelican):
    return SiteWriter


def use_site_writer() -> None:
    """For every plugin that needs the site's writer: Pelican uses one writer, so all ask for this one."""
    pelican_signals.get_writer.connect(get_writer)
