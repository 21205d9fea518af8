"""What a page may show of a plugin's object, declared once; its dependency key is made of exactly that.

The objects plugins read themselves (BIP documents, their versions, comparisons and categories,
magazine issues, events) declare SHOWN: every attribute a template reads of them, as paths
("attachments", "category.lineage.title"). Their `record_key` hashes the values found at those paths,
so whatever a template shows of an object is in the key of every page that shows it (core.writer).
Another such object met on the way counts by its own key; the object itself (a category in its own
lineage) by nothing more. `tests/test_incremental.py` records every attribute the templates read
while the demo site builds and fails on one that no SHOWN covers.
"""

import hashlib
import json
from dataclasses import fields, is_dataclass

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper


def shown_key(owner) -> str:
    """The hash of everything `type(owner).SHOWN` names."""
    shown = {path: value_at(owner, path.split("."), owner) for path in type(owner).SHOWN}
    return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()


def value_at(value, steps: list[str], owner):
    """The value at a path; a list (or a dict's values) on the way gives the path's value for each item."""
    if not steps:
        return shown_value(value, owner)
    if isinstance(value, list | tuple):
        return [value_at(item, steps, owner) for item in value]
    if isinstance(value, dict):
        return sorted([str(key), value_at(item, steps, owner)] for key, item in value.items())
    return value_at(getattr(value, steps[0], None), steps[1:], owner)


def shown_value(value, owner):
    """A stable, plain form of a shown value, whatever it holds."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if value is owner:
        return "(sam obiekt)"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(type(value), "SHOWN"):
        return ["record", type(value).__name__, value.record_key]
    if isinstance(value, Content):
        return ["content", value.content, value.url]
    if isinstance(value, URLWrapper):
        return ["link", str(value), value.url]
    if isinstance(value, list | tuple | set | frozenset):
        items = [shown_value(item, owner) for item in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if isinstance(value, dict):
        return sorted([str(key), shown_value(item, owner)] for key, item in value.items())
    if is_dataclass(value) and not isinstance(value, type):
        return [
            type(value).__name__,
            {
                f.name: shown_value(getattr(value, f.name), owner)
                for f in fields(value)
                if f.metadata.get("described", True) and not callable(getattr(value, f.name))
            },
        ]
    raise TypeError(f"{type(value).__name__} cannot be part of a page's key; name what it shows in SHOWN instead")


def covered(shown: tuple[str, ...], path: str) -> bool:
    """Whether a path a template read is in the key: named, below a named path, or on the way to one."""
    return any(path == entry or path.startswith(f"{entry}.") or entry.startswith(f"{path}.") for entry in shown)
