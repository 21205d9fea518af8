"""Helpers the tests share: build a site from given content into a folder."""

import os
import shutil
from datetime import datetime, timedelta

from pelican import Pelican, signals

from plugins.core.dates import WARSAW
from wachock.build import PROJECT_ROOT, build

# The suite's "now": every build in the tests is made for this moment (conftest sets SOURCE_DATE_EPOCH
# from it, so builds in other processes agree) and every browser page lives at it, never at the clock's.
SUITE_NOW = datetime(2026, 12, 1, 12, 0, tzinfo=WARSAW)
# Commits the tests make are dated before it (GIT_AUTHOR_DATE, GIT_COMMITTER_DATE), unless a test dates its own.
SUITE_COMMIT_DATE = SUITE_NOW - timedelta(days=1)

SETTINGS_FILE = os.path.join(PROJECT_ROOT, "pelicanconf.py")
PUBLISH_SETTINGS = os.path.join(PROJECT_ROOT, "publishconf.py")
FIXTURE_SITE = os.path.join(PROJECT_ROOT, "tests", "fixtures", "site")
FIXTURE_CONTENT = os.path.join(FIXTURE_SITE, "content")


def copy_fixture_content(target: str) -> str:
    """A writable copy of the small fixture site's content/ folder."""
    content = os.path.join(target, "content")
    shutil.copytree(FIXTURE_CONTENT, content)
    return content


def write_file(content_root: str, relative: str, text: str | bytes) -> str:
    path = os.path.join(content_root, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(text, bytes) else "w"
    with open(path, mode, **({} if isinstance(text, bytes) else {"encoding": "utf-8"})) as handle:
        handle.write(text)
    return path


def strict_templates() -> dict:
    """The site's Jinja settings with StrictUndefined: a variable no plugin provided fails the test."""
    from jinja2 import StrictUndefined

    from wachock.build import load_settings

    jinja = load_settings(SETTINGS_FILE, "/nonexistent")["JINJA_ENVIRONMENT"]
    return {**jinja, "undefined": StrictUndefined}


def build_site(content_root: str, output: str, settings_file: str = SETTINGS_FILE, **overrides) -> dict:
    """A full build (validation, warnings fatal, atomic swap) of content_root, templates strict."""
    settings = {
        "PATH": os.path.abspath(content_root),
        "JINJA_ENVIRONMENT": strict_templates(),
        # Each test's caches beside its content: no test reads another's readings.
        "CACHE_PATH": os.path.join(os.path.dirname(os.path.abspath(content_root)), ".cache"),
        **overrides,
    }
    return build(settings_file, output, overrides=settings)


def generate_context(content_root: str, output: str, **overrides):
    """Run Pelican up to the end of generate_context, writing nothing.

    Returns (context, generators) for unit tests of plugin logic.
    """
    from plugins.core.order import ordered_plugins
    from plugins.core.session import start_session
    from wachock.build import load_settings

    settings = load_settings(SETTINGS_FILE, output, {"PATH": os.path.abspath(content_root), **overrides})
    settings["PLUGINS"] = ordered_plugins(settings["PLUGINS"])
    start_session(settings)
    pelican = Pelican(settings)
    context = settings.copy()
    context["generated_content"] = {}
    context["static_links"] = set()
    context["static_content"] = {}
    context["localsiteurl"] = settings["SITEURL"]
    generators = [
        cls(
            context=context,
            settings=settings,
            path=pelican.path,
            theme=pelican.theme,
            output_path=output,
        )
        for cls in pelican._get_generator_classes()
    ]
    for generator in generators:
        if hasattr(generator, "generate_context"):
            generator.generate_context()
    signals.all_generators_finalized.send(generators)
    return context, generators


def words(element) -> str:
    """An element's text as a reader hears it: every space, non-breaking ones too, as one plain space."""
    return " ".join(element.get_text().split())
