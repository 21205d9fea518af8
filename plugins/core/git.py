"""Reading a git repository: one subprocess per question, one cat-file process for many objects."""

import subprocess


def git(repository: str, *arguments: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(["git", "-C", repository, *arguments], input=stdin, capture_output=True, check=True).stdout


def is_ancestor(repository: str, older: str, newer: str) -> bool:
    try:
        git(repository, "merge-base", "--is-ancestor", older, newer)
    except subprocess.CalledProcessError:
        return False
    return True


def read_objects(repository: str, names: list[str]) -> dict[str, bytes]:
    """Objects by any name git understands ("<commit>:<path>", a blob's hash), through one cat-file
    process; missing ones are left out."""
    if not names:
        return {}
    batch = "".join(f"{name}\n" for name in names).encode()
    output = git(repository, "cat-file", "--batch", stdin=batch)
    contents, position = {}, 0
    for name in names:
        end = output.index(b"\n", position)
        header = output[position:end].decode()
        position = end + 1
        if header.endswith("missing") or header.endswith("ambiguous"):
            continue
        size = int(header.rsplit(" ", 1)[1])
        contents[name] = output[position : position + size]
        position += size + 1
    return contents


def read_blobs(repository: str, requests: list[tuple[str, str]]) -> dict[tuple[str, str], bytes]:
    """File contents at commits: {(revision, path): bytes}; missing ones left out."""
    names = {f"{revision}:{path}": (revision, path) for revision, path in requests}
    return {names[name]: data for name, data in read_objects(repository, list(names)).items()}
