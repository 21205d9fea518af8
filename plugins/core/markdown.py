"""Rendering a document's body with the site's own Markdown settings."""

from collections.abc import Callable

from markdown import Markdown

META_EXTENSION = "markdown.extensions.meta"


def body_renderer(markdown_settings: dict) -> Callable[[str], str]:
    """text -> HTML with the configured extensions, minus the header (meta) extension.

    Pelican's reader builds the same Markdown from the same settings, so a body
    rendered here is the body Pelican renders.
    """
    options = {k: v for k, v in markdown_settings.items() if k != "extensions"}
    extensions = list(markdown_settings.get("extensions", []))
    for name in markdown_settings.get("extension_configs", {}):
        if name not in extensions:
            extensions.append(name)
    extensions = [e for e in extensions if e != META_EXTENSION]
    markdown = Markdown(extensions=extensions, **options)

    def render(text: str) -> str:
        markdown.reset()
        return markdown.convert(text)

    return render
