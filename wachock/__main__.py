"""Command line: python -m wachock build|rollback|serve [options]."""

import argparse
import logging
import os
import sys

from . import releases
from .build import PROJECT_ROOT, BuildFailed, build
from .serve import serve

logger = logging.getLogger("wachock")


def settings_path(publish: bool) -> str:
    return os.path.join(PROJECT_ROOT, "publishconf.py" if publish else "pelicanconf.py")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wachock")
    commands = parser.add_subparsers(dest="command", required=True)
    build_command = commands.add_parser("build", help="build the site into output/")
    build_command.add_argument("--publish", action="store_true", help="production settings")
    build_command.add_argument("--output", default=os.path.join(PROJECT_ROOT, "output"))
    build_command.add_argument("--content", help="content folder (default: the settings' PATH)")
    rollback_command = commands.add_parser("rollback", help="switch output/ back to the previous release")
    rollback_command.add_argument("--output", default=os.path.join(PROJECT_ROOT, "output"))
    serve_command = commands.add_parser("serve", help="preview on http://127.0.0.1:PORT")
    serve_command.add_argument("--port", type=int, default=8000)
    serve_command.add_argument("--output", default=os.path.join(PROJECT_ROOT, "output"))
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    # Pelican announces every file it writes; editors need only problems.
    logging.getLogger("pelican").setLevel(logging.WARNING)

    if arguments.command == "rollback":
        try:
            release = releases.rollback(arguments.output)
        except releases.NoRelease as error:
            logger.error("%s", error)
            return 1
        logger.info("Przywrócono wersję strony z %s (UTC).", os.path.basename(release))
        return 0
    if arguments.command == "build":
        try:
            overrides = {"PATH": os.path.abspath(arguments.content)} if arguments.content else None
            build(settings_path(arguments.publish), arguments.output, overrides=overrides)
        except BuildFailed as failure:
            logger.error("%s", failure)
            return 1

        logger.info("Strona zbudowana w %s", arguments.output)
        return 0
    watched = [os.path.join(PROJECT_ROOT, name) for name in ("content", "theme", "plugins", "pelicanconf.py")]
    serve(settings_path(False), arguments.output, arguments.port, watched)
    return 0


if __name__ == "__main__":
    sys.exit(main())
