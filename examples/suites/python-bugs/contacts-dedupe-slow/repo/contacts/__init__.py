"""Contact list import."""

from .dedupe import unique_contacts
from .normalize import email_key

__all__ = ["email_key", "unique_contacts"]
