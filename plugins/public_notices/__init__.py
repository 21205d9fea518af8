"""Obwieszczenia: notices to parties made by publication in the BIP (art. 49 KPA).

KPA art. 49 § 2: the day a notice was made available in the BIP is stated, and the notice counts as
delivered after fourteen days from that day. Both therefore come from the server's publication
ledger (plugins/core/ledger.py), never from a typed date: the page states "Dzień udostępnienia w
BIP" and the day delivery is deemed made (computed), and a printable certificate of publication
carries the ledger entry, its hash, the file's SHA-256 and the time-stamp token when there is one.
A build without the ledger (a preview) states neither.

Once published, a notice's text is locked: the day of delivery depends on it, so a later change of
the file stops the build; a correction is a new notice whose `Erratum_of` names the one it corrects,
and both pages link to each other.

A notice is a BIP document in content/bip/ogloszenia-i-obwieszczenia/obwieszczenia/ with fields of
its own (Legal_basis, Case_number, Erratum_of).
Settings: PUBLIC_NOTICES = {"delivery_days", "certificate_folder"}.
"""

import os
from dataclasses import dataclass, field
from datetime import date, timedelta

from pelican import signals
from pelican.generators import Generator

from plugins.core import (
    DocumentType,
    Field,
    Problem,
    display_path,
    of_document_type,
    plugin_settings,
    report_problem,
)

NOTICES_FOLDER = "bip/ogloszenia-i-obwieszczenia/obwieszczenia"
DEFAULTS = {
    "delivery_days": 14,  # art. 49 § 2 KPA
    "certificate_folder": "zaswiadczenie-publikacji/",
}


def notices_settings(settings: dict) -> dict:
    return plugin_settings(settings, "PUBLIC_NOTICES", DEFAULTS)


def check_erratum_links(documents, settings) -> list[Problem]:
    """`Erratum_of` names another notice by its file: checked, not trusted."""
    problems = []
    for document in documents:
        found = document.get("Erratum_of")
        if not found or not found.value:
            continue
        relative = found.value.strip()
        path = os.path.normpath(os.path.join(settings["PATH"], relative))
        own = os.path.relpath(document.path, settings["PATH"]).replace(os.sep, "/") if document.path else ""
        if not relative.startswith(NOTICES_FOLDER + "/") or not relative.endswith(".md") or not os.path.isfile(path):
            why = "nie ma takiego obwieszczenia"
        elif relative == own:
            why = "obwieszczenie nie może prostować samego siebie"
        else:
            continue
        problems.append(
            Problem(
                document.display_path,
                found.line,
                f"„{relative}” w polu „Erratum_of”: {why}. Podaj ścieżkę pliku prostowanego obwieszczenia bez "
                f"„content/”, np. {NOTICES_FOLDER}/2026/obwieszczenie.md.",
            )
        )
    return problems


NOTICE_TYPE = DocumentType(
    name="public_notice",
    label="obwieszczenie",
    directory=NOTICES_FOLDER,
    extends="bip",
    legal_status=False,
    fields=(
        Field("Legal_basis", required=True, example="art. 49 Kodeksu postępowania administracyjnego"),
        Field("Case_number", example="znak sprawy, np. RGK.6220.3.2026"),
        Field("Erratum_of", example=f"{NOTICES_FOLDER}/2026/obwieszczenie.md (prostowane obwieszczenie)"),
    ),
    collection_rules=(check_erratum_links,),
)


@dataclass
class PublicNotice:
    """What a notice's pages show besides the BIP document's own fields (plain data: see core.writer)."""

    legal_basis: str
    case_number: str
    delivery_days: int
    made_available: date | None = None  # the day of publication in the BIP (the record's); None in a preview
    delivered: date | None = None  # the day at whose end delivery is deemed made
    erratum_of: tuple[str, str] | None = None  # (title, URL) of the notice this one corrects
    errata: list[tuple[str, str]] = field(default_factory=list)  # notices correcting this one
    certificate_url: str = ""


@dataclass
class Certificate:
    notice: PublicNotice
    title: str
    url: str
    publisher: str
    person: str
    entry: object  # the ledger's LedgerEntry of the notice's first publication


class PublicNoticesGenerator(Generator):
    """After the BIP generator: gives notices their dates and links, locks their text, writes certificates."""

    def generate_context(self):
        self.config = notices_settings(self.settings)
        self.ledger = self.context.get("bip_ledger")
        documents = self.context.get("bip_documents", [])
        self.notices = [d for d in of_document_type(self.settings, documents, NOTICE_TYPE.name) if not d.is_removed]
        by_file = {self.relative(d.source_path): d for d in self.notices}
        self.certificates: list[tuple[str, Certificate]] = []
        for document in self.notices:
            notice = self.notice_of(document)
            document.extras["public_notice"] = notice
            self.refuse_changes_after_publication(document)
        for document in self.notices:
            target = by_file.get((document.snapshot.get("erratum_of") or "").strip())
            if target is not None:
                document.extras["public_notice"].erratum_of = (target.title, target.url)
                target.extras["public_notice"].errata.append((document.title, document.url))

    def relative(self, path: str) -> str:
        return os.path.relpath(path, self.path).replace(os.sep, "/")

    def notice_of(self, document) -> PublicNotice:
        snapshot = document.snapshot
        notice = PublicNotice(
            legal_basis=snapshot.get("legal_basis") or "",
            case_number=snapshot.get("case_number") or "",
            delivery_days=self.config["delivery_days"],
        )
        if document.publication_recorded:
            notice.made_available = document.published.date()
            notice.delivered = notice.made_available + timedelta(days=notice.delivery_days)
        entry = (
            self.ledger.entry_for(document.first_change.commit, document.first_change.path)
            if (self.ledger is not None and document.first_change is not None)
            else None
        )
        if entry is not None:
            notice.certificate_url = f"{document.url}{self.config['certificate_folder']}"
            certificate = Certificate(
                notice, document.title, document.url, document.publisher, document.published_by, entry
            )
            self.certificates.append((f"{notice.certificate_url}index.html", certificate))
        return notice

    def refuse_changes_after_publication(self, document) -> None:
        """The delivery date hangs on the published text: a later change of the file is refused."""
        if document.lineage is None:
            return
        first, *later = document.lineage.changes
        for change in later:
            if change.changes_text:
                report_problem(
                    self.settings,
                    Problem(
                        display_path(self.path, document.source_path),
                        1,
                        f"to obwieszczenie opublikowano {first.date:%Y-%m-%d %H:%M}, a commit {change.commit[:10]} "
                        f"({change.date:%Y-%m-%d %H:%M}) zmienia jego treść. Od dnia udostępnienia w BIP liczy się "
                        "termin doręczenia (art. 49 § 2 KPA), więc opublikowanego obwieszczenia się nie zmienia. "
                        "Przywróć poprzednią treść pliku, a poprawkę opublikuj jako nowe obwieszczenie z polem "
                        f"„Erratum_of: {self.relative(document.source_path)}”.",
                    ),
                )
                return

    def planned_outputs(self) -> list[tuple[str, object]]:
        return [(save_as, None) for save_as, _ in self.certificates]

    def generate_output(self, writer):
        for save_as, certificate in self.certificates:
            writer.write_file(
                save_as,
                self.get_template("public_notice_certificate"),
                self.context,
                url=certificate.notice.certificate_url,
                certificate=certificate,
            )


def get_generators(pelican):
    return PublicNoticesGenerator


DOCUMENT_TYPES = (NOTICE_TYPE,)

# Runs after (plugins.core.order): notices are BIP documents.
NEEDS = ("bip",)


def register():
    signals.get_generators.connect(get_generators)
