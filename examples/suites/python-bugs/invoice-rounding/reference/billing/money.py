"""Money amounts: parsing, rounding to the cent, formatting."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def parse_amount(text):
    return Decimal(text)


def to_cents(amount):
    """The amount rounded to the cent, half a cent away from zero."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def format_amount(amount):
    return f"{amount:.2f}"
