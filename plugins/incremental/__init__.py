"""Incremental rendering: a content page whose inputs did not change is taken from the live release.

The dependency record and the reuse live in core.writer (the site's one writer); this plugin turns
them on. Without it every page is rendered, and the output is the same byte for byte.
Settings: none.
"""

from pelican import signals

from plugins.core.writer import save_record, start_record, use_site_writer

# Runs after (plugins.core.order): records what every other plugin wrote.
NEEDS = ("*", "search")


def register():
    use_site_writer()
    signals.initialized.connect(start_record)
    signals.finalized.connect(save_record)
