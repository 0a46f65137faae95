"""Turning statement rows into transactions."""

from dataclasses import dataclass
from decimal import Decimal

from .reader import read_rows

REQUIRED = ("date", "amount", "payee")


class ImportError(Exception):  # noqa: A001 - the package's own error, as documented
    """A statement that cannot be imported."""


@dataclass(frozen=True)
class Transaction:
    date: str
    amount: Decimal
    payee: str


def import_statement(path):
    columns, rows = read_rows(path)
    for name in REQUIRED:
        if name not in columns:
            listed = ", ".join(repr(c) for c in columns)
            raise ImportError(f"{path}: missing column '{name}' (columns: {listed})")
    return [Transaction(row["date"], Decimal(row["amount"]), row["payee"]) for row in rows]
