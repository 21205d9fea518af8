"""BIP, Biuletyn Informacji Publicznej: documents, metryczka, register of changes.

Documents live in content/bip/<category path>/**.md. The register of changes
is the git history of content/bip/ (see history.py): every version stays
published, and a removed document stays at its address, marked as removed.
Data: content/dane/bip.yaml (publisher, editors, the category tree with permanent slugs).
Settings: BIP = {"register_per_page"}.
"""

import logging
import os

from pelican import signals
from pelican.generators import Generator

from plugins.core import (
    DocumentType,
    Field,
    PdfTextCache,
    Problem,
    SnapshotReader,
    copy_into_output,
    describe,
    display_path,
    documents_of_type,
    failure_problem,
    plugin_settings,
    read_text,
    register_data_file,
    register_document_type,
    report_problem,
)
from plugins.core.cache import BuildCache
from plugins.core.datafiles import Entry, load_data

from .categories import build_tree, by_path, category_for
from .documents import (
    STATUSES,
    BipDocument,
    Version,
    document_url,
    repo_relative,
)
from .history import History, read_history, read_versions

logger = logging.getLogger(__name__)

DEFAULTS = {
    "register_per_page": 20,
}
DATA_FILE = "bip.yaml"
CATEGORY = (Entry("title", example="nazwa kategorii"), Entry("slug", "slug", example="nazwa-kategorii"))
DATA_ENTRIES = (
    Entry("publisher", example="pełna nazwa podmiotu udostępniającego informację"),
    Entry(
        "editors",
        "list",
        entries=(
            Entry("name", example="imię i nazwisko"),
            Entry("role", example="stanowisko"),
            Entry("phone", "phone", example="+48 41 000 00 00"),
            Entry("email", "email", example="nazwa@domena.pl"),
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
    return bip_data(settings)[1]


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
        Field("Date", "date", required=True, example="RRRR-MM-DD GG:MM"),
        Field("Produced_by", required=True, example="nazwa organu, który wytworzył dokument"),
        Field("Produced_date", "date", required=True, example="RRRR-MM-DD", not_after="Date"),
        Field("Responsible", example="imię i nazwisko, stanowisko"),
        Field("Published_by", example="imię i nazwisko"),
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
    collection_rules=(check_document_folders, unique_numbers_per_category),
)


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
        self.history = self.read_history()
        self.documents = self.read_current_documents()
        self.removed = self.read_removed_documents()
        self.attach_versions()
        self.reader.save()
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
            BIP_CONFIG=config,
        )

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

    def document_files(self) -> list[str]:
        return documents_of_type(BIP_TYPE.name)

    def shown(self, path: str) -> str:
        return display_path(self.path, path)

    def category_of(self, path: str):
        return category_for(os.path.relpath(os.path.dirname(path), self.bip_root), self.category_paths)

    def new_document(self, path: str, text: str, removal=None) -> BipDocument:
        snapshot = self.reader.read(text, path)
        category = self.category_of(path)
        category_path = category.path if category else "usuniete"
        document = BipDocument(
            source_path=path,
            repo_path=repo_relative(path, self.history.repository),
            category=category,
            snapshot=snapshot,
            publisher=self.config["publisher"],
            removal=removal,
        )
        document.url = document_url(category_path, snapshot, self.settings)
        document.save_as = f"{document.url}index.html"
        return document

    def read_current_documents(self) -> list[BipDocument]:
        documents = []
        texts = {}
        for path in self.document_files():
            try:
                texts[path] = read_text(path)
            except Exception as error:
                report_problem(failure_problem(self.shown(path), error, "odczytać"))
        self.reader.read_ahead([(text, path) for path, text in texts.items()])
        for path, text in texts.items():
            try:
                document = self.new_document(path, text)
                gate = self.reader.problems(text, path, self.shown(path), document.snapshot)
                document.attachments = describe(
                    os.path.dirname(path), document.snapshot.attachment_names, document.url, self.pdf_cache
                )
            except Exception as error:
                report_problem(failure_problem(self.shown(path), error, "przetworzyć"))
                continue
            if gate:
                for problem in gate:
                    report_problem(problem)
                continue
            if document.category is not None:
                document.category.documents.append(document)
            documents.append(document)
        return documents

    def removed_paths(self) -> list[str]:
        current = {d.repo_path for d in self.documents}
        return [
            path
            for path, changes in self.history.by_path.items()
            if path.endswith(".md") and changes[-1].kind == "D" and path not in current
        ]

    def read_removed_documents(self) -> list[BipDocument]:
        paths = self.removed_paths()
        if not paths:
            return []
        requests = [(f"{self.history.by_path[p][-1].commit}^", p) for p in paths]
        texts = read_versions(self.history.repository, requests)
        removed = []
        for request, path in zip(requests, paths, strict=True):
            if request in texts:
                absolute = os.path.join(self.history.repository, path)
                removal = self.history.by_path[path][-1]
                document = self.new_document(absolute, texts[request], removal=removal)
                prefix = f"usunięty dokument (ostatnia wersja przed commitem {removal.commit[:10]}): "
                self.report_history_problems(texts[request], absolute, document.snapshot, prefix)
                removed.append(document)
        return removed

    def report_history_problems(self, text: str, path: str, snapshot, prefix: str) -> None:
        """History cannot be edited: a version that fails the gate stops the build, named."""
        for problem in self.reader.problems(text, path, self.shown(path), snapshot, prefix):
            report_problem(Problem(problem.path, problem.line, problem.message + HISTORY_HINT))

    def attach_versions(self) -> None:
        everything = self.documents + self.removed
        if not self.history.available:
            return
        requests = [
            (change.commit, document.repo_path)
            for document in everything
            for change in self.history.by_path.get(document.repo_path, [])
            if change.kind != "D"
        ]
        texts = read_versions(self.history.repository, requests)
        sources = {document.repo_path: document.source_path for document in everything}
        self.reader.read_ahead([(text, sources[path]) for (_, path), text in texts.items()])
        for document in everything:
            changes = self.history.by_path.get(document.repo_path, [])
            kept = [c for c in changes if c.kind != "D"]
            document.first_change = next((c for c in changes if c.kind == "A"), kept[0] if kept else None)
            document.last_change = changes[-1] if changes else None
            for number, change in enumerate(kept, start=1):
                text = texts.get((change.commit, document.repo_path))
                if text is None:
                    continue
                version = Version(number, change, self.reader.read(text, document.source_path))
                prefix = f"wersja {number} z historii zmian (commit {change.commit[:10]}): "
                self.report_history_problems(text, document.source_path, version.snapshot, prefix)
                version.url = f"{document.url}wersja-{number}/"
                version.save_as = f"{version.url}index.html"
                document.versions.append(version)

    def register_entries(self) -> list[dict]:
        """Every change under content/bip/, newest first, with the document it concerns."""
        by_repo_path = {d.repo_path: d for d in self.documents + self.removed}
        entries = []
        for change in reversed(self.history.changes):
            document = by_repo_path.get(change.path)
            entries.append(
                {
                    "change": change,
                    "document": document,
                    "label": document.title if document else os.path.basename(change.path),
                }
            )
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
            for attachment in document.attachments:
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
        for attachment in document.attachments:
            copy_into_output(self.output_path, attachment.source, attachment.save_as)
            if attachment.text_save_as:
                self.write(
                    writer,
                    attachment.text_save_as,
                    "bip_attachment_text",
                    attachment.text_url,
                    document=document,
                    attachment=attachment,
                )


def install(pelican) -> None:
    settings = pelican.settings
    per_page = bip_settings(settings)["register_per_page"]
    settings["PAGINATED_TEMPLATES"] = {**settings["PAGINATED_TEMPLATES"], "bip_register": per_page}


def get_generators(pelican):
    return BipGenerator


def register():
    register_document_type(BIP_TYPE)
    register_data_file("bip", f"dane/{DATA_FILE}", check_data_file, required=True)
    signals.initialized.connect(install)
    signals.get_generators.connect(get_generators)
