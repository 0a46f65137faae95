"""Bank statement import."""

from .importer import ImportError, Transaction, import_statement

__all__ = ["ImportError", "Transaction", "import_statement"]
