"""A folder of named attachments."""

from .errors import InvalidNameError
from .store import FileStore

__all__ = ["FileStore", "InvalidNameError"]
