"""Stock-keeping unit codes: three capital letters, a dash, four digits (ABC-1234)."""

import re

SKU = re.compile(r"[A-Z]{3}-\d{4}")


def is_valid_sku(text):
    return SKU.match(text) is not None
