"""The order plugins run in follows what each one needs, not its place in PLUGINS.

A plugin declares, beside its `register()`, `NEEDS`: the plugins (by their name under plugins/)
whose work it uses and which must therefore connect their receivers and generators before it (a
generator reads what an earlier one put in the context; a `finalized` receiver compresses what the
others wrote). "*" means after every plugin that does not itself say "*". A needed plugin that is
not in PLUGINS is no constraint (the site builds without a feature plugin). The order is the PLUGINS
order wherever the declarations allow it, so a correct list keeps its order; a cycle is refused.
"""

import importlib

from .settings import SettingsError

AFTER_ALL = "*"


def declared_needs(name: str) -> tuple[str, ...]:
    try:
        module = importlib.import_module(name)
    except ImportError:  # Pelican reports a plugin it cannot load; the build refuses it (wachock.build)
        return ()
    return tuple(getattr(module, "NEEDS", ()))


def short_name(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def ordered_plugins(names: list) -> list:
    """`names` (PLUGINS) ordered so that each plugin comes after those it needs; stable otherwise."""
    plain = [name for name in names if isinstance(name, str)]
    by_short = {short_name(name): name for name in plain}
    needs = {name: declared_needs(name) for name in plain}
    last = {name for name in plain if AFTER_ALL in needs[name]}
    before: dict[str, set[str]] = {}
    for name in plain:
        wanted = {by_short[need] for need in needs[name] if need in by_short}
        if name in last:
            wanted |= {other for other in plain if other not in last}
        before[name] = wanted - {name}
    ordered: list[str] = []
    remaining = list(plain)
    while remaining:
        ready = next((name for name in remaining if before[name] <= set(ordered)), None)
        if ready is None:
            waiting = ", ".join(
                f"{short_name(n)} (potrzebuje: {', '.join(sorted(map(short_name, before[n] - set(ordered))))})"
                for n in remaining
            )
            raise SettingsError(f"wtyczki czekają na siebie nawzajem, więc nie da się ich uporządkować: {waiting}")
        ordered.append(ready)
        remaining.remove(ready)
    return ordered + [name for name in names if not isinstance(name, str)]
