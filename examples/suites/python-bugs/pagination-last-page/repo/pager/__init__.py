"""Pagination for list endpoints."""

from .paging import PageOutOfRange, page_count, page_slice
from .api import list_response

__all__ = ["PageOutOfRange", "page_count", "page_slice", "list_response"]
