"""Results kept between builds: one pickled file per kind, beside Pelican's reader caches.

Named `<name>-Readers` like those, so the validation plugin drops them together whenever the
Markdown settings, the libraries or the project's code change. A build keeps only what it used,
so a file follows the site and does not grow with every edit ever made.
"""

import os
import pickle


class BuildCache:
    def __init__(self, settings: dict, name: str):
        enabled = settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE", True)
        self.path = os.path.join(settings["CACHE_PATH"], f"{name}-Readers") if enabled else None
        self.stored: dict = self.load() if self.path else {}
        self.used: dict = {}

    def load(self) -> dict:
        try:
            with open(self.path, "rb") as handle:
                stored = pickle.load(handle)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
            return {}
        return stored if isinstance(stored, dict) else {}

    def get(self, key):
        """What this build or an earlier one kept under `key`, or None."""
        found = self.used.get(key)
        if found is None:
            found = self.stored.get(key)
            if found is not None:
                self.used[key] = found
        return found

    def keep(self, key, value) -> None:
        self.used[key] = value

    def save(self) -> None:
        if not self.path:
            return
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        temporary = f"{self.path}.tmp"
        with open(temporary, "wb") as handle:
            pickle.dump(self.used, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)
