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
from .outputs import paginated_save_as
from .polish import date_pl, datetime_pl, month_pl, number_pl, plural_pl
from .problems import ContentValidationError, Problem
from .schema import (
    DocumentType,
    Field,
    add_fields,
    data_file_paths,
    document_type_for,
    give_declared_fields,
    of_document_type,
    register_data_file,
    register_document_type,
    registered_document_types,
)
from .settings import SettingsError, plugin_settings
from .snapshot import Snapshot, SnapshotBacked, SnapshotReader, read_text
from .state import STATE, documents_of_type, failure_problem, line_of, report_content_problem, report_problem
from .text import decode_source, normalise_text, read_source

__all__ = [
    "STATE",
    "WARSAW",
    "Attachment",
    "ContentValidationError",
    "Discovery",
    "DocumentType",
    "Field",
    "HeaderField",
    "Limits",
    "LinkedBody",
    "PdfTextCache",
    "Problem",
    "SettingsError",
    "Snapshot",
    "SnapshotBacked",
    "SnapshotReader",
    "SourceDocument",
    "Violation",
    "add_fields",
    "asset_problem",
    "body_problems",
    "body_renderer",
    "build_now",
    "check_html",
    "copy_into_output",
    "data_file_paths",
    "date_pl",
    "datetime_pl",
    "decode_source",
    "describe",
    "describe_files",
    "discover",
    "display_path",
    "document_type_for",
    "documents_of_type",
    "failure_problem",
    "field_problems",
    "file_digest",
    "give_declared_fields",
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
    "paginated_save_as",
    "parse_local_date",
    "plugin_settings",
    "plural_pl",
    "read_source",
    "read_text",
    "reference_problems",
    "register_data_file",
    "register_document_type",
    "registered_document_types",
    "report_content_problem",
    "report_problem",
    "resolve_reference",
    "split_header",
    "split_list",
]
