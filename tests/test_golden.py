"""The fixture site builds to exactly the committed output (make golden)."""

import difflib
import os

from tests.golden import EXPECTED, build_fixture, relative_files


def test_fixture_site_matches_golden_output(tmp_path):
    output = tmp_path / "output"
    build_fixture(str(output))
    assert relative_files(str(output)) == relative_files(EXPECTED)
    for relative in relative_files(EXPECTED):
        with open(os.path.join(EXPECTED, relative), "rb") as handle:
            expected = handle.read()
        actual = (output / relative).read_bytes()
        if actual != expected:
            diff = difflib.unified_diff(
                expected.decode("utf-8", "replace").splitlines(),
                actual.decode("utf-8", "replace").splitlines(),
                f"expected/{relative}",
                f"built/{relative}",
                lineterm="",
            )
            raise AssertionError(
                f"{relative} differs from the golden output; run `make golden` if the change is intended:\n"
                + "\n".join(list(diff)[:60])
            )
