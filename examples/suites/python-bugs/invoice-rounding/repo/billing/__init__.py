"""Invoices with VAT."""

from .invoice import Invoice, Line
from .money import format_amount, to_cents

__all__ = ["Invoice", "Line", "format_amount", "to_cents"]
