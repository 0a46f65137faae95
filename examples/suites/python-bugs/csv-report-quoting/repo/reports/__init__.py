"""Sales reports."""

from .sales import sales_rows
from .csvfile import to_csv

__all__ = ["sales_rows", "to_csv"]
