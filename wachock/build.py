"""Builds the site into a new release folder and makes it live only on success.

A failed build (invalid content, a warning, a crash, an interrupt) leaves the
live release exactly as it was, so a mistake is never half-published.
"""

import errno
import glob
import logging
import os
import traceback
import weakref
from datetime import datetime

from pelican import Pelican
from pelican.settings import read_settings

from plugins.core.dates import NOW_SETTING, InvalidMoment, build_now, clock_now
from plugins.core.inputs import input_stamp
from plugins.core.record import read_record
from plugins.core.session import session_of, start_session
from plugins.core.writer import MODEL_SETTING

from . import releases, status

logger = logging.getLogger(__name__)

INCREMENTAL_PLUGIN = "plugins.incremental"
DISK_FULL = (
    "Na dysku serwera zabrakło miejsca, więc nowa wersja strony nie została opublikowana; strona działa "
    "bez zmian. Informatyk powinien zwolnić miejsce (np. stare kopie w .output-releases/ albo dzienniki) "
    "i uruchomić budowanie ponownie."
)
WAIT_MESSAGE = (
    "Trwa inne budowanie tej strony (np. zaplanowane nocne albo uruchomione przez innego redaktora). "
    "To budowanie poczeka, aż tamto się skończy, i wtedy ruszy samo."
)
PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class BuildFailed(Exception):
    """The build did not finish; the report says why in editors' words."""


class WarningCounter(logging.Handler):
    """Counts warnings so that a build with any of them is not published."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        # A few warnings are expected and documented (a tree without git history
        # still builds, its BIP register marked incomplete); they do not block.
        if not getattr(record, "tolerated", False):
            self.messages.append(record.getMessage())


def load_settings(settings_file: str, output_path: str, overrides: dict | None = None) -> dict:
    return read_settings(settings_file, override={"OUTPUT_PATH": output_path, **(overrides or {})})


def unexpected_failure(error: Exception, settings: dict) -> BuildFailed:
    """No traceback reaches an editor: it goes to a log file the report names."""
    if disk_full(error):
        return BuildFailed(DISK_FULL)
    log_path = os.path.join(settings.get("CACHE_PATH", PROJECT_ROOT), "ostatni-blad-budowania.log")
    try:
        os.makedirs(os.path.dirname(log_path), exist_ok=True)
        with open(log_path, "w", encoding="utf-8") as handle:
            handle.write("".join(traceback.format_exception(error)))
    except OSError:
        log_path = "(nie udało się zapisać dziennika)"
    return BuildFailed(
        f"Budowanie przerwał nieoczekiwany błąd ({type(error).__name__}), więc strona nie została opublikowana "
        f"i pozostała bez zmian. Cofnij ostatnią zmianę albo przekaż informatykowi plik {log_path}."
    )


def forget_previous_plugins() -> None:
    """A build runs only the plugins its settings list, even in a process that built before.

    Pelican connects each plugin's receivers to global blinker signals and never disconnects them, so
    a plugin removed from PLUGINS would otherwise keep running in tests and in long-lived processes.
    """
    import blinker
    from pelican.plugins import signals

    from plugins.core.writer import page_written

    for signal in [*vars(signals).values(), page_written]:
        if isinstance(signal, blinker.Signal):
            for reference in list(signal.receivers.values()):
                receiver = reference() if isinstance(reference, weakref.ref) else reference
                if receiver is not None:
                    signal.disconnect(receiver)


def check_plugins_loaded(pelican: Pelican, wanted: list[str]) -> None:
    """Pelican only logs a plugin it cannot import; a site without its BIP must not be published."""
    loaded = {plugin.__name__ for plugin in pelican.plugins}
    missing = [name for name in wanted if name not in loaded]
    if missing:
        raise BuildFailed(
            f"Nie udało się wczytać wtyczek: {', '.join(missing)}, więc strona nie została opublikowana. "
            "Sprawdź listę PLUGINS w pelicanconf.py albo cofnij ostatnią zmianę w folderze plugins/."
        )


def run_pelican(settings: dict) -> None:
    from plugins.core import ContentValidationError, SettingsError
    from plugins.core.order import ordered_plugins

    counter = WarningCounter()
    root_logger = logging.getLogger()
    root_logger.addHandler(counter)
    session = session_of(settings)  # everything this build learns and keeps (build_unlocked starts it)
    try:
        settings["PLUGINS"] = ordered_plugins(settings.get("PLUGINS") or [])  # by what each one needs
        wanted = [name for name in settings["PLUGINS"] if isinstance(name, str)]
        forget_previous_plugins()
        pelican = Pelican(settings)  # replaces settings["PLUGINS"] with what it could load
        check_plugins_loaded(pelican, wanted)
        pelican.run()
    except BuildFailed:
        raise
    except ContentValidationError as error:
        raise BuildFailed(error.report()) from error
    except SettingsError as error:
        raise BuildFailed(f"Błąd w ustawieniach serwisu (pelicanconf.py): {error}") from error
    except Exception as error:
        raise unexpected_failure(error, settings) from error
    finally:
        root_logger.removeHandler(counter)
        session.close()
    if counter.messages:
        raise BuildFailed(
            "Budowanie zgłosiło ostrzeżenia, więc strona nie została opublikowana:\n"
            + "\n".join(f"- {message}" for message in counter.messages)
        )


def live_release_is_current(settings: dict, live: str | None, stamp: str | None, now: datetime) -> bool:
    """The live release was built from exactly these inputs and nothing in it has expired since."""
    if not live or not stamp or INCREMENTAL_PLUGIN not in (settings.get("PLUGINS") or []):
        return False
    record = read_record(live)
    if record.get("inputs") != stamp:
        return False
    valid_until = record.get("valid_until")
    return not valid_until or now < datetime.fromisoformat(valid_until)


def build(settings_file: str, output: str, overrides: dict | None = None) -> dict:
    """Build into a new release folder, then make it the live one (see releases.py).

    Everything that writes into the site (search index included) runs inside Pelican as a plugin, so
    it lands in the release before the link switches. On any failure, or an interrupt, the staging
    folder is removed and the live release is untouched. When nothing the build reads has changed
    since the live release was made, there is nothing to do: `settings["BUILD_SKIPPED"]` says so.
    """
    output = os.path.abspath(output)
    source = (overrides or {}).get("PATH") or os.path.dirname(os.path.abspath(settings_file))
    try:
        with releases.build_lock(output, WAIT_MESSAGE):
            releases.remove_stale_staging(output)
            try:
                settings = build_unlocked(settings_file, output, overrides)
            except BuildFailed as failure:
                report_status(output, "refused", str(failure), source, overrides)
                raise
            outcome = "unchanged" if settings.get("BUILD_SKIPPED") else "published"
            report_status(output, outcome, "", source, settings)
            return settings
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise BuildFailed(DISK_FULL) from error
        raise


def report_status(output: str, outcome: str, report: str, source: str, settings: dict | None) -> None:
    """The status page must never turn a published build into a failed one (a full disk, say)."""
    try:
        moment = build_now(settings)
    except InvalidMoment:
        moment = clock_now()
    try:
        status.write_status(output, outcome, report, source, moment)
    except OSError as error:
        logger.warning("Nie udało się zapisać strony stanu budowania: %s", error, extra={"tolerated": True})


def disk_full(error: BaseException) -> bool:
    while error is not None:
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        error = error.__cause__ or error.__context__
    return False


def build_unlocked(settings_file: str, output: str, overrides: dict | None) -> dict:
    # The live release: unchanged pages are taken from it (plugins/incremental).
    live = releases.current_release(output)
    settings = load_settings(settings_file, output, {"LIVE_RELEASE": live or "", **(overrides or {})})
    start_session(settings)  # everything this build learns and keeps, and nothing after it
    try:
        now = build_now(settings)
    except InvalidMoment as error:
        raise BuildFailed(f"Błąd w ustawieniach budowania: {error}.") from error
    # One moment for the whole build, however long it runs: every plugin reads it from here.
    settings[NOW_SETTING] = now.isoformat()
    # Its neighbours too: publishconf.py runs pelicanconf.py, whose functions have no stable value.
    settings_folder = os.path.dirname(os.path.abspath(settings_file))
    stamp = input_stamp(settings, settings_files=sorted(glob.glob(os.path.join(settings_folder, "*.py"))))
    if live_release_is_current(settings, live, stamp, now) and not settings.get(MODEL_SETTING):
        return {**settings, "BUILD_SKIPPED": True}  # (a preview's first build still makes its model)
    staging = releases.new_staging(output)
    try:
        settings = {**settings, "OUTPUT_PATH": staging, "INPUT_STAMP": stamp or ""}
        run_pelican(settings)
        withdrawn_now = set(read_record(staging).get("withdrawals", []))
        withdrawn_before = set(read_record(live).get("withdrawals", [])) if live else set()
        releases.publish(staging, output)
        if withdrawn_now - withdrawn_before:
            # Older releases still hold what was just withdrawn: `make rollback` must not publish it again.
            releases.prune(output, keep=1)
    except BaseException:
        releases.discard(staging)
        raise
    return settings
