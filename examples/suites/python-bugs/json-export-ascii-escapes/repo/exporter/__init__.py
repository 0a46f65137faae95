"""Customer exports for partners."""

from .customers import Customer, active_customers
from .writer import export_customers

__all__ = ["Customer", "active_customers", "export_customers"]
