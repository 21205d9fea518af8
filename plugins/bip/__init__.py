"""BIP, Biuletyn Informacji Publicznej: documents, metryczka, register of changes.

Documents live in content/bip/<category path>/**.md. The register of changes
is the git history of content/bip/ (see history.py): every version stays
published, and a removed document stays at its address, marked as removed.
Settings: BIP = {"publisher", "editor", "categories", "register_per_page"}.
"""

import logging
import os

from pelican import signals
from pelican.generators import Generator

from validation import (
    DocumentType,
    Field,
    Problem,
    plugin_settings,
    register_document_type,
    report_content_problem,
)

from .attachments import PdfTextCache, copy_into_output, describe
from .categories import build_tree, by_path, category_for
from .documents import (
    STATUSES,
    BipDocument,
    SnapshotReader,
    Version,
    document_url,
    read_text,
    repo_relative,
)
from .history import History, read_history, read_versions

logger = logging.getLogger(__name__)

DEFAULTS = {
    "publisher": "",
    "editor": {},
    "categories": [],
    "register_per_page": 20,
}
BIP_DIRECTORY = "bip"


def bip_settings(settings: dict) -> dict:
    return plugin_settings(settings, "BIP", DEFAULTS)


def categories_by_path(settings: dict):
    return by_path(build_tree(bip_settings(settings)["categories"], settings))


def check_document_folders(documents, settings) -> list[Problem]:
    """A BIP document must sit in a configured category folder."""
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


BIP_TYPE = DocumentType(
    name="bip",
    label="dokument BIP",
    directory=BIP_DIRECTORY,
    fields=(
        Field("Title", required=True, example="Uchwała Nr XII/85/2024 w sprawie budżetu Gminy Wąchock na 2025 rok"),
        Field("Date", "date", required=True, example="2024-12-20 14:00"),
        Field("Produced_by", required=True, example="Rada Miejska w Wąchocku"),
        Field("Produced_date", "date", required=True, example="2024-12-18"),
        Field("Responsible", example="Jan Kowalski, sekretarz gminy"),
        Field("Published_by", example="Anna Nowak"),
        Field("Number", example="XII/85/2024"),
        Field("Status", "choice", choices=lambda settings: list(STATUSES), example="obowiązujący"),
        Field(
            "Attachments",
            "files",
            relative_to="document",
            example="uchwala-xii-85-2024.pdf",
            description="pliki w folderze dokumentu, po przecinku",
        ),
        Field("Summary", example="Krótki opis dokumentu"),
        Field("Slug", example="uchwala-budzetowa-2025"),
    ),
    collection_rules=(check_document_folders,),
)


class BipGenerator(Generator):
    """Reads BIP documents and their git history; writes every BIP page."""

    def generate_context(self):
        config = bip_settings(self.settings)
        self.config = config
        self.categories = build_tree(config["categories"], self.settings)
        self.category_paths = by_path(self.categories)
        self.bip_root = os.path.join(self.path, BIP_DIRECTORY)
        self.reader = SnapshotReader(self.settings["MARKDOWN"])
        self.pdf_cache = PdfTextCache(os.path.join(self.settings["CACHE_PATH"], "pdf-text"))
        self.history = self.read_history()
        self.documents = self.read_current_documents()
        self.removed = self.read_removed_documents()
        self.attach_versions()
        self.check_unique_urls()
        for category in self.category_paths.values():
            category.documents.sort(key=lambda d: d.date, reverse=True)
        self.register = self.register_entries()
        self.context.update(
            bip_categories=self.categories,
            bip_documents=sorted(self.documents, key=lambda d: d.date, reverse=True),
            bip_removed=sorted(self.removed, key=lambda d: d.removal.date, reverse=True),
            bip_register_complete=self.history.complete,
            bip_register_entries=self.register,
            BIP_CONFIG=config,
        )

    # --- reading ---------------------------------------------------------------

    def read_history(self) -> History:
        history = read_history(self.bip_root)
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

    def document_files(self):
        if not os.path.isdir(self.bip_root):
            return []
        ignored = set(self.settings["IGNORE_FILES"])
        found = []
        for directory, folders, files in os.walk(self.bip_root):
            folders.sort()
            for name in sorted(files):
                if name.endswith(".md") and name not in ignored:
                    found.append(os.path.join(directory, name))
        return found

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
        for path in self.document_files():
            document = self.new_document(path, read_text(path))
            document.attachments = describe(
                os.path.dirname(path), document.snapshot.attachment_names, document.url, self.pdf_cache
            )
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
                removed.append(self.new_document(absolute, texts[request], removal=self.history.by_path[path][-1]))
        return removed

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
                version.url = f"{document.url}wersja-{number}/"
                version.save_as = f"{version.url}index.html"
                document.versions.append(version)

    def check_unique_urls(self) -> None:
        seen = {}
        for document in self.documents:
            if document.url in seen:
                report_content_problem(
                    document,
                    "Slug",
                    f"ten sam adres strony „/{document.url}” ma też {seen[document.url]}. Nadaj jednemu "
                    "z dokumentów inny adres, dopisując np. „Slug: inna-nazwa”.",
                )
            seen[document.url] = os.path.relpath(document.source_path, os.path.dirname(self.path))

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
        for template, slug in (
            ("bip_editors", "redakcja-bip"),
            ("bip_instructions", "instrukcja-korzystania-z-bip"),
            ("bip_not_published", "informacje-nieudostepnione"),
            ("bip_map", "mapa-bip"),
        ):
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
    signals.initialized.connect(install)
    signals.get_generators.connect(get_generators)
