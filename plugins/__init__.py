"""The site's Pelican plugins, one capability a package; `core` holds what they share."""
