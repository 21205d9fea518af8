"""Forces the locale and time zone; builds the demo site once for the suite."""

import os
import time

os.environ["TZ"] = "Europe/Warsaw"
os.environ["LC_ALL"] = "C.UTF-8"
os.environ["LANG"] = "C.UTF-8"
time.tzset()

import pytest  # noqa: E402

from tests.sitebuild import PROJECT_ROOT, build_site  # noqa: E402


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> str:
    """The real demo content (content/), built once into a temporary folder."""
    output = tmp_path_factory.mktemp("demo") / "output"
    build_site(os.path.join(PROJECT_ROOT, "content"), str(output))
    return str(output)
