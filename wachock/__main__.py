"""Command line: python -m wachock build|rollback|deploy|serve|ledger [options]."""

import argparse
import logging
import os
import signal
import sys

from . import ledger, releases
from .build import PROJECT_ROOT, WAIT_MESSAGE, BuildFailed, build
from .serve import build_overrides, serve

logger = logging.getLogger("wachock")


def settings_path(publish: bool) -> str:
    return os.path.join(PROJECT_ROOT, "publishconf.py" if publish else "pelicanconf.py")


def watched_paths(settings_file: str, content: str | None) -> list[str]:
    """Everything a build reads: content, theme, settings, the project's plugins and any PLUGIN_PATHS."""
    from pelican.settings import read_settings

    # Reading settings imports no plugin: the preview process stays fresh for every build.
    settings = read_settings(settings_file, override={"PATH": content} if content else None)
    paths = [content or settings["PATH"], settings["THEME"], os.path.join(PROJECT_ROOT, "plugins"), settings_file]
    paths += [os.path.join(os.path.dirname(os.path.abspath(settings_file)), p) for p in settings["PLUGIN_PATHS"]]
    return list(dict.fromkeys(os.path.abspath(p) for p in paths if os.path.exists(p)))


def stop_as_interrupted(signal_number, frame) -> None:
    raise KeyboardInterrupt


def interruptible() -> None:
    """A build stopped by Ctrl+C, by systemd or by the preview (SIGTERM) ends as an interrupted one:
    its staging folder removed, Pagefind stopped, the live release as it was. Explicit, because a
    process started in the background inherits an ignored SIGINT."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, stop_as_interrupted)


def deploy_command_run(arguments) -> int:
    from .deploy import DeployFailed, deploy, rollback

    try:
        if arguments.command == "deploy":
            release = deploy(os.path.abspath(arguments.output), arguments.to)
            logger.info("Opublikowano na %s wersję %s.", arguments.to, release)
        else:
            release = rollback(arguments.to)
            logger.info("Na %s przywrócono wersję %s.", arguments.to, release)
    except DeployFailed as error:
        logger.error("%s", error)
        return 1
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wachock")
    commands = parser.add_subparsers(dest="command", required=True)
    build_command = commands.add_parser("build", help="build the site into output/")
    build_command.add_argument("--publish", action="store_true", help="production settings")
    build_command.add_argument("--output", default=os.path.join(PROJECT_ROOT, "output"))
    build_command.add_argument("--content", help="content folder (default: the settings' PATH)")
    build_command.add_argument("--settings", help="settings file (default: pelicanconf.py, or publishconf.py)")
    build_command.add_argument("--cache", help="cache folder (default: the settings' CACHE_PATH, .cache/)")
    build_command.add_argument(
        "--now",
        help='the moment to build for: "YYYY-MM-DD HH:MM" (Warsaw) or ISO 8601 (default: SOURCE_DATE_EPOCH, the clock)',
    )
    rollback_command = commands.add_parser("rollback", help="switch output/ back to the previous release")
    rollback_command.add_argument("--output", default=os.path.join(PROJECT_ROOT, "output"))
    rollback_command.add_argument("--to", help="roll back a deploy target instead (see deploy --to)")
    deploy_command = commands.add_parser("deploy", help="copy the built site to the server and switch it live")
    deploy_command.add_argument("--output", default=os.path.join(PROJECT_ROOT, "output"))
    deploy_command.add_argument("--to", required=True, help="a folder, or user@host:/folder over SSH")
    serve_command = commands.add_parser("serve", help="preview on http://127.0.0.1:PORT")
    serve_command.add_argument("--port", type=int, default=8000)
    serve_command.add_argument("--output", default=os.path.join(PROJECT_ROOT, "output"))
    serve_command.add_argument("--content", help="content folder (default: the settings' PATH)")
    serve_command.add_argument("--settings", default=settings_path(False), help="settings file")
    serve_command.add_argument("--cache", help="cache folder (default: the settings' CACHE_PATH, .cache/)")
    build_command.add_argument("--ledger", help="the server's publication ledger (none: a preview of the BIP record)")
    build_command.add_argument("--ledger-pending", help="entries staged for the push being built")
    ledger.add_commands(commands)
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    # Pelican announces every file it writes; editors need only problems.
    logging.getLogger("pelican").setLevel(logging.WARNING)

    if arguments.command == "deploy" or (arguments.command == "rollback" and arguments.to):
        return deploy_command_run(arguments)
    if arguments.command == "ledger":
        return ledger.run(arguments)
    if arguments.command == "rollback":
        try:
            with releases.build_lock(os.path.abspath(arguments.output), WAIT_MESSAGE):
                release = releases.rollback(arguments.output)
        except releases.NoRelease as error:
            logger.error("%s", error)
            return 1
        logger.info("Przywrócono wersję strony z %s (UTC).", os.path.basename(release))
        return 0
    if arguments.command == "build":
        interruptible()
        try:
            content = os.path.abspath(arguments.content) if arguments.content else None
            overrides = build_overrides(content, os.path.abspath(arguments.cache) if arguments.cache else None)
            if arguments.now:
                overrides["BUILD_NOW"] = arguments.now
            if arguments.ledger:
                overrides["LEDGER"] = {
                    "path": os.path.abspath(arguments.ledger),
                    "pending": os.path.abspath(arguments.ledger_pending) if arguments.ledger_pending else "",
                }
            settings_file = arguments.settings or settings_path(arguments.publish)
            settings = build(settings_file, arguments.output, overrides=overrides)
        except BuildFailed as failure:
            logger.error("%s", failure)
            return 1
        except KeyboardInterrupt:
            logger.error("Budowanie przerwano, więc strona nie została opublikowana i pozostała bez zmian.")
            return 130
        if settings.get("BUILD_SKIPPED"):
            logger.info("Nic się nie zmieniło od ostatniego budowania: strona w %s jest aktualna.", arguments.output)
        else:
            logger.info("Strona zbudowana w %s", arguments.output)
        return 0
    content = os.path.abspath(arguments.content) if arguments.content else None
    cache = os.path.abspath(arguments.cache) if arguments.cache else None
    watched = watched_paths(arguments.settings, content)
    interruptible()  # stopped by SIGTERM too, the preview stops the build it started
    serve(arguments.settings, arguments.output, arguments.port, watched, content, cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
