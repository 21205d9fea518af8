"""BIP, Biuletyn Informacji Publicznej: documents, metryczka, register of changes.

Documents live in content/bip/<category path>/**.md. The register of changes is the git history of
content/bip/ (see history.py): every version stays published with its attachments, a moved document
keeps its versions and its old address points to the new one, and a removed document stays at its
address, marked as removed. The publication moment is the time of the commit that first brought a
document into the BIP; `Date` is kept only for documents migrated from the previous BIP.
Data: content/dane/bip.yaml (publisher, editors and the addresses they commit with, the category tree
with permanent slugs), bip-korekty.yaml (reasons and people supplied later for published commits),
bip-wycofania.yaml (lawful withdrawals).
Settings: BIP = {"register_per_page", "require_committed"}.
"""

import dataclasses
import hashlib
import logging
import os
import posixpath
import subprocess
from datetime import datetime, timedelta
from functools import cached_property, partial

from pelican import signals
from pelican.generators import Generator
from pelican.utils import slugify
from ruamel.yaml.error import MarkedYAMLError

from plugins.core import (
    DataFile,
    DocumentType,
    Field,
    PdfTextCache,
    Problem,
    SnapshotReader,
    copy_into_output,
    describe,
    describe_files,
    display_path,
    keep_bytes,
    plugin_settings,
    read_documents,
    report_problem,
    schema_of,
)
from plugins.core.cache import BuildCache
from plugins.core.datafiles import Entry, data_file_path, load_data, yaml_reader
from plugins.core.dates import build_now, local_datetime
from plugins.core.feeds import BIP_DOCUMENTS, BIP_REGISTER, Feed, FeedItem, announce_feed, town_genitive
from plugins.core.identifiers import identifier_problems, office_numbers, published_text
from plugins.core.ledger import Ledger, LedgerError, ledger_settings, load_ledger, people_by_account
from plugins.core.links import linked_body
from plugins.core.session import output_changes_at, output_withdraws
from plugins.core.snapshot import Snapshot, text_key

from .categories import build_tree, by_path, category_for
from .compare import comparisons
from .documents import (
    STATUSES,
    BipDocument,
    Moved,
    Version,
    document_url,
    repo_relative,
)
from .history import (
    WARSAW,
    Change,
    History,
    find_repository,
    follow_documents,
    git,
    read_blobs,
    read_history,
    read_versions,
)
from .people import CORRECTION_ENTRIES, CORRECTIONS_FILE, Attribution, editors_by_account, editors_by_email
from .withdrawals import (
    EXPIRY_BASIS,
    WITHDRAWAL_ENTRIES,
    WITHDRAWALS_FILE,
    Withdrawal,
    decision_keys,
    file_contains,
    redact_html,
    redact_text,
    same_scope,
    withdrawals_of,
)

logger = logging.getLogger(__name__)

DEFAULTS = {
    "register_per_page": 20,
    # A published build refuses BIP files that are not committed as they are (their moment is unknown).
    "require_committed": False,
}
DATA_FILE = "bip.yaml"
CATEGORY = (
    Entry("title", example="nazwa kategorii"),
    Entry("slug", "slug", example="nazwa-kategorii"),
    Entry("responsible", required=False, example="stanowisko osoby odpowiedzialnej za treść"),
)
DATA_ENTRIES = (
    Entry("publisher", example="pełna nazwa podmiotu udostępniającego informację"),
    Entry("publisher_genitive", example="nazwa podmiotu w dopełniaczu: Biuletyn Informacji Publicznej… czego?"),
    Entry("previous_bip_until", "date", required=False, example="RRRR-MM-DD, ostatni dzień poprzedniego BIP"),
    Entry(
        "editors",
        "list",
        entries=(
            Entry("name", example="imię i nazwisko"),
            Entry("role", example="stanowisko"),
            Entry("phone", "phone", example="+48 41 000 00 00"),
            Entry("email", "email", example="nazwa@domena.pl"),
            Entry("commit_emails", "list", required=False, item=Entry("commit_emails", "email", example="a@b.pl")),
            # The accounts the office's server authenticates this person by (the publication ledger).
            Entry("accounts", "list", required=False, item=Entry("accounts", example="a.nowak")),
        ),
    ),
    Entry(
        "categories",
        "list",
        unique="slug",
        entries=(*CATEGORY, Entry("children", "list", required=False, unique="slug", entries=CATEGORY)),
    ),
)
BIP_DIRECTORY = "bip"
# How much later than the server's record a commit may be dated (clocks differ a little); the hook's too.
CLOCK_TOLERANCE = timedelta(minutes=5)
HISTORY_HINT = (
    " Tej wersji nie poprawia się w pliku, bo historia zmian jest zapisem tego, co opublikowano. Urząd "
    "wycofuje taki fragment decyzją o wycofaniu informacji (poradnik redaktora, „Treść w historii BIP”); "
    "do tego czasu strona nie zostanie opublikowana."
)


FIXED_PAGES = {
    "bip_editors": "redakcja-bip",
    "bip_instructions": "instrukcja-korzystania-z-bip",
    "bip_not_published": "informacje-nieudostepnione",
    "bip_map": "mapa-bip",
}


def bip_settings(settings: dict) -> dict:
    return plugin_settings(settings, "BIP", DEFAULTS)


def bip_data(settings: dict) -> tuple[dict, list[Problem]]:
    return load_data(settings, DATA_FILE, DATA_ENTRIES)


def categories_by_path(settings: dict):
    return by_path(build_tree(bip_data(settings)[0].get("categories", [])))


def check_data_file(path, shown_as, settings) -> list[Problem]:
    return bip_data(settings)[1] or duplicate_accounts(path, shown_as, settings)


def optional_data(settings: dict, name: str, entries) -> tuple[dict, list[Problem]]:
    """A data file the office adds only when it needs it (corrections, withdrawals)."""
    if not os.path.isfile(data_file_path(settings, name)):
        return {}, []
    return load_data(settings, name, entries)


def check_corrections_file(path, shown_as, settings) -> list[Problem]:
    return optional_data(settings, CORRECTIONS_FILE, CORRECTION_ENTRIES)[1]


def check_withdrawals_file(path, shown_as, settings) -> list[Problem]:
    return optional_data(settings, WITHDRAWALS_FILE, WITHDRAWAL_ENTRIES)[1]


def dates_only_for_migrated(documents, settings) -> list[Problem]:
    """The system records the publication moment; `Date` says only when the previous BIP published a document."""
    data, data_problems = bip_data(settings)
    if data_problems:
        return []
    cutover = data.get("previous_bip_until")
    problems = []
    for document in documents:
        found = document.get("Date")
        if found is None or not found.value:
            continue
        moment = local_datetime(found.value)
        if moment is None:
            continue  # the date rule itself reports a bad date
        if not cutover:
            why = "ten BIP nie przejmował dokumentów z poprzedniego BIP"
        elif moment.date().isoformat() > cutover:
            why = f"poprzedni BIP działał do {cutover}, a ta data jest późniejsza"
        else:
            continue
        problems.append(
            Problem(
                document.display_path,
                found.line,
                f"pole „Date” podaje się tylko dla dokumentów przeniesionych z poprzedniego BIP ({why}). Usuń ten "
                "wiersz: datę publikacji zapisuje system w chwili, gdy dokument trafia do BIP (commit).",
            )
        )
    return problems


def responsible_person_given(documents, settings) -> list[Problem]:
    """ "Osoba odpowiedzialna za treść": the document's `Responsible`, or its category's in bip.yaml."""
    if bip_data(settings)[1]:
        return []
    categories = categories_by_path(settings)
    bip_root = os.path.join(settings["PATH"], BIP_DIRECTORY)
    problems = []
    for document in documents:
        found = document.get("Responsible")
        if found is not None and found.value:
            continue
        category = category_for(os.path.relpath(os.path.dirname(document.path), bip_root), categories)
        if category is None or category.responsible:
            continue
        problems.append(
            Problem(
                document.display_path,
                1,
                "brak osoby odpowiedzialnej za treść. Dopisz w nagłówku wiersz „Responsible: imię i nazwisko, "
                f"stanowisko” albo ustaw „responsible” dla kategorii „{category.title}” w content/dane/bip.yaml.",
            )
        )
    return problems


def check_document_folders(documents, settings) -> list[Problem]:
    """A BIP document must sit in a configured category folder."""
    if bip_data(settings)[1]:
        return []  # the category tree itself has problems, reported with bip.yaml's lines
    categories = categories_by_path(settings)
    problems = []
    bip_root = os.path.join(settings["PATH"], BIP_DIRECTORY)
    for document in documents:
        relative = os.path.relpath(os.path.dirname(document.path), bip_root)
        if category_for(relative, categories) is None:
            top = sorted(path for path in categories if "/" not in path)
            problems.append(
                Problem(
                    document.display_path,
                    1,
                    "dokument BIP leży poza folderem kategorii. Przenieś go do folderu kategorii w content/bip/, "
                    f"np. content/bip/{top[0] if top else 'urzad'}/ (lista kategorii: {', '.join(top)}).",
                )
            )
    return problems


def unique_numbers_per_category(documents, settings) -> list[Problem]:
    """Two documents of one category with the same Number (two "Uchwała Nr XII/85/2024")."""
    bip_root = os.path.join(settings["PATH"], BIP_DIRECTORY)
    by_key = {}
    for document in documents:
        found = document.get("Number")
        if found and found.value:
            folder = os.path.relpath(os.path.dirname(document.path), bip_root).split(os.sep)
            category = "/".join(part for part in folder if not part.isdigit())
            by_key.setdefault((category, found.value.strip().lower()), []).append((document, found))
    problems = []
    for claims in by_key.values():
        for document, found in claims if len(claims) > 1 else ():
            others = ", ".join(d.display_path for d, _ in claims if d is not document)
            problems.append(
                Problem(
                    document.display_path,
                    found.line,
                    f"numer „{found.value}” ma już {others} w tej samej kategorii. Sprawdź numer dokumentu "
                    "(pole „Number”); nową wersję tego samego dokumentu zapisz w jego dotychczasowym pliku.",
                )
            )
    return problems


BIP_TYPE = DocumentType(
    name="bip",
    label="dokument BIP",
    directory=BIP_DIRECTORY,
    fields=(
        Field("Title", required=True, example="pełny tytuł dokumentu"),
        Field(
            "Date",
            "date",
            example="RRRR-MM-DD GG:MM",
            description="tylko dla dokumentu z poprzedniego BIP: kiedy go tam opublikowano",
        ),
        Field("Produced_by", required=True, example="nazwa organu, który wytworzył dokument"),
        Field("Produced_date", "date", required=True, example="RRRR-MM-DD", not_after="Date"),
        Field("Responsible", example="imię i nazwisko, stanowisko"),
        Field(
            "Publish_until",
            "date",
            example="RRRR-MM-DD GG:MM",
            description="do kiedy treść ma być udostępniana; potem zostaje wycofana",
        ),
        Field("Number", example="numer dokumentu"),
        Field("Status", "choice", choices=lambda settings: list(STATUSES), example="obowiązujący"),
        Field(
            "Attachments",
            "files",
            relative_to="document",
            example="nazwa-pliku.pdf",
            description="pliki w folderze dokumentu, po przecinku",
        ),
        Field("Summary", example="jedno zdanie o dokumencie"),
        Field("Slug", example="adres-dokumentu"),
    ),
    collection_rules=(
        check_document_folders,
        unique_numbers_per_category,
        dates_only_for_migrated,
        responsible_person_given,
    ),
)


def duplicate_accounts(path, shown_as, settings) -> list[Problem]:
    """One account, one editor: the ledger's `account` must name one person."""
    data, problems = bip_data(settings)
    if problems:
        return []
    seen, found = {}, []
    for editor in data.get("editors", []):
        for account in editor.get("accounts", []):
            name = str(account).strip()
            if name in seen and seen[name] != editor.get("name"):
                found.append(
                    Problem(
                        shown_as,
                        getattr(editor, "line", 1),
                        f"konto „{name}” przypisano dwóm osobom ({seen[name]} i {editor.get('name')}): każde konto "
                        "serwera należy do jednej osoby.",
                    )
                )
            seen.setdefault(name, editor.get("name"))
    return found


class BipGenerator(Generator):
    """Reads BIP documents and their git history; writes every BIP page."""

    def generate_context(self):
        config = {**bip_data(self.settings)[0], **bip_settings(self.settings)}
        self.config = config
        self.categories = build_tree(config.get("categories", []))
        self.category_paths = by_path(self.categories)
        self.bip_root = os.path.join(self.path, BIP_DIRECTORY)
        self.reader = SnapshotReader(self.settings, self.context, cache_name=type(self).__name__)
        self.pdf_cache = PdfTextCache(os.path.join(self.settings["CACHE_PATH"], "pdf-text"))
        self.blobs = BuildCache(self.settings, f"{type(self).__name__}-Blobs")
        self.blob_folder = os.path.join(self.settings["CACHE_PATH"], "bip-git-files")
        self.current_texts: dict[str, str] = {}
        withdrawals_file = optional_data(self.settings, WITHDRAWALS_FILE, WITHDRAWAL_ENTRIES)[0]
        self.requested_withdrawals = withdrawals_of(withdrawals_file)
        self.reinstatements = withdrawals_of(withdrawals_file, "reinstatements")
        self.history = self.read_history()
        self.ledger = self.read_ledger()
        self.decision_commits: dict[tuple, str] = {}
        self.refuse_undone_decisions(withdrawals_file)
        self.refuse_reassigned_accounts()
        self.requested_withdrawals = [self.stamp_decision(w) for w in self.requested_withdrawals]
        self.reinstatements = [self.stamp_decision(w) for w in self.reinstatements]
        self.history.changes = self.attribute(self.stamp_from_ledger(self.history.changes))
        self.lineages = follow_documents([c for c in self.history.changes if c.path.endswith(".md")])
        self.documents = self.read_current_documents()
        self.removed = self.read_removed_documents()
        self.attach_versions()
        self.refuse_typed_dates_after_ledger()
        if self.history.available:
            self.blobs.save()
        self.reader.save()
        self.find_moves()
        self.withdrawn_passages: list[Withdrawal] = []
        self.withdrawal_entries = self.apply_withdrawals()
        self.warn_of_other_forms()
        self.refuse_personal_identifiers()
        for document in self.documents + self.removed:
            document.comparisons = comparisons(document)
        for category in self.category_paths.values():
            category.documents.sort(key=lambda d: d.date, reverse=True)
        self.register = self.register_entries()
        self.expose_for_links(self.documents)
        self.context.update(
            bip_categories=self.categories,
            # The menu on every BIP page shows only the tree, so those pages do not depend on documents.
            bip_menu=[
                {"title": root.title, "url": root.url, "children": [(c.title, c.url) for c in root.children]}
                for root in self.categories
            ],
            bip_documents=sorted(self.documents, key=lambda d: d.date, reverse=True),
            bip_removed=sorted(self.removed, key=lambda d: d.removal.date, reverse=True),
            bip_register_complete=self.history.complete,
            bip_register_entries=self.register,
            bip_ledger=self.ledger,
            BIP_CONFIG=config,
        )
        self.announce_feeds()

    def announce_feeds(self) -> None:
        """New documents, and every change for journalists and councillors (core.feeds)."""
        town = town_genitive(self.settings)
        new_documents = Feed(
            "bip_documents",
            f"BIP {town}: nowe dokumenty",
            "Nowe dokumenty w Biuletynie Informacji Publicznej.",
            "bip/rss.xml",
            "bip/",
            self.context["bip_documents"],
            partial(document_item, self.settings),
            "nowe uchwały, zarządzenia, przetargi i ogłoszenia w BIP",
            rank=(BIP_DOCUMENTS,),
        )
        announce_feed(self.context, new_documents)
        changes = Feed(
            "bip_register",
            f"BIP {town}: rejestr zmian",
            "Każda zmiana w Biuletynie Informacji Publicznej: dodanie, zmiana, usunięcie.",
            "bip/rejestr-zmian/rss.xml",
            "bip/rejestr-zmian/",
            self.register,
            register_item,
            "każda zmiana w BIP (dla dziennikarzy i radnych)",
            rank=(BIP_REGISTER,),
            date_of=lambda entry: entry["change"].date,
        )
        announce_feed(self.context, changes)

    def expose_for_links(self, documents) -> None:
        """`{filename}bip/…/uchwala.md` in any document links to the document's page, as for news."""
        for document in documents:
            relative = os.path.relpath(document.source_path, self.path).replace(os.sep, "/")
            self.context["generated_content"][relative] = document

    # --- reading ---------------------------------------------------------------

    def read_history(self) -> History:
        history = read_history(self.bip_root, BuildCache(self.settings, f"{type(self).__name__}-History"))
        if not os.path.isdir(self.bip_root) and not history.changes:
            return History(available=False, complete=True)  # a site without a BIP at all
        if not history.available:
            logger.warning(
                "BIP: brak historii git dla %s: rejestr zmian jest niepełny (widać tylko bieżące wersje).",
                self.bip_root,
                extra={"tolerated": True},
            )
        elif not history.complete:
            logger.warning(
                "BIP: płytka kopia repozytorium git: rejestr zmian jest niepełny.",
                extra={"tolerated": True},
            )
        return history

    def read_ledger(self) -> Ledger | None:
        """The server's publication ledger; a build without one is a preview of the record."""
        try:
            return load_ledger(self.settings)
        except LedgerError as error:
            report_problem(self.settings, Problem(ledger_settings(self.settings)["path"], 1, str(error)))
            return None

    def stamp_from_ledger(self, changes: list[Change]) -> list[Change]:
        """Each change's time and account as the server recorded them when it accepted the push.

        A commit the ledger lacks is either older than the ledger (its history is what was published
        then) or one the server never accepted: then the record and the repository disagree, and the
        build stops rather than publish a time nobody recorded.
        """
        if self.ledger is None:
            return changes
        before_ledger = self.commits_before_ledger()
        parents = self.parent_times()
        stamped, refused = [], set()
        for change in changes:
            entry = self.ledger.entry_for(change.commit, change.path)
            if entry is not None and change.commit not in refused:
                misdated = self.misdated_problem(change, entry.moment, parents.get(change.commit))
                if misdated is not None:
                    refused.add(change.commit)
                    report_problem(self.settings, misdated)
            if entry is not None:
                change = dataclasses.replace(change, date=entry.moment, account=entry.account, recorded="ledger")
            elif change.commit in before_ledger:
                change = dataclasses.replace(change, recorded="history")
            elif change.commit not in refused:
                refused.add(change.commit)
                report_problem(self.settings, self.unrecorded_commit_problem(change))
            stamped.append(change)
        return stamped

    def stamp_decision(self, withdrawal: Withdrawal) -> Withdrawal:
        """A withdrawal takes effect when its entry is published: the time and person the server recorded
        for the data file's change (before the ledger, its commit's); the typed date is the decision's."""
        commit = self.decision_commits.get(withdrawal.key)
        if commit is None:
            return withdrawal  # not committed yet: a preview
        committed_at, email = self.decision_commits_info[commit]
        entry = self.ledger.entry_for(commit, self.decision_file) if self.ledger else None
        people = self.config.get("editors", [])
        if entry is not None:
            person = editors_by_account(people).get(entry.account)
            return dataclasses.replace(
                withdrawal,
                published=entry.moment,
                recorded="ledger",
                entered_by=person.label if person else entry.account,
            )
        person = editors_by_email(people).get(email.lower())
        recorded = ""
        if self.ledger is not None:
            if commit not in self.commits_before_ledger():
                report_problem(
                    self.settings,
                    Problem(
                        self.shown(os.path.join(self.data_repository, self.decision_file)),
                        withdrawal.line,
                        f"commit {commit[:10]}, który dodał ten wpis, nie jest zapisany w rejestrze publikacji "
                        "serwera: wycofanie nie ma czasu publikacji. Informatyk sprawdza, skąd ten commit się "
                        "wziął (README, „Publikacja”).",
                    ),
                )
            recorded = "history"
        return dataclasses.replace(
            withdrawal, published=committed_at, recorded=recorded, entered_by=person.label if person else ""
        )

    def refuse_typed_dates_after_ledger(self) -> None:
        """The documents migrated from the previous BIP are those the ledger found when it began: one
        the server first published later cannot claim another BIP's date."""
        for document in self.documents:
            if not document.snapshot.get("date") or not document.first_change:
                continue
            if document.first_change.recorded != "ledger":
                continue
            text = self.current_texts.get(document.source_path, "")
            line = next((n for n, row in enumerate(text.split("\n"), 1) if row.lower().startswith("date:")), 1)
            report_problem(
                self.settings,
                Problem(
                    self.shown(document.source_path),
                    line,
                    f"pole „Date” podaje się tylko dla dokumentów przeniesionych z poprzedniego BIP, a ten dokument "
                    f"serwer urzędu opublikował po raz pierwszy {document.published:%Y-%m-%d %H:%M} (rejestr "
                    "publikacji). Usuń ten wiersz: datę publikacji zapisuje serwer.",
                ),
            )

    @cached_property
    def before_ledger(self) -> frozenset[str]:
        start = self.ledger.start.commit if self.ledger else ""
        if not start or not self.data_repository:
            return frozenset()
        return frozenset(git(self.data_repository, "rev-list", start).decode().split())

    def commits_before_ledger(self) -> frozenset[str]:
        return self.before_ledger

    def parent_times(self) -> dict[str, datetime]:
        """{commit: its latest parent's committer time} for the commits since the ledger began (one git log)."""
        start = self.ledger.start.commit if self.ledger else ""
        if not self.history.available:
            return {}
        log = git(self.history.repository, "log", "--format=%H %ct %P", f"{start}..HEAD" if start else "HEAD")
        times, parents = {}, {}
        for line in log.decode().splitlines():
            commit, when, *parent_commits = line.split()
            times[commit] = datetime.fromtimestamp(int(when), WARSAW)
            parents[commit] = parent_commits
        found = {}
        for commit, parent_commits in parents.items():
            known = [times[parent] for parent in parent_commits if parent in times]
            if known:
                found[commit] = max(known)
        return found

    def misdated_problem(self, change: Change, received: datetime, parent: datetime | None) -> Problem | None:
        """What the server refuses when a commit is pushed (deploy/git/pre-receive), checked again against the
        record: a commit dated after the server received it, or before the change it follows."""
        if change.date > received + CLOCK_TOLERANCE:
            why = f"późniejszą niż chwila, w której serwer go przyjął ({received:%Y-%m-%d %H:%M}, rejestr publikacji)"
        elif parent is not None and change.date < parent - CLOCK_TOLERANCE:
            why = f"wcześniejszą niż zmiana przed nim ({parent:%Y-%m-%d %H:%M})"
        else:
            return None
        return Problem(
            self.shown(self.in_repository(change.path)),
            1,
            f"commit {change.commit[:10]} ma datę {change.date:%Y-%m-%d %H:%M}, {why}: historia i rejestr sobie "
            "przeczą. Informatyk sprawdza repozytorium i rejestr publikacji (README, „Publikacja”).",
        )

    def unrecorded_commit_problem(self, change: Change) -> Problem:
        return Problem(
            self.shown(self.in_repository(change.path)),
            1,
            f"commit {change.commit[:10]} ({change.author}, {change.date:%Y-%m-%d %H:%M}) zmienia ten plik, ale "
            "serwer nie zapisał go w rejestrze publikacji, więc nie przyszedł przez serwer urzędu. BIP nie poda "
            "czasu ani osoby, których serwer nie zapisał. Informatyk sprawdza, skąd ten commit się wziął "
            "(README, „Publikacja”); zmianę wysyła się ponownie przez serwer.",
        )

    def attribute(self, changes: list[Change]) -> list[Change]:
        """Each change with its person and reason; an unknown author or a missing reason stops the build."""
        if not changes:
            return changes
        corrections = optional_data(self.settings, CORRECTIONS_FILE, CORRECTION_ENTRIES)[0]
        attribution = Attribution(
            self.config.get("editors", []),
            corrections.get("corrections", []),
            self.shown(data_file_path(self.settings, DATA_FILE)),
            self.shown(data_file_path(self.settings, CORRECTIONS_FILE)),
            history_complete=self.history.complete,
        )
        attributed = attribution.attribute(changes)
        for problem in attribution.problems:
            report_problem(self.settings, problem)
        return attributed

    def shown(self, path: str) -> str:
        return display_path(self.path, path)

    def category_of(self, path: str):
        return category_for(os.path.relpath(os.path.dirname(path), self.bip_root), self.category_paths)

    def in_repository(self, repo_path: str) -> str:
        return os.path.join(self.history.repository, repo_path)

    def new_document(self, path: str, text: str, lineage=None, snapshot: Snapshot | None = None) -> BipDocument:
        snapshot = snapshot or self.reader.read(text, path)
        category = self.category_of(path)
        document = BipDocument(
            source_path=path,
            repo_path=repo_relative(path, self.history.repository),
            category=category,
            snapshot=snapshot,
            publisher=self.config["publisher"],
            lineage=lineage,
            build_moment=build_now(self.settings),
        )
        document_type = schema_of(self.settings).type_for(os.path.relpath(path, self.path))
        document.legal_status = document_type.legal_status if document_type else True
        if lineage is not None:
            document.first_change, document.last_change = lineage.changes[0], lineage.changes[-1]
            document.removal = lineage.changes[-1] if lineage.removed else None
        document.responsible = snapshot.get("responsible") or (category.responsible if category else "")
        document.url = document_url(
            category.path if category else "usuniete", snapshot, self.settings, document.published
        )
        document.save_as = f"{document.url}index.html"
        return document

    def read_current_documents(self) -> list[BipDocument]:
        living = {lineage.path: lineage for lineage in self.lineages if not lineage.removed}

        def current_document(path: str, text: str, snapshot: Snapshot) -> BipDocument:
            lineage = living.get(repo_relative(path, self.history.repository))
            document = self.new_document(path, text, lineage, snapshot)
            document.attachments = describe(
                os.path.dirname(path), document.snapshot.attachment_names, document.url, self.pdf_cache
            )
            self.current_texts[path] = text
            if document.category is not None:
                document.category.documents.append(document)
            return document

        return read_documents(self.settings, BIP_TYPE.name, self.reader, current_document)

    def read_removed_documents(self) -> list[BipDocument]:
        current = {d.repo_path for d in self.documents}
        lineages = [lineage for lineage in self.lineages if lineage.removed and lineage.path not in current]
        if not lineages:
            return []
        requests = [(f"{lineage.changes[-1].commit}^", lineage.path) for lineage in lineages]
        texts = read_versions(self.history.repository, requests)
        removed = []
        for request, lineage in zip(requests, lineages, strict=True):
            if request in texts:
                absolute = self.in_repository(lineage.path)
                document = self.new_document(absolute, texts[request], lineage)
                prefix = f"usunięty dokument (ostatnia wersja przed commitem {lineage.changes[-1].commit[:10]}): "
                if not self.withdrawn_whole(document, len(self.versioned_changes(document))):
                    self.report_history_problems(texts[request], absolute, document.snapshot, prefix)
                removed.append(document)
        return removed

    def withdrawn_whole(self, document, number: int) -> bool:
        """Whether a withdrawal takes out the whole text of version `number`: then nothing of it is published,
        so it need not pass the gate (the remedy the message of a refused version names)."""
        lineage_paths = document.lineage.paths if document.lineage else []
        paths = {path.removeprefix(self.content_prefix) for path in lineage_paths}
        return any(
            withdrawal.document in paths and not withdrawal.passage and withdrawal.version in (None, number)
            for withdrawal in self.requested_withdrawals
        )

    def report_history_problems(self, text: str, path: str, snapshot, prefix: str) -> None:
        """History cannot be edited: a version that fails the gate stops the build, named."""
        for problem in self.reader.problems(text, path, self.shown(path), snapshot, prefix):
            report_problem(self.settings, Problem(problem.path, problem.line, problem.message + HISTORY_HINT))

    def versioned_changes(self, document) -> list[Change]:
        """The changes that made a version: the addition and each change of the text (a bare move makes none)."""
        changes = document.lineage.changes if document.lineage else []
        return [
            change for index, change in enumerate(changes) if change.kind != "D" and (index == 0 or change.changes_text)
        ]

    def attach_versions(self) -> None:
        everything = self.documents + self.removed
        if not self.history.available:
            for document in everything:
                document.pending = True
            return
        requests = [
            (change.commit, change.path) for document in everything for change in self.versioned_changes(document)
        ]
        texts = read_versions(self.history.repository, requests)
        sources = {(c, p): self.in_repository(p) for c, p in requests}
        self.reader.read_ahead([(text, sources[key]) for key, text in texts.items()])
        for document in everything:
            for change in self.versioned_changes(document):
                text = texts.get((change.commit, change.path))
                if text is None:
                    continue
                number = len(document.versions) + 1
                version = Version(number, change, self.reader.read(text, document.source_path))
                prefix = f"wersja {number} z historii zmian (commit {change.commit[:10]}): "
                if not self.withdrawn_whole(document, number):
                    self.report_history_problems(text, document.source_path, version.snapshot, prefix)
                version.url = f"{document.url}wersja-{number}/"
                version.save_as = f"{version.url}index.html"
                version.text_key = text_key(text)
                document.versions.append(version)
            self.check_committed(document)
        self.attach_version_files(everything)

    def check_committed(self, document) -> None:
        """The page of a file changed since its last commit shows a preview, which a publishing build refuses."""
        if document.is_removed:
            return
        current = self.current_texts.get(document.source_path)
        last = document.versions[-1] if document.versions else None
        document.pending = last is None or text_key(current) != last.text_key
        if document.pending and self.config["require_committed"]:
            report_problem(
                self.settings,
                Problem(
                    self.shown(document.source_path),
                    1,
                    "ten plik ma zmiany, których nie zatwierdzono (commit): BIP publikuje tylko treść zapisaną "
                    "w historii, z datą, osobą i powodem. Zatwierdź zmianę (git commit z powodem) i zbuduj "
                    "serwis ponownie.",
                ),
            )

    def attach_version_files(self, documents) -> None:
        """Each version's attachments as they were in git at that version, under the version's address."""
        named = [(version, self.version_attachment_keys(d, version)) for d in documents for version in d.versions]
        files = self.git_files(list(dict.fromkeys(key for _, keys in named for key in keys.values())))
        for version, keys in named:
            found = [(name, files[key]) for name, key in keys.items() if key in files]
            version.attachments = describe_files(found, version.url, self.pdf_cache)
            version.files = found
        for document in documents:
            if document.is_removed and document.versions:
                document.attachments = describe_files(document.versions[-1].files, document.url, self.pdf_cache)

    def version_attachment_keys(self, document, version) -> dict[str, tuple[str, str]]:
        """(commit, path) of each attachment a version names; one outside content/ is a problem, never read."""
        folder = posixpath.dirname(version.change.path)
        keys = {}
        for name in version.snapshot.attachment_names:
            path = posixpath.normpath(posixpath.join(folder, name))
            if path.startswith(self.content_prefix) and ".." not in path.split("/"):
                keys[name] = (version.change.commit, path)
            elif not self.withdrawn_whole(document, version.number):
                report_problem(
                    self.settings,
                    Problem(
                        self.shown(document.source_path),
                        1,
                        f"wersja {version.number} z historii zmian (commit {version.change.commit[:10]}): "
                        f"załącznik „{name}” leży poza folderem content/ i nie zostanie opublikowany." + HISTORY_HINT,
                    ),
                )
        return keys

    def git_files(self, requests: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """Files at commits, kept by content hash in the cache folder: {(commit, path): file}."""
        found, unread = {}, []
        for request in requests:
            digest = self.blobs.get(request)
            path = os.path.join(self.blob_folder, digest) if digest else None
            if path and os.path.isfile(path):
                found[request] = path
                self.blobs.keep(request, digest)
            else:
                unread.append(request)
        for request, data in read_blobs(self.history.repository, unread).items():
            found[request] = keep_bytes(self.blob_folder, data)
            self.blobs.keep(request, os.path.basename(found[request]))
        return found

    def find_moves(self) -> None:
        """Each former address of a moved document gets pages that say where it went."""
        taken = {d.url for d in self.documents + self.removed}
        for document in self.documents + self.removed:
            changes = document.lineage.changes if document.lineage else []
            for index, change in enumerate(changes):
                if change.kind != "R":
                    continue
                before = [v for v in document.versions if changes.index(v.change) < index]
                if not before:
                    continue
                old_path = self.in_repository(change.old_path)
                category = self.category_of(old_path)
                url = document_url(
                    category.path if category else "usuniete", before[-1].snapshot, self.settings, document.published
                )
                if url in taken:
                    continue
                taken.add(url)
                moved = Moved(url, f"{url}index.html", change)
                moved.versions = [(f"{url}historia/", document.history_url)]
                moved.versions += [(f"{url}wersja-{v.number}/", v.url) for v in before]
                document.moved_from.append(moved)

    # --- withdrawal ------------------------------------------------------------

    def apply_withdrawals(self) -> list[dict]:
        """Withdrawals from the data file and from `Publish_until`; returns their register entries."""
        shown = self.shown(data_file_path(self.settings, WITHDRAWALS_FILE))
        by_path = {}
        for document in self.documents + self.removed:
            paths = document.lineage.paths if document.lineage else [document.repo_path]
            for path in [*paths, os.path.relpath(document.source_path, self.path)]:
                if path:
                    by_path[path.removeprefix(self.content_prefix)] = document
        entries = []
        reinstated = [w for w in self.requested_withdrawals if any(same_scope(w, r) for r in self.reinstatements)]
        for reinstatement in self.reinstatements:
            document = by_path.get(reinstatement.document)
            if document is None or not any(same_scope(w, reinstatement) for w in self.requested_withdrawals):
                report_problem(
                    self.settings,
                    Problem(
                        shown,
                        reinstatement.line,
                        f"„document: {reinstatement.document}”: przywrócić można tylko to, co wycofano: wpisz "
                        "dokument, wersję i fragment dokładnie jak we wpisie w „withdrawals”.",
                    ),
                )
                continue
            entries.append(self.withdrawal_entry(document, reinstatement, kind="P"))
            # The withdrawal stays in the register: it was in force until the reinstatement.
            entries += [self.withdrawal_entry(document, w) for w in reinstated if same_scope(w, reinstatement)]
        for withdrawal in [w for w in self.requested_withdrawals if w not in reinstated] + self.expired_documents():
            document = by_path.get(withdrawal.document)
            if document is None:
                report_problem(
                    self.settings,
                    Problem(
                        shown,
                        withdrawal.line,
                        f"„document: {withdrawal.document}”: nie ma takiego dokumentu BIP. Podaj ścieżkę pliku bez "
                        "„content/”, np. „bip/nabor-na-stanowiska-urzednicze/2025/wyniki.md”.",
                    ),
                )
                continue
            problem = self.withdraw(document, withdrawal)
            if problem:
                report_problem(self.settings, Problem(shown, withdrawal.line, problem))
                continue
            entries.append(self.withdrawal_entry(document, withdrawal))
            output_withdraws(self.settings, entries[-1]["change"].commit)
        return entries

    @cached_property
    def content_prefix(self) -> str:
        """content/ as the repository names it ("content/"), for paths from git."""
        if not self.history.repository:
            return ""
        return os.path.relpath(self.path, self.history.repository).replace(os.sep, "/") + "/"

    def committed_versions(self, path: str) -> list[tuple[str, datetime, str, object]]:
        """Every committed version of a data file, newest first: (commit, committed at, author's address,
        the parsed YAML); versions that did not exist or could not be read are left out. One git log and
        one cat-file process, however many versions there are."""
        repository = self.data_repository
        if repository is None:
            return []
        in_repository = os.path.relpath(path, repository).replace(os.sep, "/")
        try:
            log = git(repository, "log", "--format=%H %cI %ae", "HEAD", "--", in_repository).decode()
        except subprocess.CalledProcessError:
            return []  # no commit yet
        rows = [line.split(" ", 2) for line in log.splitlines()]
        texts = read_blobs(repository, [(commit, in_repository) for commit, _, _ in rows])
        versions = []
        for commit, when, email in rows:
            try:
                data = yaml_reader().load(texts[(commit, in_repository)].decode("utf-8", "replace"))
            except (KeyError, ValueError, MarkedYAMLError):
                continue  # the file did not exist then, or could not be read (that version was refused)
            versions.append((commit, datetime.fromisoformat(when).astimezone(WARSAW), email, data))
        return versions

    def refuse_undone_decisions(self, current: dict) -> None:
        """Every withdrawal (and reinstatement) once committed is still in the data file, unchanged."""
        path = data_file_path(self.settings, WITHDRAWALS_FILE)
        versions = self.committed_versions(path)
        if self.data_repository:
            self.decision_file = self.in_data_file(path)
        self.decision_commits_info = {commit: (when, email) for commit, when, email, _ in versions}
        kept = decision_keys(current)
        for commit, _, _, data in versions:
            earlier = decision_keys(data)
            for key in earlier:
                self.decision_commits[key] = commit  # newest first: the oldest commit holding it wins
            for key, label in earlier.items():
                if key not in kept:
                    kept[key] = label  # one message per decision, however many commits held it
                    report_problem(
                        self.settings,
                        Problem(
                            self.shown(path),
                            1,
                            f"{label} (zapisane w commicie {commit[:7]}) usunięto z pliku albo zmieniono. "
                            "Opublikowanych wycofań się nie usuwa ani nie zmienia: przywróć ten wpis. Jeśli treść ma "
                            "wrócić na stronę, dopisz osobny wpis w „reinstatements” z podstawą, datą i decyzją.",
                        ),
                    )

    def refuse_reassigned_accounts(self) -> None:
        """An account names one person for good: the ledger's past entries rely on it. Once committed, it is
        never given to someone else, and nobody names the person of their own account (the server knows
        who pushed the commit that did)."""
        path = data_file_path(self.settings, DATA_FILE)
        shown = self.shown(path)
        owners: dict[str, tuple[str, str]] = {}  # account -> (person, the oldest commit naming them)
        for commit, _, _, data in reversed(self.committed_versions(path)):
            for account, person in people_by_account(data).items():
                owners.setdefault(account, (person, commit))
        for account, person in people_by_account(self.config).items():
            first_person, commit = owners.get(account, (person, ""))
            if first_person != person:
                report_problem(
                    self.settings,
                    Problem(
                        shown,
                        1,
                        f"konto „{account}” należy w {shown} do osoby {first_person} (od commitu {commit[:7]}), "
                        f"a teraz przypisano je osobie {person}. Rejestr publikacji zapisał zmiany tego konta jako "
                        f"zmiany {first_person}, więc konta nie przypisuje się innej osobie: nowa osoba dostaje nowe "
                        "konto.",
                    ),
                )
            entry = self.ledger.entry_for(commit, self.in_data_file(path)) if self.ledger and commit else None
            if entry is not None and entry.account == account:
                report_problem(
                    self.settings,
                    Problem(
                        shown,
                        1,
                        f"konto „{account}” przypisało osobę samemu sobie (commit {commit[:7]}, wysłany z tego konta). "
                        "Konto redaktora dopisuje do bip.yaml redaktor BIP albo informatyk z innego konta.",
                    ),
                )

    @cached_property
    def data_repository(self) -> str | None:
        """The repository of content/ (the BIP's history may be unavailable while the data files' is not)."""
        return self.history.repository or find_repository(self.path)

    def in_data_file(self, path: str) -> str:
        return os.path.relpath(path, self.data_repository).replace(os.sep, "/")

    def refuse_personal_identifiers(self) -> None:
        """A PESEL, ID card or private account in anything a document's pages publish: every version (a
        removed document's too) and the text of their attachments; withdrawn passages are gone by now."""
        own = office_numbers(self.settings.get("OFFICE") or {})
        for document in self.documents + self.removed:
            source = self.current_texts.get(document.source_path, "")
            reported = set()  # one message per number and document, however many versions hold it
            for holder, where in [(document, ""), *((v, f" (w wersji {v.number})") for v in document.versions)]:
                if holder.withdrawal is not None:
                    continue  # its whole text is withdrawn: the notice stands in its place
                # rendered_html: links are resolved only when pages are written (static files are not known yet)
                texts = [(published_text(holder.snapshot.fields, holder.snapshot.rendered_html), where)]
                texts += [("\n".join(a.pages), f"{where} (w załączniku {a.name})") for a in holder.attachments]
                for text, place in texts:
                    for line, digits, message in identifier_problems(text, source, own, place):
                        if digits not in reported:
                            reported.add(digits)
                            report_problem(self.settings, Problem(self.shown(document.source_path), line, message))

    def expired_documents(self) -> list[Withdrawal]:
        """Documents whose `Publish_until` has come; a later one makes the published site expire then."""
        now = build_now(self.settings)
        expired = []
        for document in self.documents + self.removed:
            until = self.expiry_of(document, now)
            if until is None:
                continue
            if until > now:
                output_changes_at(self.settings, until)
                continue
            relative = os.path.relpath(document.source_path, self.path).replace(os.sep, "/")
            decided = document.responsible or document.publisher
            expired.append(Withdrawal(relative, EXPIRY_BASIS, until, decided, published=until, recorded="expiry"))
        return expired

    def expiry_of(self, document, now: datetime) -> datetime | None:
        """When the content stops being published: the `Publish_until` of the first version that was
        still the current one when its moment came. A later version without it (or with a later one)
        does not bring expired content back; before that moment, changing it is an ordinary change."""
        published = [(version.snapshot, version.change.date) for version in document.versions]
        if document.pending or not published:
            published.append((document.snapshot, now))
        for index, (snapshot, _) in enumerate(published):
            until = local_datetime(snapshot.get("publish_until"))
            replaced = published[index + 1][1] if index + 1 < len(published) else None
            if until is not None and (replaced is None or until <= replaced):
                return until
        return None

    def withdraw(self, document, withdrawal: Withdrawal) -> str | None:
        """Put the notice in place of what is withdrawn; a problem (in Polish) when nothing matches."""
        if withdrawal.passage:
            return self.withdraw_passage(document, withdrawal)
        targets = list(document.versions)
        if withdrawal.version is not None:
            targets = [v for v in document.versions if v.number == withdrawal.version]
            if not targets:
                return (
                    f"„version: {withdrawal.version}”: dokument „{document.title}” ma "
                    f"{document.version_count} wersji. Podaj numer wersji z jego historii zmian."
                )
        for version in targets:
            version.snapshot = self.notice_snapshot(version.snapshot, withdrawal, document.source_path)
            version.withdrawn_attachments, version.attachments = len(version.attachments), []
            version.withdrawal = withdrawal
        if withdrawal.version is None or (
            document.versions and targets[-1] is document.versions[-1] and not document.pending
        ):
            document.snapshot = self.notice_snapshot(document.snapshot, withdrawal, document.source_path)
            document.withdrawn_attachments, document.attachments = len(document.attachments), []
            document.withdrawal = withdrawal
        return None

    def withdraw_passage(self, document, withdrawal: Withdrawal) -> str | None:
        pattern = withdrawal.pattern()
        found = False
        for holder in [*document.versions, document]:
            redacted = self.redacted_snapshot(holder.snapshot, withdrawal, document.source_path)
            found |= redacted is not holder.snapshot
            holder.snapshot = redacted
            kept = [a for a in holder.attachments if not file_contains(a.source, a.pages, pattern)]
            found |= len(kept) < len(holder.attachments)
            holder.withdrawn_attachments += len(holder.attachments) - len(kept)
            holder.attachments = kept
            if pattern.search(" ".join(a.name for a in kept)):
                return "wycofywany fragment jest w nazwie załącznika: wycofaj cały dokument albo jego wersję."
        found |= self.redact_reasons(pattern)
        self.withdrawn_passages.append(withdrawal)
        if not found:
            return (
                f"„passage: {withdrawal.passage}”: tego fragmentu nie ma w żadnej wersji dokumentu „{document.title}”. "
                "Skopiuj fragment dokładnie z opublikowanej strony."
            )
        slug = self.slug_of(withdrawal.passage)
        if slug in document.url:
            self.readdress(document)
        # A former address naming the passage is not published either.
        document.moved_from = [moved for moved in document.moved_from if slug not in moved.url]
        return None

    def warn_of_other_forms(self) -> None:
        """A name withdrawn in one form may be published in another ("Jana Kowalskiego"): the build says
        where, so that the office adds that form to a new withdrawal (`forms`)."""
        texts = []
        for document in self.documents + self.removed:
            for holder in [document, *document.versions]:
                texts.append(
                    (
                        self.shown(document.source_path),
                        published_text(holder.snapshot.fields, holder.snapshot.rendered_html),
                    )
                )
        texts += [
            (self.shown(self.in_repository(c.path)), c.message) for c in self.history.changes if self.history.repository
        ]
        for withdrawal in self.withdrawn_passages:
            exact = withdrawal.pattern()
            for stem in withdrawal.stems():
                seen = set()
                for where, text in texts:
                    for match in stem.finditer(exact.sub(" ", text)):
                        if (where, match.group(0).lower()) in seen:
                            continue
                        seen.add((where, match.group(0).lower()))
                        logger.warning(
                            "%s: „%s” może być inną formą wycofanego fragmentu „%s” (%s). Jeśli to ta sama osoba "
                            "lub informacja, dopisz nowe wycofanie tego dokumentu z tą formą w „forms”.",
                            where,
                            match.group(0),
                            withdrawal.passage,
                            self.shown(data_file_path(self.settings, WITHDRAWALS_FILE)),
                            extra={"tolerated": True},
                        )

    def redact_reasons(self, pattern) -> bool:
        """The passage out of every reason in the register, whichever file of whichever commit carried it
        (an attachment committed with a document shares the commit's reason)."""
        redacted = {
            id(change): replace_message(change, redact_text(change.message, pattern))
            for change in self.history.changes
            if pattern.search(change.message)
        }
        if not redacted:
            return False

        def swap(change):
            return redacted.get(id(change), change)

        self.history.changes = [swap(change) for change in self.history.changes]
        for lineage in self.lineages:
            lineage.changes[:] = [swap(change) for change in lineage.changes]
        for document in self.documents + self.removed:
            document.first_change, document.last_change = swap(document.first_change), swap(document.last_change)
            document.removal = swap(document.removal)
            for version in document.versions:
                version.change = swap(version.change)
            for moved in document.moved_from:
                moved.change = swap(moved.change)
        return True

    def file_label(self, path: str) -> str:
        """A file's name as the register shows it: not at all when it names a withdrawn passage."""
        name = os.path.basename(path)
        for withdrawal in self.withdrawn_passages:
            if withdrawal.pattern().search(name) or self.slug_of(withdrawal.passage) in name.lower():
                return "plik (nazwę wycofano)"
        return name

    def slug_of(self, text: str) -> str:
        return slugify(text, regex_subs=self.settings["SLUG_REGEX_SUBSTITUTIONS"])

    def readdress(self, document) -> None:
        """A withdrawn passage in the document's address: the address changes, the old one is not published."""
        old = document.url
        snapshot = document.snapshot
        fields = {**snapshot.fields, "slug": self.slug_of(snapshot.get("slug") or snapshot.title)}
        category = document.category.path if document.category else "usuniete"
        new = document_url(category, Snapshot(fields, snapshot.rendered_html), self.settings, document.published)
        document.url, document.save_as = new, f"{new}index.html"
        for holder in [document, *document.versions]:
            if holder is not document:
                holder.url = holder.url.replace(old, new, 1)
                holder.save_as = f"{holder.url}index.html"
            for attachment in holder.attachments:
                for name in ("url", "save_as", "text_url", "text_save_as"):
                    value = getattr(attachment, name)
                    if value:
                        setattr(attachment, name, value.replace(old, new, 1))
        for moved in document.moved_from:
            moved.versions = [(former, target.replace(old, new, 1)) for former, target in moved.versions]

    def notice_snapshot(self, snapshot: Snapshot, withdrawal: Withdrawal, path: str) -> Snapshot:
        fields = {name: value for name, value in snapshot.fields.items() if name not in ("summary", "attachments")}
        return self.new_snapshot(fields, withdrawal.notice_html, path)

    def redacted_snapshot(self, snapshot: Snapshot, withdrawal: Withdrawal, path: str) -> Snapshot:
        """The snapshot with the passage cut out of its fields and body (the body whole, if it spans markup)."""
        pattern = withdrawal.pattern()
        fields = {name: redact_text(value, pattern) for name, value in snapshot.fields.items()}
        body = redact_html(snapshot.rendered_html, pattern)
        if body is None:
            body = withdrawal.notice_html
        elif body != snapshot.rendered_html:
            body = withdrawal.notice_html + body
        if fields == snapshot.fields and body == snapshot.rendered_html:
            return snapshot
        return self.new_snapshot(fields, body, path)

    def new_snapshot(self, fields: dict, html: str, path: str) -> Snapshot:
        return Snapshot(fields, html, linked_body(html, path, self.settings, self.context))

    def withdrawal_entry(self, document, withdrawal: Withdrawal, kind: str = "W") -> dict:
        """The register's entry of a withdrawal (W) or of a reinstatement (P)."""
        scope = f" (wersja {withdrawal.version})" if withdrawal.version else ""
        # Stable across edits of the data file (a feed GUID), and saying nothing of what was withdrawn.
        parts = [document.identity, f"{withdrawal.date:%Y%m%d}", str(withdrawal.version or "")]
        scope_key = "|".join([*parts, "fragment" if withdrawal.passage else "całość"])
        prefix = "wycofanie" if kind == "W" else "przywrocenie"
        change = Change(
            commit=f"{prefix}-{hashlib.sha256(scope_key.encode()).hexdigest()[:16]}",
            author="",
            date=withdrawal.moment,
            message=f"Podstawa: {withdrawal.basis}{scope}",
            kind=kind,
            path=document.repo_path or "",
            person=f"{withdrawal.entered_by} (decyzja: {withdrawal.decided_by})"
            if withdrawal.entered_by
            else f"decyzja: {withdrawal.decided_by}",
            recorded=withdrawal.recorded,
        )
        return {"change": change, "document": document, "label": document.title}

    def register_entries(self) -> list[dict]:
        """Every change under content/bip/ and every withdrawal, newest first, with the document it concerns."""
        by_change = {}
        for document in self.documents + self.removed:
            for change in document.lineage.changes if document.lineage else []:
                by_change[(change.commit, change.path)] = document
        entries = []
        for change in reversed(self.history.changes):  # newest first; the sort below keeps ties so
            document = by_change.get((change.commit, change.path))
            label = document.title if document else self.file_label(change.path)
            entries.append({"change": change, "document": document, "label": label})
        entries += self.withdrawal_entries
        entries.sort(key=lambda entry: entry["change"].date, reverse=True)
        return entries

    def planned_outputs(self) -> list[tuple[str, object]]:
        """Every file this generator will write, with the document it comes from."""
        outputs = [("bip/index.html", None), ("bip/rejestr-zmian/index.html", None)]
        outputs += [(f"bip/{slug}/index.html", None) for slug in FIXED_PAGES.values()]
        outputs.append(("bip/rejestr-usunietych-informacji/index.html", None))
        outputs += [(category.save_as, None) for category in self.category_paths.values()]
        for document in self.documents + self.removed:
            outputs.append((document.save_as, document))
            outputs.append((f"{document.history_url}index.html", document))
            outputs += [(version.save_as, document) for version in document.versions]
            outputs += [(comparison.save_as, document) for comparison in document.comparisons]
            outputs += [(f"{old}index.html", document) for moved in document.moved_from for old in moved_pages(moved)]
            for attachment in all_attachments(document):
                outputs.append((attachment.save_as, document))
                if attachment.text_save_as:
                    outputs.append((attachment.text_save_as, document))
        return outputs

    # --- writing ---------------------------------------------------------------

    def write(self, writer, save_as, template, url, **variables):
        writer.write_file(save_as, self.get_template(template), self.context, url=url, **variables)

    def generate_output(self, writer):
        self.write(writer, "bip/index.html", "bip_index", "bip/")
        for category in self.category_paths.values():
            self.write(writer, category.save_as, "bip_category", category.url, bip_category=category)
        for document in self.documents + self.removed:
            self.write_document(writer, document)
        writer.write_file(
            "bip/rejestr-zmian/index.html",
            self.get_template("bip_register"),
            self.context,
            url="bip/rejestr-zmian/",
            paginated={"entries": self.register},
            template_name="bip_register",
            page_name="bip/rejestr-zmian/index",
            entries=self.register,
        )
        self.write(
            writer, "bip/rejestr-usunietych-informacji/index.html", "bip_removed", "bip/rejestr-usunietych-informacji/"
        )
        for template, slug in FIXED_PAGES.items():
            self.write(writer, f"bip/{slug}/index.html", template, f"bip/{slug}/")

    def write_document(self, writer, document: BipDocument) -> None:
        self.write(writer, document.save_as, "bip_document", document.url, document=document)
        self.write(writer, f"{document.history_url}index.html", "bip_history", document.history_url, document=document)
        for version in document.versions:
            self.write(writer, version.save_as, "bip_version", version.url, document=document, version=version)
        for comparison in document.comparisons:
            self.write(
                writer, comparison.save_as, "bip_compare", comparison.url, document=document, comparison=comparison
            )
        for moved in document.moved_from:
            for old, target in moved_pages(moved).items():
                self.write(writer, f"{old}index.html", "bip_moved", old, document=document, moved=moved, target=target)
        for holder in [document, *document.versions]:
            for attachment in holder.attachments:
                copy_into_output(self.output_path, attachment.source, attachment.save_as)
                if attachment.text_save_as:
                    self.write(
                        writer,
                        attachment.text_save_as,
                        "bip_attachment_text",
                        attachment.text_url,
                        document=document,
                        attachment=attachment,
                        # An earlier version's copy would compete in search with the current one.
                        searchable=holder is document,
                    )


def moved_pages(moved: Moved) -> dict[str, str]:
    """Each page at a former address, with the address it points to now."""
    return {moved.url: "", **dict(moved.versions)}


def all_attachments(document) -> list:
    return [attachment for holder in [document, *document.versions] for attachment in holder.attachments]


def replace_message(change: Change, message: str) -> Change:
    return dataclasses.replace(change, message=message)


def install(pelican) -> None:
    settings = pelican.settings
    per_page = bip_settings(settings)["register_per_page"]
    settings["PAGINATED_TEMPLATES"] = {**settings["PAGINATED_TEMPLATES"], "bip_register": per_page}


def document_item(settings: dict, document, guid) -> FeedItem:
    # The path it was first published at: a move must not make a new item for subscribers.
    return FeedItem(
        guid=guid(document.date, document.identity),
        title=document.title,
        link=document.url,
        date=document.date,
        summary=document.summary,
        content=document.content,
        categories=[document.category.lineage[0].title] if document.category else [],
        source=display_path(settings["PATH"], document.source_path),
    )


def register_item(entry, guid) -> FeedItem:
    change = entry["change"]
    link = entry["document"].history_url if entry["document"] else "bip/rejestr-zmian/"
    return FeedItem(
        guid=guid(change.date, f"{change.commit}/{change.path}"),
        title=f"{change.kind_label}: {entry['label']}",
        link=link,
        date=change.date,
        summary=f"{change.who}: {change.reason}",
    )


def get_generators(pelican):
    return BipGenerator


DOCUMENT_TYPES = (BIP_TYPE,)

DATA_FILES = (
    DataFile("bip", f"dane/{DATA_FILE}", check_data_file, required=True),
    DataFile("bip-corrections", f"dane/{CORRECTIONS_FILE}", check_corrections_file),
    DataFile("bip-withdrawals", f"dane/{WITHDRAWALS_FILE}", check_withdrawals_file),
)

# Runs after (plugins.core.order): BIP documents are validated before they are read.
NEEDS = ("validation",)


def register():
    signals.initialized.connect(install)
    signals.get_generators.connect(get_generators)
