"""The JSON body of a paged list response."""

from .paging import PageOutOfRange, page_count, page_slice


def list_response(items, page=1, per_page=10):
    pages = page_count(len(items), per_page)
    if page < 1 or (pages and page > pages) or (not pages and page != 1):
        raise PageOutOfRange(f"page {page} of {pages}")
    return {
        "items": list(items[page_slice(page, per_page)]),
        "page": page,
        "pages": pages,
        "has_next": page < pages,
    }
