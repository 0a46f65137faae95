"""Bank statement import."""

from .importer import StatementError, Transaction, import_statement

__all__ = ["StatementError", "Transaction", "import_statement"]
