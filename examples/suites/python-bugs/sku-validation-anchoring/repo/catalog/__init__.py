"""Product catalogue import."""

from .importer import import_products
from .sku import is_valid_sku

__all__ = ["import_products", "is_valid_sku"]
