"""Page arithmetic shared by every list endpoint."""


class PageOutOfRange(Exception):
    """A page number below 1 or past the last page."""


def page_count(total, per_page):
    """How many pages `total` items fill at `per_page` items a page."""
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    return total // per_page


def page_slice(page, per_page):
    """The slice of the item list that page `page` (1-based) shows."""
    start = (page - 1) * per_page
    return slice(start, start + per_page)
