"""Rows of a product sheet into products, with the rows that were refused."""

from .sku import is_valid_sku


def import_products(rows):
    """(products, refused row numbers); a row is (sku, name)."""
    products, refused = [], []
    for number, (sku, name) in enumerate(rows, start=1):
        if is_valid_sku(sku):
            products.append({"sku": sku, "name": name})
        else:
            refused.append(number)
    return products, refused
