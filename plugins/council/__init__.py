"""Rada Miejska: council sessions, their named votes and recordings, and the councillors.

A session is a BIP document (with its metryczka, versions and register entries) in
content/bip/rada-miejska/sesje/, with fields of its own: number, start, place, status (zwołana, odbyta,
odwołana), the draft resolutions and the resolutions passed (paths of BIP documents, resolved at build
time), the recording (a link to another site, never embedded, or a video among its attachments), the
minutes (one of its attachments) and its named votes (a CSV file beside it, see votes.py). The agenda
is the document's body. The councillors are content/dane/radni.yaml (name, club, term of office).

Published: each session's details on its BIP page, its named votes as tables (`glosowania/`) and as the
CSV file, one page per councillor with the history of their votes, the councillors, votes and
recordings in their BIP categories, the sessions as calendar entries and as `sesje.ics`.
Settings: COUNCIL = {"members_category", "votes_category", "recordings_category", "uid_domain"}.
"""

import os
from dataclasses import dataclass, field
from datetime import date, datetime

from pelican import signals
from pelican.generators import Generator
from pelican.utils import slugify

from plugins.core import (
    DataFile,
    DocumentType,
    Field,
    Problem,
    copy_into_output,
    date_pl,
    display_path,
    has_hour,
    local_datetime,
    of_document_type,
    plugin_settings,
    report_problem,
    split_list,
)
from plugins.core.calendar import (
    SESSION_CATEGORY,
    WHOLE_GMINA,
    CalendarEntry,
    add_calendar_entries,
    announce_calendar,
    calendar_bytes,
    write_calendar,
)
from plugins.core.datafiles import Entry, load_data

from .votes import Item, read_votes

SESSIONS_FOLDER = "bip/rada-miejska/sesje"
STATUSES = ("zwołana", "odbyta", "odwołana")
HELD = "odbyta"
MEMBER_LABELS = {"za": "Za", "przeciw": "Przeciw", "wstrzymał się": "Wstrzymanie się", "nieobecny": "Nieobecność"}
CANCELLED = "odwołana"
VIDEO_EXTENSIONS = (".mp4", ".webm")
DEFAULTS = {
    "members_category": "rada-miejska/sklad",
    "votes_category": "rada-miejska/imienne-wykazy-glosowan",
    "recordings_category": "rada-miejska/transmisje-i-nagrania-obrad",
    "uid_domain": "wachock.pl",
    "feed_name": "sesje.ics",
}
DATA_FILE = "radni.yaml"
DATA_ENTRIES = (
    Entry("council", example="Rada Miejska w Wąchocku"),
    Entry("term", example="IX kadencja (2024–2029)"),
    Entry(
        "councillors",
        "list",
        unique="name",
        entries=(
            Entry("name", example="imię i nazwisko"),
            # How the pages name and speak of this person: "radna" (głosowała) or "radny" (głosował).
            Entry("title", "choice", choices=("radna", "radny"), example="radna albo radny"),
            Entry("slug", "slug", required=False, example="imie-nazwisko (adres strony radnego)"),
            Entry("club", required=False, example="nazwa klubu radnych"),
            Entry("function", required=False, example="Przewodniczący Rady Miejskiej"),
            Entry("constituency", required=False, example="okręg wyborczy nr 1"),
            Entry("from", "date", example="2024-05-07 (początek mandatu)"),
            Entry("until", "date", required=False, example="RRRR-MM-DD (wygaśnięcie mandatu)"),
        ),
    ),
)


def council_settings(settings: dict) -> dict:
    return plugin_settings(settings, "COUNCIL", DEFAULTS)


def councillor_terms(settings: dict) -> dict[str, tuple[date, date | None]]:
    data, problems = load_data(settings, DATA_FILE, DATA_ENTRIES)
    return {
        entry["name"]: (date.fromisoformat(entry["from"]), optional_date(entry["until"]))
        for entry in ([] if problems else data.get("councillors", []))
    }


def optional_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def check_data_file(path, shown_as, settings) -> list[Problem]:
    data, problems = load_data(settings, DATA_FILE, DATA_ENTRIES)
    for entry in data.get("councillors", []):
        if entry.get("until") and entry.get("from") and entry["until"] < entry["from"]:
            problems = [*problems, Problem(shown_as, entry.line, "„until” jest wcześniej niż „from”: popraw daty.")]
    return problems


# --- the session fields and their rules ----------------------------------------------------------


def session_day(document) -> date | None:
    found = document.get("Session_start")
    moment = local_datetime(found.value) if found else None
    return moment.date() if moment else None


def check_session_hour(documents, settings) -> list[Problem]:
    """A session starts at an hour: without one, the page and the phones would say midnight."""
    problems = []
    for document in documents:
        found = document.get("Session_start")
        if found and found.value and not has_hour(found.value):
            problems.append(
                Problem(
                    document.display_path,
                    found.line,
                    f"„Session_start: {found.value}”: dopisz godzinę rozpoczęcia, np. „{found.value.strip()} 10:00”.",
                )
            )
    return problems


def check_links_to_documents(documents, settings) -> list[Problem]:
    """Drafts and Resolutions name BIP documents by their file: the link is checked, not trusted."""
    problems = []
    root = settings["PATH"]
    for document in documents:
        for name in ("Drafts", "Resolutions"):
            found = document.get(name)
            for relative in split_list(found.value) if found else []:
                path = os.path.normpath(os.path.join(root, relative))
                if not relative.startswith("bip/") or not relative.endswith(".md") or not os.path.isfile(path):
                    problems.append(
                        Problem(
                            document.display_path,
                            found.line,
                            f"„{relative}” w polu „{name}”: nie ma takiego dokumentu BIP. Podaj ścieżkę pliku "
                            "bez „content/”, np. bip/prawo-lokalne/uchwaly-rady-miejskiej/2026/uchwala.md.",
                        )
                    )
    return problems


def check_session_files(documents, settings) -> list[Problem]:
    """Minutes and a recording file are attachments; a recording is a file or an https link."""
    problems = []
    for document in documents:
        attachments = split_list(document.get("Attachments").value) if document.get("Attachments") else []
        minutes = document.get("Minutes")
        if minutes and minutes.value and minutes.value not in attachments:
            problems.append(
                Problem(
                    document.display_path,
                    minutes.line,
                    f"protokół „{minutes.value}” dopisz też do pola „Attachments” (tam są pliki, które BIP publikuje "
                    "i zachowuje w historii zmian).",
                )
            )
        recording = document.get("Recording")
        if recording and recording.value:
            value = recording.value
            if value.startswith("http://"):
                problems.append(
                    Problem(document.display_path, recording.line, "adres nagrania zaczyna się od https://; popraw go.")
                )
            elif not value.startswith("https://") and (
                value not in attachments or not value.lower().endswith(VIDEO_EXTENSIONS)
            ):
                problems.append(
                    Problem(
                        document.display_path,
                        recording.line,
                        f"„{value}” w polu „Recording”: podaj adres nagrania (https://…) albo nazwę pliku MP4 lub "
                        "WebM, który jest też w polu „Attachments”.",
                    )
                )
    return problems


def check_session_status(documents, settings) -> list[Problem]:
    """Votes, minutes and a recording exist only for a session that took place."""
    problems = []
    for document in documents:
        status = document.get("Session_status")
        if status is None or status.value == HELD:
            continue
        for name in ("Votes", "Minutes", "Recording", "Resolutions"):
            found = document.get(name)
            if found and found.value:
                problems.append(
                    Problem(
                        document.display_path,
                        found.line,
                        f"pole „{name}” ma tylko sesja, która się odbyła, a ta ma status „{status.value}”. Zmień "
                        f"status na „{HELD}” albo usuń ten wiersz.",
                    )
                )
    return problems


def check_votes(documents, settings) -> list[Problem]:
    terms = councillor_terms(settings)
    problems = []
    for document in documents:
        found = document.get("Votes")
        if not found or not found.value:
            continue
        path = os.path.join(os.path.dirname(document.path), found.value)
        if not os.path.isfile(path) or not path.endswith(".csv"):
            continue  # the files rule has said so; a non-CSV file:
        problems += read_votes(path, display_path(settings["PATH"], path), terms, session_day(document))[1]
    return problems


def check_votes_extension(documents, settings) -> list[Problem]:
    problems = []
    for document in documents:
        found = document.get("Votes")
        if found and found.value and not found.value.lower().endswith(".csv"):
            problems.append(
                Problem(
                    document.display_path,
                    found.line,
                    f"„{found.value}”: imienny wykaz głosowań to plik CSV (np. glosowania.csv); zapisz arkusz jako "
                    "„CSV (rozdzielany przecinkami)”.",
                )
            )
    return problems


SESSION_TYPE = DocumentType(
    name="session",
    label="sesja Rady Miejskiej",
    directory=SESSIONS_FOLDER,
    extends="bip",
    legal_status=False,
    fields=(
        Field("Number", required=True, example="numer sesji, np. XXV"),
        Field("Session_start", "date", required=True, example="RRRR-MM-DD GG:MM (początek sesji)"),
        Field("Place", required=True, example="miejsce obrad, np. sala konferencyjna Urzędu, ul. Wielkowiejska 1"),
        Field("Session_status", "choice", required=True, choices=lambda settings: list(STATUSES), example="zwołana"),
        Field("Drafts", "list", example="bip/…/projekt-uchwaly.md, bip/…/drugi-projekt.md"),
        Field("Resolutions", "list", example="bip/prawo-lokalne/uchwaly-rady-miejskiej/2026/uchwala.md"),
        Field("Recording", example="https://… albo nagranie.mp4"),
        Field("Minutes", example="protokol.pdf (plik z pola Attachments)"),
        Field("Votes", "files", relative_to="document", example="glosowania.csv"),
    ),
    collection_rules=(
        check_session_hour,
        check_links_to_documents,
        check_session_files,
        check_session_status,
        check_votes_extension,
        check_votes,
    ),
)


# --- what is published ------------------------------------------------------------------------


@dataclass
class Councillor:
    name: str
    title: str  # "radna" or "radny", from the councillors' data
    slug: str
    club: str
    function: str
    constituency: str
    start: date
    end: date | None
    url: str
    # (session, its named votes' URL, item, the vote as written, what it counts as)
    votes: list[tuple[str, str, str, str, str]] = field(default_factory=list)

    @property
    def voted(self) -> str:
        return "głosowała" if self.title == "radna" else "głosował"

    @property
    def mandate(self) -> str:
        """ "od 7 maja 2024 r. do 31 marca 2026 r.": one printed value, so the typesetter sees "2024 r." whole."""
        until = f" do {date_pl(self.end)} r." if self.end else ""
        return f"od {date_pl(self.start)} r.{until}"

    @property
    def ended(self) -> str:
        return f"mandat wygasł {date_pl(self.end)} r." if self.end else ""

    @property
    def totals(self) -> list[tuple[str, int]]:
        return [(label, sum(1 for *_, kind in self.votes if kind == key)) for key, label in MEMBER_LABELS.items()]


@dataclass
class Session:
    """What a session's pages show besides the BIP document's own fields: plain data, so that a page's
    dependency record sees every change of it (core.writer)."""

    number: str
    title: str
    start: datetime
    place: str
    status: str
    url: str
    drafts: list[tuple[str, str]] = field(default_factory=list)  # (title, URL)
    resolutions: list[tuple[str, str]] = field(default_factory=list)
    recording_url: str = ""
    recording_external: bool = False
    minutes: tuple[str, str] | None = None  # (name, URL)
    items: list[Item] = field(default_factory=list)
    votes_url: str = ""
    votes_file_url: str = ""

    @property
    def heading(self) -> str:
        return f"{self.number} sesja Rady Miejskiej ({date_pl(self.start)} r.)"


class CouncilGenerator(Generator):
    """After the BIP generator: gives sessions their details, and writes votes and councillors' pages."""

    def generate_context(self):
        self.config = council_settings(self.settings)
        categories = {c.path: c for root in self.context.get("bip_categories", []) for c in root.walk()}
        self.members_category = categories.get(self.config["members_category"])
        self.councillors = self.read_councillors()
        documents = self.context.get("bip_documents", [])
        by_file = {os.path.relpath(d.source_path, self.path).replace(os.sep, "/"): d for d in documents}
        self.sessions: list[tuple[object, Session, str]] = []  # (document, session, CSV source)
        for document in of_document_type(self.settings, documents, SESSION_TYPE.name):
            self.sessions.append(self.session_of(document, by_file))
        self.sessions.sort(key=lambda found: found[1].start)
        for _, session, _ in reversed(self.sessions):  # each councillor's history: newest session first
            for item in session.items:
                for vote in item.votes:
                    self.councillors[vote.councillor].votes.append(
                        (session.heading, session.votes_url, item.title, vote.vote, vote.kind)
                    )
        self.list_in_categories(categories)
        self.context["council_sessions"] = [session for _, session, _ in self.sessions]
        self.context["councillors"] = list(self.councillors.values())
        add_calendar_entries(self.context, [self.calendar_entry(d, s) for d, s, _ in self.sessions])
        feed = f"{self.config['members_category'].rsplit('/', 1)[0]}/"
        self.feed_url = f"bip/{feed}{self.config['feed_name']}"
        if self.sessions:
            announce_calendar(self.context, "Sesje Rady Miejskiej", self.feed_url, (WHOLE_GMINA, 1))

    def read_councillors(self) -> dict[str, Councillor]:
        data, problems = load_data(self.settings, DATA_FILE, DATA_ENTRIES)
        base = f"bip/{self.config['members_category']}/"
        councillors = {}
        for entry in [] if problems else data.get("councillors", []):
            slug = entry["slug"] or slugify(entry["name"], regex_subs=self.settings["SLUG_REGEX_SUBSTITUTIONS"])
            councillors[entry["name"]] = Councillor(
                name=entry["name"],
                title=entry["title"],
                slug=slug,
                club=entry["club"],
                function=entry["function"],
                constituency=entry["constituency"],
                start=date.fromisoformat(entry["from"]),
                end=optional_date(entry["until"]),
                url=f"{base}{slug}/",
            )
        self.council_name = data.get("council", "")
        self.term = data.get("term", "")
        return councillors

    def session_of(self, document, by_file: dict) -> tuple[object, Session, str]:
        snapshot = document.snapshot
        start = local_datetime(snapshot.get("session_start"))
        session = Session(
            number=snapshot.get("number"),
            title=document.title,
            start=start,
            place=snapshot.get("place"),
            status=snapshot.get("session_status"),
            url=document.url,
            drafts=self.linked_documents(document, "drafts", by_file),
            resolutions=self.linked_documents(document, "resolutions", by_file),
        )
        recording = snapshot.get("recording")
        if recording.startswith("https://"):
            session.recording_url, session.recording_external = recording, True
        elif recording:
            session.recording_url = self.attachment_url(document, recording)
        if snapshot.get("minutes"):
            session.minutes = (snapshot.get("minutes"), self.attachment_url(document, snapshot.get("minutes")))
        source = ""
        if snapshot.get("votes"):
            source = os.path.join(os.path.dirname(document.source_path), snapshot.get("votes"))
            terms = {name: (c.start, c.end) for name, c in self.councillors.items()}
            session.items = read_votes(source, display_path(self.path, source), terms, start.date())[0]
            session.votes_url = f"{document.url}glosowania/"
            session.votes_file_url = f"{document.url}{os.path.basename(source)}"
        document.extras["session"] = session
        return document, session, source

    def attachment_url(self, document, name: str) -> str:
        found = next((a for a in document.attachments if a.name == name), None)
        return found.url if found else ""

    def linked_documents(self, document, name: str, by_file: dict) -> list[tuple[str, str]]:
        linked = []
        for relative in split_list(document.snapshot.get(name)):
            target = by_file.get(relative)
            if target is None:
                report_problem(
                    self.settings,
                    Problem(
                        display_path(self.path, document.source_path),
                        1,
                        f"„{relative}” w polu „{name.capitalize()}”: ten dokument BIP nie został opublikowany "
                        "(ma błędy albo leży poza kategorią BIP); popraw go albo usuń odnośnik.",
                    ),
                )
                continue
            linked.append((target.title, target.url))
        return linked

    def list_in_categories(self, categories: dict) -> None:
        """Councillors, named votes and recordings in their BIP categories."""
        listed = {
            "members_category": [
                (c.name, c.url, ", ".join(part for part in (c.function, c.club, c.ended) if part))
                for c in sorted(self.councillors.values(), key=lambda c: c.name.split()[-1])
            ],
            "votes_category": [
                (f"Imienny wykaz głosowań – {s.heading}", s.votes_url, "")
                for _, s, _ in reversed(self.sessions)
                if s.items
            ],
            "recordings_category": [
                (
                    f"Nagranie obrad – {s.heading}",
                    f"{s.url}#nagranie",
                    "w serwisie zewnętrznym" if s.recording_external else "plik wideo",
                )
                for _, s, _ in reversed(self.sessions)
                if s.recording_url
            ],
        }
        for key, entries in listed.items():
            category = categories.get(self.config[key])
            if category is None and entries:
                report_problem(
                    self.settings,
                    Problem(
                        "pelicanconf.py",
                        1,
                        f"COUNCIL[„{key}”] = „{self.config[key]}”: nie ma takiej kategorii w content/dane/bip.yaml.",
                    ),
                )
                continue
            if category is not None:
                category.listed = entries

    def calendar_entry(self, document, session: Session) -> CalendarEntry:
        path = document.identity.removeprefix("content/").removeprefix("bip/").removesuffix(".md")
        identity = slugify(path, regex_subs=self.settings["SLUG_REGEX_SUBSTITUTIONS"])
        return CalendarEntry(
            uid=f"sesja-{identity}@{self.config['uid_domain']}",
            title=f"{session.number} sesja Rady Miejskiej" + (" (odwołana)" if session.status == CANCELLED else ""),
            start=session.start,
            end=None,
            url=session.url,
            category=SESSION_CATEGORY,
            place=session.place,
            cancelled=session.status == CANCELLED,
            stamp=document.last_change.date if document.last_change else None,
        )

    def planned_outputs(self) -> list[tuple[str, object]]:
        outputs = [(f"{c.url}index.html", None) for c in self.councillors.values()]
        for document, session, _ in self.sessions:
            if session.items:
                outputs += [(f"{session.votes_url}index.html", document), (session.votes_file_url, document)]
        if self.sessions:
            outputs.append((self.feed_url, None))
        return outputs

    def generate_output(self, writer):
        for councillor in self.councillors.values():
            writer.write_file(
                f"{councillor.url}index.html",
                self.get_template("council_member"),
                self.context,
                url=councillor.url,
                councillor=councillor,
                council_term=self.term,
                crumbs=[*self.members_category.crumbs, (councillor.name, councillor.url)]
                if self.members_category
                else [],
            )
        for document, session, source in self.sessions:
            if not session.items:
                continue
            writer.write_file(
                f"{session.votes_url}index.html",
                self.get_template("council_votes"),
                self.context,
                url=session.votes_url,
                session=session,
                councillor_urls={name: c.url for name, c in self.councillors.items()},
                crumbs=[*document.crumbs, ("Imienny wykaz głosowań", session.votes_url)],
            )
            copy_into_output(self.output_path, source, session.votes_file_url)
        if self.sessions:
            entries = [self.calendar_entry(d, s) for d, s, _ in self.sessions]
            content = calendar_bytes("Sesje Rady Miejskiej w Wąchocku", entries, "Sesje", self.settings["SITEURL"])
            write_calendar(self.output_path, self.feed_url, content)


def get_generators(pelican):
    return CouncilGenerator


DOCUMENT_TYPES = (SESSION_TYPE,)

DATA_FILES = (DataFile("councillors", f"dane/{DATA_FILE}", check_data_file),)

# Runs after (plugins.core.order): sessions are BIP documents.
NEEDS = ("bip",)


def register():
    signals.get_generators.connect(get_generators)
