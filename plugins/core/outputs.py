"""Where list pages are written, page 2 onwards included, for the output-uniqueness check."""

from pelican.paginator import Paginator

# Folders of the site that the build and the server own: the search index, the build's report for
# editors (served beside the releases) and the preview's own files. A page there would be replaced,
# or hidden by the server.
SEARCH_FOLDER = "pagefind"
STATUS_FOLDER = "stan-budowania"
PREVIEW_FOLDER = "__podglad__"


def reserved_folders(settings: dict) -> frozenset[str]:
    """The first parts of addresses no content may take (the theme's files too)."""
    return frozenset({settings["THEME_STATIC_DIR"], SEARCH_FOLDER, STATUS_FOLDER, PREVIEW_FOLDER})


def paginated_save_as(settings: dict, template: str, save_as: str, url: str, count: int) -> list[str]:
    """Every file Pelican's writer makes for a list of `count` items shown with `template`."""
    if template not in settings["PAGINATED_TEMPLATES"]:
        return [save_as]
    per_page = settings["PAGINATED_TEMPLATES"][template] or settings["DEFAULT_PAGINATION"]
    paginator = Paginator(save_as, url, list(range(count)), settings, per_page)
    return [paginator.page(number).save_as for number in paginator.page_range]
