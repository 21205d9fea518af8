"""Production settings: absolute URLs from SITEURL, for `make publish`."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403

SITEURL = "https://www.wachock.pl"
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
