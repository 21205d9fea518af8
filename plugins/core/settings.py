"""Each plugin reads its settings from one dict whose keys are checked."""


class SettingsError(ValueError):
    pass


def plugin_settings(settings: dict, key: str, defaults: dict) -> dict:
    """Merge settings[key] over defaults, refusing keys the plugin does not know."""
    given = settings.get(key) or {}
    if not isinstance(given, dict):
        raise SettingsError(f"{key} must be a dict, not {type(given).__name__}")
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise SettingsError(f"{key} has unknown keys {unknown}; known keys: {sorted(defaults)}")
    return {**defaults, **given}
