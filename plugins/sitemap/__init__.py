"""sitemap.xml listing every HTML page written, and robots.txt.

Every generator's pages pass through Pelican's writer, which announces each
file with `content_written`; collecting those covers plugin pages (groups,
BIP, magazine...) without each of them declaring anything. A site with more
pages than one sitemap file may list (50,000 by the protocol) gets a sitemap
index, sitemap.xml, pointing to sitemap-1.xml, sitemap-2.xml, ...
Settings: SITEMAP = {"exclude": [...], "max_urls": 50000}.
"""

import logging
import os
from xml.sax.saxutils import escape

from pelican import signals

from plugins.core import plugin_settings, session_of

logger = logging.getLogger(__name__)

DEFAULTS = {"exclude": ["404.html"], "max_urls": 50_000}
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def written_pages(settings: dict) -> dict[str, str | None]:
    """{absolute path: last modified date} of this build's pages (its part of the build session)."""
    return session_of(settings).part("sitemap", dict)


def last_modified(context: dict) -> str | None:
    for key in ("article", "page", "document", "issue"):
        content = context.get(key)
        if content is not None and hasattr(content, "date"):
            stamp = getattr(content, "modified", None) or content.date
            return stamp.date().isoformat() if hasattr(stamp, "date") else None
    return None


def remember_page(path, context=None) -> None:
    if path.endswith(".html") and context is not None:
        written_pages(context)[path] = last_modified(context)


def page_url(relative_path: str) -> str:
    if relative_path.endswith("index.html"):
        return relative_path[: -len("index.html")]
    return relative_path


def sitemap_xml(entries: list[tuple[str, str | None]], siteurl: str) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<urlset xmlns="{NAMESPACE}">',
    ]
    for url, modified in entries:
        lines.append(f"  <url><loc>{escape(f'{siteurl}/{url}')}</loc>")
        if modified:
            lines.append(f"    <lastmod>{modified}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def sitemap_index_xml(names: list[str], siteurl: str) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{NAMESPACE}">']
    lines += [f"  <sitemap><loc>{escape(f'{siteurl}/{name}')}</loc></sitemap>" for name in names]
    lines.append("</sitemapindex>")
    return "\n".join(lines) + "\n"


def sitemap_files(entries: list[tuple[str, str | None]], siteurl: str, max_urls: int) -> dict[str, str]:
    """{file name: XML}: one sitemap.xml, or an index and as many parts as the pages need."""
    if len(entries) <= max_urls:
        return {"sitemap.xml": sitemap_xml(entries, siteurl)}
    parts = {
        f"sitemap-{number}.xml": sitemap_xml(entries[start : start + max_urls], siteurl)
        for number, start in enumerate(range(0, len(entries), max_urls), start=1)
    }
    return {"sitemap.xml": sitemap_index_xml(list(parts), siteurl), **parts}


def robots_txt(siteurl: str) -> str:
    lines = ["User-agent: *", "Disallow: /pagefind/"]
    if siteurl.startswith("http"):
        lines.append(f"Sitemap: {siteurl}/sitemap.xml")
    return "\n".join(lines) + "\n"


def write_sitemap(pelican) -> None:
    config = plugin_settings(pelican.settings, "SITEMAP", DEFAULTS)
    output = pelican.output_path
    entries = []
    for path, modified in written_pages(pelican.settings).items():
        relative = os.path.relpath(path, output).replace(os.sep, "/")
        if relative not in config["exclude"]:
            entries.append((page_url(relative), modified))
    entries.sort()
    siteurl = pelican.settings["SITEURL"]
    for name, xml in sitemap_files(entries, siteurl, config["max_urls"]).items():
        with open(os.path.join(output, name), "w", encoding="utf-8") as handle:
            handle.write(xml)
    with open(os.path.join(output, "robots.txt"), "w", encoding="utf-8") as handle:
        handle.write(robots_txt(siteurl))
    logger.debug("sitemap.xml lists %s pages", len(entries))


# Runs after (plugins.core.order): lists every page written.
NEEDS = ("*", "assets")


def register():
    signals.content_written.connect(remember_page)
    signals.finalized.connect(write_sitemap)
