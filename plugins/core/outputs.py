"""Where list pages are written, page 2 onwards included, for the output-uniqueness check."""

from pelican.paginator import Paginator


def paginated_save_as(settings: dict, template: str, save_as: str, url: str, count: int) -> list[str]:
    """Every file Pelican's writer makes for a list of `count` items shown with `template`."""
    if template not in settings["PAGINATED_TEMPLATES"]:
        return [save_as]
    per_page = settings["PAGINATED_TEMPLATES"][template] or settings["DEFAULT_PAGINATION"]
    paginator = Paginator(save_as, url, list(range(count)), settings, per_page)
    return [paginator.page(number).save_as for number in paginator.page_range]
