"""Checks every content file before anything is written, from one list of files.

- `initialized`: one walk over content/ (core.discovery) gives the only list of
  files the build reads; every document's header, every file it points at and
  every asset are checked there, with their lines.
- `generator_init`: every generator (Pelican's, BIP, magazine) takes its files
  from that list, so nothing unchecked is read or published.
- `readers_init`: `.md` is read by `CheckedMarkdownReader`: the text normalised
  (NFC, line endings), rendered once, and the rendered HTML judged by the gate
  (core.gate) with the source line of each violation; a file that fails to
  render is a problem in the report, never a traceback.
- `all_generators_finalized`: whole-site rules (one output path per page,
  every non-static file used by a document), then one report.
"""

import json
import logging
import os
import types
from collections import Counter, defaultdict
from datetime import datetime

from pelican import signals
from pelican.readers import MarkdownReader, _filter_discardable_metadata

from plugins.core import (
    LIST_KINDS,
    ContentValidationError,
    Discovery,
    Limits,
    Problem,
    SourceDocument,
    asset_problem,
    body_problems,
    body_renderer,
    build_now,
    discover,
    display_path,
    failure_problem,
    field_problems,
    line_of,
    paginated_save_as,
    plugin_settings,
    read_source,
    reference_problems,
    reserved_folders,
    schema_of,
    session_of,
    split_header,
)
from plugins.core.files import ASSET_RULES
from plugins.core.fingerprint import code_digest
from plugins.core.pool import map_in_processes

from .checks import check_header

logger = logging.getLogger(__name__)

DEFAULTS = {
    "earliest_year": 1990,  # the oldest date a document may carry
    "years_ahead": 1,  # how far past the current year a date may be
    "max_file_megabytes": 50,  # per attachment, image or PDF
    "max_image_pixels": 50_000_000,
    "templates": [],  # values allowed in a document's Template field
}
# Reader metadata keys of our own: kept in Pelican's reader cache with the reading they belong to.
REFERENCED_KEY = "referenced_files"
FAILED_KEY = "refused_by_the_gate"
# Pelican readers other than ours are switched off: Markdown in `.md` is the only content.
DISABLED_READERS = {"html": None, "htm": None, "rst": None, "markdown": None, "mkd": None, "mdown": None}


def validation_settings(settings: dict) -> dict:
    return plugin_settings(settings, "VALIDATION", DEFAULTS)


def unknown_folder_problem(shown_as: str, settings: dict) -> Problem:
    # A subtype's folder lies inside its base's: naming the base is enough.
    types = schema_of(settings).document_types
    folders = ", ".join(sorted(f"content/{t.directory}/" for t in types if not t.extends))
    return Problem(
        shown_as,
        1,
        f"plik leży w folderze, którego strona nie publikuje. Przenieś go do jednego z folderów: {folders}.",
    )


def validate_document(path: str, content_root: str, settings: dict, config: dict):
    """(document type, parsed document, problems, referenced files) for one content file."""
    shown_as = display_path(content_root, path)
    document_type = schema_of(settings).type_for(os.path.relpath(path, content_root))
    if document_type is None:
        return None, None, [unknown_folder_problem(shown_as, settings)], []
    text, problem = read_source(path, shown_as)
    if problem:
        return document_type, None, [problem], []
    document = split_header(text, path, shown_as)
    problems, referenced = check_header(document, document_type, settings, content_root, config)
    return document_type, document, problems, referenced


class AssetCheckCache:
    """Results of asset checks keyed by path, size and modification time, kept between builds."""

    def __init__(self, settings: dict):
        self.path = os.path.join(settings["CACHE_PATH"], "asset-checks.json")
        try:
            with open(self.path, encoding="utf-8") as handle:
                self.results = json.load(handle)
        except (OSError, ValueError):
            self.results = {}
        self.used = {}

    def problem(self, path: str, limits: Limits, published: bool) -> str | None:
        status = os.stat(path)
        # The rules are part of the key: a file passed by older rules is judged again by newer ones.
        key = f"{path}|{status.st_size}|{status.st_mtime_ns}|{limits}|{published}|{ASSET_RULES}"
        if key not in self.results:
            self.results[key] = asset_problem(path, limits, published)
        self.used[key] = self.results[key]
        return self.used[key]

    def save(self) -> None:
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        with open(f"{self.path}.tmp", "w", encoding="utf-8") as handle:
            json.dump(self.used, handle, ensure_ascii=False)
        os.replace(f"{self.path}.tmp", self.path)


def check_assets(discovery: Discovery, settings: dict, config: dict) -> tuple[list[Problem], set[str]]:
    """Every asset is what it claims to be; returns the problems and the assets that failed."""
    limits = Limits(
        max_file_bytes=config["max_file_megabytes"] * 1024 * 1024, max_image_pixels=config["max_image_pixels"]
    )
    cache = AssetCheckCache(settings)
    problems, failed = [], set()
    data_files = set(schema_of(settings).data_file_paths(settings))  # read by the build, never published as they are
    for relative in discovery.assets:
        path = os.path.join(discovery.root, relative)
        try:
            problem = cache.problem(path, limits, published=relative not in data_files)
        except Exception as error:  # a check must never stop the others
            problems.append(failure_problem(discovery.shown(relative), error, "sprawdzić"))
            failed.add(relative)
            continue
        if problem:
            problems.append(Problem(discovery.shown(relative), 1, problem))
            failed.add(relative)
    cache.save()
    return problems, failed


def check_data_files(discovery: Discovery, settings: dict) -> list[Problem]:
    problems = []
    present = set(discovery.assets)
    required = schema_of(settings).data_file_paths(settings, required_only=True)
    for relative, checker in schema_of(settings).data_file_paths(settings).items():
        if relative in present or relative in required:
            path = os.path.join(discovery.root, relative)
            try:
                problems.extend(checker(path, discovery.shown(relative), settings))
            except Exception as error:
                problems.append(failure_problem(discovery.shown(relative), error, "odczytać"))
    return problems


def validate_sources(pelican) -> None:
    """Per-file rules; only files that pass are handed to the generators."""
    settings = pelican.settings
    state = session_of(settings).state
    reset_stale_reader_cache(settings)
    config = validation_settings(settings)
    content_root = settings["PATH"]
    discovery = discover(content_root, settings["IGNORE_FILES"])
    state.discovery = discovery
    state.problems.extend(discovery.problems)
    by_type: dict[str, list[SourceDocument]] = defaultdict(list)
    publishable = []
    for relative in discovery.documents:
        path = os.path.join(content_root, relative)
        try:
            document_type, document, problems, referenced = validate_document(path, content_root, settings, config)
        except Exception as error:
            state.problems.append(failure_problem(discovery.shown(relative), error, "odczytać"))
            continue
        state.referenced.update(referenced)
        if document is not None:
            state.documents[os.path.abspath(path)] = document
            state.type_of[os.path.abspath(path)] = document_type.name
            by_type[document_type.name].append(document)
        state.problems.extend(problems)
        if not problems:
            publishable.append(relative)
    asset_problems, failed_assets = check_assets(discovery, settings, config)
    state.problems.extend(asset_problems)
    state.problems.extend(check_data_files(discovery, settings))
    for document_type in schema_of(settings).document_types:
        for rule in document_type.collection_rules:
            state.problems.extend(rule(by_type.get(document_type.name, []), settings))
    state.publishable = publishable + [a for a in discovery.assets if a not in failed_assets]
    settings["READERS"] = {**settings.get("READERS", {}), **DISABLED_READERS}


# --- every generator reads the discovered list ------------------------------------------


def within(relative: str, folder: str) -> bool:
    folder = folder.replace(os.sep, "/").strip("/")
    return not folder or relative == folder or relative.startswith(folder + "/")


class SortedSet(set):
    """A set (Pelican combines the answer with `|`) that is iterated in sorted order."""

    def __iter__(self):
        return iter(sorted(set.__iter__(self)))


def discovered_files(generator, paths, exclude=None, extensions=None) -> SortedSet:
    """Pelican's Generator.get_files, answered from the one checked list, in a stable order.

    Pelican returns a set, whose order changes with each process's hash seed; documents with the
    same date then changed places between builds of the same commit.
    """
    paths = [paths] if isinstance(paths, str) else paths
    found = set()
    for relative in session_of(generator.settings).state.publishable:
        if not any(within(relative, p) for p in paths) or any(within(relative, e) for e in exclude or ()):
            continue
        native = relative.replace("/", os.sep)
        if generator._include_path(native, extensions):
            found.add(native)
    return SortedSet(found)


def use_discovered_files(generator) -> None:
    generator.get_files = types.MethodType(discovered_files, generator)


# --- the reader: what is rendered is what is checked ---------------------------------------


class CheckedMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader on normalised text, with the gate on what it renders."""

    file_extensions = ("md",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.render_body = None
        self.referenced_now: list[str] = []

    def read(self, source_path):
        content_root = self.settings["PATH"]
        shown_as = display_path(content_root, source_path)
        problems_seen = session_of(self.settings).state.problems
        text, problem = read_source(source_path, shown_as)
        if problem:
            problems_seen.append(problem)
            return "", {"status": "skip"}
        self._source_path = source_path
        try:
            from markdown import Markdown

            self._md = Markdown(**self.settings["MARKDOWN"])
            content = self._md.convert(text)
            metadata = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
            problems = self.gate(shown_as, text, content, metadata)
        except Exception as error:
            problems_seen.append(failure_problem(shown_as, error, "przetworzyć"))
            return "", {"status": "skip", FAILED_KEY: True}
        if problems:
            problems_seen.extend(problems)
            return "", {"status": "skip", FAILED_KEY: True}
        metadata[REFERENCED_KEY] = self.referenced_now
        return content, metadata

    def gate(self, shown_as: str, text: str, content: str, metadata: dict) -> list[Problem]:
        if self.render_body is None:
            self.render_body = body_renderer(self.settings["MARKDOWN"])
        document = split_header(text, self._source_path, shown_as)
        problems = body_problems(shown_as, document.body, document.body_first_line, content, self.render_body)
        summary = metadata.get("summary")
        if summary and document.get("summary"):
            problems += field_problems(shown_as, document.get("summary").line, str(summary), "Summary")
        problems += self.reference_problems(document, content)
        return problems

    def reference_problems(self, document: SourceDocument, content: str) -> list[Problem]:
        """{static}, {filename}, {attach} links must name a checked file inside content/."""
        problems, referenced = reference_problems(
            document,
            content,
            self.settings["PATH"],
            session_of(self.settings).state.publishable_set(),
            self.render_body,
        )
        # Recorded with the reading (and so in Pelican's cache); remember_references adds them to the state.
        root = self.settings["PATH"]
        self.referenced_now = sorted(os.path.relpath(path, root).replace(os.sep, "/") for path in referenced)
        return problems


def cache_only_good_reads(readers, path, data) -> None:
    """A file the gate refused is read (and reported) again next time, never served from the cache."""
    _, metadata = data
    if not (metadata or {}).get(FAILED_KEY):
        type(readers).cache_data(readers, path, data)


def install_reader(readers) -> None:
    readers.reader_classes["md"] = CheckedMarkdownReader
    readers.readers["md"] = CheckedMarkdownReader(readers.settings)
    readers.cache_data = types.MethodType(cache_only_good_reads, readers)


# --- a cold build reads on every core ------------------------------------------------------

FILES_OF = {
    "ArticlesGenerator": ("ARTICLE_PATHS", "ARTICLE_EXCLUDES"),
    "PagesGenerator": ("PAGE_PATHS", "PAGE_EXCLUDES"),
}


def read_ahead(generator) -> None:
    """Before Pelican reads the first file of a generator, every file missing from its reader cache
    is read in forked workers and put into that cache; Pelican then reads them all from it."""
    done = session_of(generator.settings).part("validation.read_ahead", set)  # generators already read for
    if id(generator) in done or type(generator).__name__ not in FILES_OF:
        return
    done.add(id(generator))
    readers = generator.readers
    if not readers._cache_data_policy:
        return
    paths_key, excludes_key = FILES_OF[type(generator).__name__]
    files = generator.get_files(generator.settings[paths_key], exclude=generator.settings[excludes_key])
    paths = [os.path.abspath(os.path.join(generator.path, name)) for name in files]
    unread = [path for path in paths if readers.get_cached_data(path, None) is None]
    for found in map_in_processes(reading_for_cache, readers, unread):
        if found is not None:
            readers.cache_data(*found)


def reading_for_cache(readers, path: str):
    """In a worker: (path, (content, metadata)) as Pelican caches a reading; None when the gate or
    the reader had anything to say, so that the build reads the file itself and reports it."""
    problems = session_of(readers.settings).state.problems
    already = len(problems)
    try:
        content, metadata = readers.readers["md"].read(path)
    except Exception:
        return None
    if len(problems) > already or metadata.get(FAILED_KEY) or metadata.get("status") == "skip":
        return None
    return path, (content, _filter_discardable_metadata(metadata))


def remember_references(content) -> None:
    """Files a document links to, whether its reading came from the reader or from the cache."""
    referenced = getattr(content, "metadata", {}).get(REFERENCED_KEY)
    state = session_of(content.settings).state
    if referenced and state.discovery is not None:
        state.referenced.update(os.path.join(state.discovery.root, relative) for relative in referenced)


def give_declared_fields(content) -> None:
    """Every field its type declares exists on a content object (None or [] when not written).

    Templates then ask `article.image` whether or not the editor wrote an Image, and a missing
    variable stays an error (tests render with StrictUndefined).
    """
    source_path, settings = getattr(content, "source_path", None), getattr(content, "settings", None)
    if not source_path or not settings:
        return
    document_type = schema_of(settings).type_for(os.path.relpath(source_path, settings["PATH"]))
    if document_type is None:
        return
    for declared in document_type.fields:
        attribute = declared.name.lower()
        # Never hasattr(): it would evaluate properties such as `summary`, resolving links before the
        # static files are known.
        if attribute not in vars(content) and not hasattr(type(content), attribute):
            setattr(content, attribute, [] if declared.kind in LIST_KINDS else None)


def reset_stale_reader_cache(settings: dict) -> None:
    """Cached readings are kept only while everything that shapes the HTML stays the same."""
    if not settings.get("CACHE_CONTENT"):
        return
    fingerprint = rendering_fingerprint(settings)
    folder = settings["CACHE_PATH"]
    marker = os.path.join(folder, "reader-cache-fingerprint")
    try:
        with open(marker, encoding="utf-8") as handle:
            if handle.read() == fingerprint:
                discard_unreadable_caches(settings)
                return
    except OSError:
        pass
    for name in os.listdir(folder) if os.path.isdir(folder) else []:
        if name.endswith("-Readers"):
            os.remove(os.path.join(folder, name))
    os.makedirs(folder, exist_ok=True)
    with open(f"{marker}.tmp", "w", encoding="utf-8") as handle:
        handle.write(fingerprint)
    os.replace(f"{marker}.tmp", marker)


def discard_unreadable_caches(settings: dict) -> None:
    """A build killed while Pelican saved its cache leaves a truncated file, which Pelican cannot
    read (EOFError is not among the errors it forgives): every later build would crash on it.
    Such a file is removed, and the build reads those files again."""
    import gzip
    import pickle

    def readable(path: str, opener) -> bool:
        try:
            with opener(path, "rb") as handle:
                pickle.load(handle)
        except Exception:
            return False
        return True

    folder = settings["CACHE_PATH"]
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        path = os.path.join(folder, name)
        # Pelican's files are gzip (GZIP_CACHE), core.cache's plain pickles.
        if name.endswith("-Readers") and not (readable(path, gzip.open) or readable(path, open)):
            logger.info("Usunięto uszkodzoną pamięć podręczną %s (przerwane budowanie)", path)
            os.remove(path)


def rendering_fingerprint(settings: dict) -> str:
    """Markdown settings, the reading-related settings, the project's code and the libraries' versions."""
    import hashlib

    shaping = {key: settings.get(key) for key in ("MARKDOWN", "SLUG_REGEX_SUBSTITUTIONS", "TIMEZONE", "PATH")}
    shaping["year"] = build_now(settings).year  # the plausible years of a date field end with it
    digest = hashlib.sha256(repr(sorted(shaping.items(), key=lambda item: item[0])).encode())
    digest.update(code_digest(settings).encode())
    return digest.hexdigest()


# --- whole-site rules ----------------------------------------------------------------


def origin_name(origin, state) -> tuple[str, int] | None:
    """(display path, line) of the content an output comes from, or None for a generator's own page."""
    source_path = getattr(origin, "source_path", None)
    if not source_path:
        return None
    document = state.documents.get(os.path.abspath(source_path))
    if document is not None:
        return document.display_path, line_of(document, "Slug", "Title")
    root = state.discovery.root if state.discovery else os.path.dirname(source_path)
    return display_path(root, source_path), 1


def pelican_outputs(generator) -> list[tuple[str, object]]:
    """Where Pelican's own generators will write, with the content each page comes from."""
    settings = generator.settings
    outputs = []
    for name in ("articles", "translations", "hidden_articles", "hidden_translations", "pages", "hidden_pages"):
        outputs += [(item.save_as, item) for item in getattr(generator, name, [])]
    outputs += [(item.save_as, item) for item in getattr(generator, "staticfiles", [])]
    if hasattr(generator, "articles"):
        outputs += [(path, None) for path in news_list_outputs(generator)]
    if generator.__class__.__name__ == "TemplatePagesGenerator":
        outputs += [(save_as, None) for save_as in settings["TEMPLATE_PAGES"].values()]
    return outputs


def news_list_outputs(generator) -> list[str]:
    """The lists Pelican's ArticlesGenerator writes, each with its later pages."""
    settings = generator.settings
    lists = [("category", c.save_as, c.url, len(members)) for c, members in getattr(generator, "categories", [])]
    lists += [("tag", t.save_as, t.url, len(members)) for t, members in getattr(generator, "tags", {}).items()]
    by_year = Counter(article.date.year for article in generator.articles)
    for year, count in sorted(by_year.items()):
        first_day = datetime(year, 1, 1)
        lists.append(
            (
                "period_archives",
                settings["YEAR_ARCHIVE_SAVE_AS"].format(date=first_day),
                settings["YEAR_ARCHIVE_URL"].format(date=first_day),
                count,
            )
        )
    for template in settings["DIRECT_TEMPLATES"]:
        save_as = settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
        url = settings.get(f"{template.upper()}_URL", save_as)
        lists.append((template, save_as, url, len(generator.articles)))
    return [path for template, *place in lists for path in paginated_save_as(settings, template, *place)]


def planned_outputs(generators) -> list[tuple[str, object]]:
    outputs = []
    for generator in generators:
        outputs += pelican_outputs(generator)
        if hasattr(generator, "planned_outputs"):
            outputs += generator.planned_outputs()
    return [(os.path.normpath(save_as).replace(os.sep, "/"), origin) for save_as, origin in outputs if save_as]


def output_clash_problems(generators) -> list[Problem]:
    """Two things written to one path: the second would silently replace the first."""
    state = session_of(generators[0].settings).state
    by_target = defaultdict(list)
    for save_as, origin in planned_outputs(generators):
        by_target[save_as].append(origin)
    problems = []
    for save_as, origins in sorted(by_target.items()):
        named = [origin_name(o, state) for o in origins]
        if len(origins) < 2 or len({n for n in named if n}) + named.count(None) < 2:
            continue
        url = save_as.removesuffix("index.html")
        for index, name in enumerate(named):
            if name is None:
                continue
            others = [n[0] if n else "stronę serwisu (listę lub spis)" for i, n in enumerate(named) if i != index]
            problems.append(
                Problem(
                    name[0],
                    name[1],
                    f"ten sam adres strony „/{url}” ma też {', '.join(dict.fromkeys(others))}. Nadaj jednemu "
                    "z plików inny adres, dopisując np. „Slug: inna-nazwa-strony”.",
                )
            )
    return problems


def reserved_address_problems(generators) -> list[Problem]:
    """A document whose address lies in a folder the build or the server owns (core.outputs)."""
    settings = generators[0].settings
    state = session_of(settings).state
    reserved = reserved_folders(settings)
    problems = []
    for save_as, origin in planned_outputs(generators):
        folder = save_as.split("/", 1)[0]
        name = origin_name(origin, state) if folder in reserved else None
        if name is not None:
            problems.append(
                Problem(
                    name[0],
                    name[1],
                    f"adres „/{save_as.removesuffix('index.html')}” należy do samego serwisu (folder „{folder}” "
                    "zajmują wyszukiwarka, wygląd strony albo raport budowania), więc ta strona by zniknęła. "
                    "Nadaj jej inny adres, np. „Slug: inna-nazwa-strony”.",
                )
            )
    return problems


def unused_file_problems(settings: dict) -> list[Problem]:
    """A file outside the static folders that no document uses would never be published."""
    state = session_of(settings).state
    discovery = state.discovery
    static_paths = settings["STATIC_PATHS"]
    data_files = set(schema_of(settings).data_file_paths(settings))
    referenced = {os.path.relpath(p, discovery.root).replace(os.sep, "/") for p in state.referenced}
    problems = []
    for relative in discovery.assets:
        if relative in data_files or relative in referenced or any(within(relative, p) for p in static_paths):
            continue
        problems.append(
            Problem(
                discovery.shown(relative),
                1,
                "żaden dokument nie wskazuje tego pliku, więc nie zostałby opublikowany. Dopisz go do pola "
                "„Attachments” dokumentu z tego folderu (np. „Attachments: nazwa-pliku.pdf”) albo usuń plik.",
            )
        )
    return problems


def validate_site(generators) -> None:
    settings = generators[0].settings
    state = session_of(settings).state
    if state.discovery is None:  # validation was not initialised (plugin order)
        return
    problems = state.problems + output_clash_problems(generators) + reserved_address_problems(generators)
    problems += unused_file_problems(settings)
    if problems:
        raise ContentValidationError(problems)


# Runs after (plugins.core.order): nothing; it uses no other plugin's work.
NEEDS = ()


def register():
    signals.initialized.connect(validate_sources)
    signals.generator_init.connect(use_discovered_files)
    signals.readers_init.connect(install_reader)
    signals.article_generator_preread.connect(read_ahead)
    signals.page_generator_preread.connect(read_ahead)
    signals.all_generators_finalized.connect(validate_site)
    signals.content_object_init.connect(give_declared_fields)
    signals.content_object_init.connect(remember_references)
