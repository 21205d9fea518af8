"""What several plugins share: problems and the report, settings, text, discovery, the gate, files.

Not a Pelican plugin itself (it has no `register()`); plugins import from it.
"""

from .discovery import Discovery, discover, display_path
from .files import Limits, asset_problem, inside, resolve_reference
from .gate import Violation, body_problems, check_html, field_problems, internal_references
from .markdown import body_renderer
from .outputs import paginated_save_as
from .problems import ContentValidationError, Problem
from .settings import SettingsError, plugin_settings
from .text import decode_source, normalise_text, read_source

__all__ = [
    "ContentValidationError",
    "Discovery",
    "Limits",
    "Problem",
    "SettingsError",
    "Violation",
    "asset_problem",
    "body_problems",
    "body_renderer",
    "check_html",
    "decode_source",
    "discover",
    "display_path",
    "field_problems",
    "inside",
    "internal_references",
    "normalise_text",
    "paginated_save_as",
    "plugin_settings",
    "read_source",
    "resolve_reference",
]
