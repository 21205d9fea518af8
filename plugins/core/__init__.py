"""What several plugins share: the field schema, the build state and its report, settings, dates,
text, discovery, the gate, files, attachments and PDF text, snapshots, Polish formatting.

Not a Pelican plugin itself (it has no `register()`); plugins import from it, never from each other.
"""

from .attachments import Attachment, PdfTextCache, copy_into_output, describe, describe_files, file_digest, keep_bytes
from .dates import WARSAW, build_now, has_hour, local_datetime, parse_local_date, split_list
from .discovery import Discovery, discover, display_path
from .files import Limits, asset_problem, inside, resolve_reference
from .gate import Violation, body_problems, check_html, field_problems, internal_references, locate_line
from .header import HeaderField, SourceDocument, split_header
from .links import LinkedBody, linked_body, reference_problems
from .markdown import body_renderer
from .outputs import paginated_save_as, reserved_folders
from .polish import date_pl, datetime_pl, month_pl, number_pl, plural_pl
from .problems import ContentValidationError, Problem
from .schema import LIST_KINDS, DataFile, DocumentType, Field, Schema
from .session import (
    BuildSession,
    documents_of_type,
    of_document_type,
    output_changes_at,
    output_withdraws,
    report_content_problem,
    report_problem,
    schema_of,
    session_of,
    source_document,
    start_session,
)
from .settings import SettingsError, plugin_settings
from .snapshot import Snapshot, SnapshotBacked, SnapshotReader, read_documents, read_text
from .state import failure_problem, line_of
from .text import decode_source, normalise_text, read_source

__all__ = [
    "LIST_KINDS",
    "WARSAW",
    "Attachment",
    "BuildSession",
    "ContentValidationError",
    "DataFile",
    "Discovery",
    "DocumentType",
    "Field",
    "HeaderField",
    "Limits",
    "LinkedBody",
    "PdfTextCache",
    "Problem",
    "Schema",
    "SettingsError",
    "Snapshot",
    "SnapshotBacked",
    "SnapshotReader",
    "SourceDocument",
    "Violation",
    "asset_problem",
    "body_problems",
    "body_renderer",
    "build_now",
    "check_html",
    "copy_into_output",
    "date_pl",
    "datetime_pl",
    "decode_source",
    "describe",
    "describe_files",
    "discover",
    "display_path",
    "documents_of_type",
    "failure_problem",
    "field_problems",
    "file_digest",
    "has_hour",
    "inside",
    "internal_references",
    "keep_bytes",
    "line_of",
    "linked_body",
    "local_datetime",
    "locate_line",
    "month_pl",
    "normalise_text",
    "number_pl",
    "of_document_type",
    "output_changes_at",
    "output_withdraws",
    "paginated_save_as",
    "parse_local_date",
    "plugin_settings",
    "plural_pl",
    "read_documents",
    "read_source",
    "read_text",
    "reference_problems",
    "report_content_problem",
    "report_problem",
    "reserved_folders",
    "resolve_reference",
    "schema_of",
    "session_of",
    "source_document",
    "split_header",
    "split_list",
    "start_session",
]
