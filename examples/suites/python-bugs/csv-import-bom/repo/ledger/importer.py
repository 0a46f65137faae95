"""Turning statement rows into transactions."""

from dataclasses import dataclass
from decimal import Decimal

from .reader import read_rows

REQUIRED = ("date", "amount", "payee")


class StatementError(Exception):
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
            raise StatementError(f"{path}: missing column '{name}' (columns: {listed})")
    return [Transaction(row["date"], Decimal(row["amount"]), row["payee"]) for row in rows]
