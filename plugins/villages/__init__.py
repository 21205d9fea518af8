"""Sołectwa: each village's page names its sołtys and links to the village's news and feed.

The office lists the sołectwa in content/dane/solectwa.yaml: name, the Slug of the village's page,
its information group (the SMS service's group, whose news page and feed the village page links
to), the sołtys and how to reach them. Pages and data must agree both ways (a listed village with
no page, or a page under the sołectwa page that the data does not list, stops the build), so the
sołectwa page and the home page, which list the villages from the same data, always tell the same
number. Settings: VILLAGES = {"index_slug": slug of the page the village pages sit under}.
"""

from dataclasses import dataclass

from pelican import signals

from plugins.core import (
    DataFile,
    Problem,
    display_path,
    plugin_settings,
    report_content_problem,
    report_problem,
)
from plugins.core.datafiles import Entry, Phone, data_file_path, load_data

DEFAULTS = {"index_slug": "solectwa"}
DATA_FILE = "solectwa.yaml"
DATA_ENTRIES = (
    Entry(
        "villages",
        "list",
        unique="slug",
        entries=(
            Entry("name", example="Parszów"),
            Entry("slug", "slug", example="solectwo-parszow (pole Slug strony sołectwa)"),
            Entry("group", required=False, example="Parszów (nazwa grupy Informatora SMS)"),
            Entry("soltys", example="imię i nazwisko sołtysa"),
            Entry("phone", "phone", required=False, example="+48 41 000 00 00"),
            Entry("email", "email", required=False, example="solectwo@domena.pl"),
            Entry("duty", required=False, example="dyżur w świetlicy: pierwszy poniedziałek miesiąca, 17:00–18:00"),
        ),
    ),
)


@dataclass
class Village:
    name: str
    slug: str
    group: str
    soltys: str
    phone: Phone | None
    email: str
    duty: str
    line: int
    url: str = ""  # the village's page
    news_url: str = ""  # its information group's news
    feed_url: str = ""  # and that group's feed


def villages_settings(settings: dict) -> dict:
    return plugin_settings(settings, "VILLAGES", DEFAULTS)


def shown_data_file(settings: dict) -> str:
    return display_path(settings["PATH"], data_file_path(settings, DATA_FILE))


def check_data_file(path, shown_as, settings) -> list[Problem]:
    data, problems = load_data(settings, DATA_FILE, DATA_ENTRIES)
    groups = settings.get("GROUPS", {}).get("names", [])
    for entry in data.get("villages", []):
        if entry.get("group") and entry["group"] not in groups:
            problems = [
                *problems,
                Problem(
                    shown_as,
                    entry.line,
                    f"„group: {entry['group']}”: nie ma takiej grupy informacyjnej. "
                    f"Wpisz jedną z: {', '.join(groups)} albo usuń ten wiersz.",
                ),
            ]
    return problems


def expose(pelican) -> None:
    data, problems = load_data(pelican.settings, DATA_FILE, DATA_ENTRIES)
    entries = [] if problems else data.get("villages", [])
    pelican.settings["VILLAGES_LIST"] = [
        Village(
            name=entry["name"],
            slug=entry["slug"],
            group=entry["group"],
            soltys=entry["soltys"],
            phone=entry["phone"] or None,
            email=entry["email"],
            duty=entry["duty"],
            line=entry.line,
        )
        for entry in entries
    ]


def link_villages_to_pages(generator) -> None:
    settings = generator.settings
    villages = settings.get("VILLAGES_LIST", [])
    pages = {page.slug: page for page in generator.pages}
    index_slug = villages_settings(settings)["index_slug"]
    for village in villages:
        page = pages.get(village.slug)
        if page is not None and getattr(page, "parent", "") != index_slug:
            report_problem(
                settings,
                Problem(
                    shown_data_file(settings),
                    village.line,
                    f"„slug: {village.slug}” to strona „{page.title}”, która nie jest stroną sołectwa: strona "
                    f"sołectwa ma w nagłówku „Parent: {index_slug}”. Popraw „slug” albo dopisz to pole na stronie.",
                ),
            )
            continue
        if page is None:
            report_problem(
                settings,
                Problem(
                    shown_data_file(settings),
                    village.line,
                    f"sołectwo „{village.name}” nie ma strony: dodaj plik w content/pages/ z wierszem "
                    f"„Slug: {village.slug}” albo popraw pole „slug”.",
                ),
            )
            continue
        village.url = page.url
        page.village = village
        page.template = "village"
    listed = {village.slug for village in villages}
    for page in generator.pages:
        if getattr(page, "parent", "") == index_slug and page.slug not in listed:
            report_content_problem(
                page,
                "Slug",
                f"strona sołectwa „{page.title}” nie ma wpisu w {shown_data_file(settings)}: dopisz tam sołectwo "
                f"(„slug: {page.slug}”, sołtys i grupa), żeby strona pokazała sołtysa i wiadomości wsi.",
            )
    index = pages.get(index_slug)
    if index is not None:
        index.template = "villages"


def link_villages_to_news(generators) -> None:
    context = generators[0].context
    groups = {group.name: group for group, _ in context.get("groups", [])}
    feeds = context.get("FEEDS", {})
    for village in context.get("VILLAGES_LIST", []):
        group = groups.get(village.group)
        if group is not None:
            village.news_url = group.url
            feed = feeds.get(f"group:{group.slug}")
            village.feed_url = feed.url if feed is not None else ""
    # The home page lists the villages (each page leads to its news): the other groups in a row of their
    # own, so that no name appears twice leading to two places.
    villages_groups = {village.group for village in context.get("VILLAGES_LIST", [])}
    context["home_groups"] = [
        (group, items) for group, items in context.get("groups", []) if group.name not in villages_groups
    ]


DATA_FILES = (DataFile("villages", f"dane/{DATA_FILE}", check_data_file, required=True),)

# Runs after (plugins.core.order): the pages and the groups' news.
NEEDS = ("news", "groups")


def register():
    signals.initialized.connect(expose)
    signals.page_generator_finalized.connect(link_villages_to_pages)
    signals.all_generators_finalized.connect(link_villages_to_news)
