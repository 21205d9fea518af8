"""What templates read of the objects that declare SHOWN (core.shown), recorded while a site builds.

Jinja turns `document.title` and `document["title"]` into calls of the environment's `getattr` and
`getitem`; a recording environment notes each read made from an object with SHOWN, or from a value
reached from one, as the path from that object with the class each step was read from.
"""

import contextlib
from collections import defaultdict
from typing import ClassVar

import jinja2
import pelican.generators

PRIMITIVE = (str, int, float, bool, type(None))


def keyed(value) -> bool:
    return hasattr(type(value), "SHOWN")


class RecordingTemplate(jinja2.Template):
    def render(self, *args, **kwargs):
        self.environment.reached = {}  # ids are only ever compared within one page
        return super().render(*args, **kwargs)


class RecordingEnvironment(jinja2.Environment):
    template_class = RecordingTemplate
    reads: ClassVar[dict] = {}  # each recording's own (see `recording`)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reached: dict[int, tuple] = {}

    def note(self, owner, name: str, value) -> None:
        found = self.reached.get(id(owner))
        if found is None:
            if not keyed(owner):
                return
            found = (type(owner), ())
        root, steps = found
        path = (*steps, (name, type(owner)))
        self.reads[root].add(path)
        self.reach(value, (root, path))

    def reach(self, value, found) -> None:
        items = value.values() if isinstance(value, dict) else value if isinstance(value, list | tuple) else [value]
        for item in [value, *items]:
            if not isinstance(item, PRIMITIVE):
                self.reached[id(item)] = found

    def getattr(self, obj, attribute):
        value = super().getattr(obj, attribute)
        self.note(obj, attribute, value)
        return value

    def getitem(self, obj, argument):
        value = super().getitem(obj, argument)
        if isinstance(argument, str):
            self.note(obj, argument, value)
        elif id(obj) in self.reached:
            self.reach(value, self.reached[id(obj)])  # an item of a list read on the way
        return value


@contextlib.contextmanager
def recording():
    """Every generator made meanwhile renders with the recording environment; yields the reads:
    {class: {((name, class read from), ...)}}."""
    reads = defaultdict(set)
    environment = type("Recording", (RecordingEnvironment,), {"reads": reads})
    original = pelican.generators.Environment
    pelican.generators.Environment = environment
    try:
        yield reads
    finally:
        pelican.generators.Environment = original


def covered(cls, steps: tuple) -> bool:
    """Whether the key of `cls` (its SHOWN) covers a path read from it: the path is named, lies below a
    named one (another object with SHOWN there covers the rest itself), is on the way to one, or starts
    with what the class works out from what it shows (DERIVED)."""
    shown = cls.SHOWN
    if steps[0][0] in getattr(cls, "DERIVED", ()):
        return True
    for index in range(len(steps)):
        path = ".".join(name for name, _ in steps[: index + 1])
        rest = steps[index + 1 :]
        if path in shown:
            return not rest or not hasattr(rest[0][1], "SHOWN") or covered(rest[0][1], rest)
        if not any(entry.startswith(f"{path}.") for entry in shown):
            return False
    return True
