"""Production settings: absolute URLs from SITEURL, for `make publish`."""

import os
import runpy

# The development settings, read by path: the settings files are not a package. (Lowercase:
# Pelican takes every name for which isupper() is true as a setting, and caches settings.)
_development = runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pelicanconf.py"))
globals().update({name: value for name, value in _development.items() if name.isupper()})

SITEURL = "https://www.wachock.pl"
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
