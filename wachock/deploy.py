"""`make deploy`: copy the built site to the server and make it live there in one rename.

The target is a local folder (`/srv/wachock`) or an SSH one (`wachock@serwer:/srv/wachock`).
rsync copies the live local release into a staging folder beside the target's releases,
hard-linking what the target's live release already has; then releases.py itself, sent over SSH
to the server's python3 (nothing else is needed there), switches the `output` link, carries the
previous assets for pages still open in browsers and keeps the last few releases. Locally the
very same commands run without SSH, which is what the tests exercise.
"""

import logging
import os
import shlex
import subprocess
from dataclasses import dataclass

from . import releases

logger = logging.getLogger(__name__)

RELEASES_SCRIPT = os.path.abspath(releases.__file__)


class DeployFailed(Exception):
    """Nothing was switched; the message says why in Polish."""


@dataclass(frozen=True)
class Target:
    host: str  # "" for a local folder
    folder: str

    @classmethod
    def parse(cls, text: str) -> "Target":
        host, separator, folder = text.partition(":")
        if separator and "/" not in host and host:
            return cls(host, folder)
        return cls("", os.path.abspath(text))

    @property
    def output(self) -> str:
        return f"{self.folder.rstrip('/')}/output"

    def rsync_path(self, path: str) -> str:
        return f"{self.host}:{path}" if self.host else path


def run_releases(target: Target, *arguments: str) -> str:
    """releases.py's command line on the target: over SSH with the script on stdin, or here."""
    command = ["python3", "-", *arguments]
    if target.host:
        command = ["ssh", "-o", "BatchMode=yes", target.host, shlex.join(command)]
    with open(RELEASES_SCRIPT, "rb") as script:
        done = subprocess.run(command, stdin=script, capture_output=True, timeout=3600)
    if done.returncode != 0:
        raise DeployFailed(
            f"Polecenie na serwerze nie powiodło się ({' '.join(arguments[:1])}): "
            f"{done.stderr.decode(errors='replace').strip()}"
        )
    return done.stdout.decode().strip()


def copy_release(source: str, target: Target, staging: str, live_name: str) -> None:
    command = ["rsync", "--archive", "--delete", "--hard-links"]
    if live_name:
        # relative to the staging folder: unchanged files become hard links to the live release
        command.append(f"--link-dest=../{live_name}")
    command += [f"{source}/", target.rsync_path(f"{staging}/")]
    done = subprocess.run(command, capture_output=True, timeout=3600)
    if done.returncode != 0:
        raise DeployFailed(
            f"Kopiowanie na serwer nie powiodło się (rsync): {done.stderr.decode(errors='replace').strip()}"
        )


def deploy(output: str, destination: str) -> str:
    """Publish the live local release at `destination`; returns the new release's name there."""
    source = releases.current_release(output)
    if not source:
        raise DeployFailed(f"Nie ma zbudowanej strony w {output}: najpierw uruchom `make publish`.")
    target = Target.parse(destination)
    live_name = run_releases(target, "live", target.output)
    staging = run_releases(target, "staging", target.output)
    copy_release(source, target, staging, live_name)
    return run_releases(target, "publish", target.output, staging)


def rollback(destination: str) -> str:
    target = Target.parse(destination)
    return run_releases(target, "rollback", target.output)
