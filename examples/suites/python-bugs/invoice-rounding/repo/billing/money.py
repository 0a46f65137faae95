"""Money amounts: parsing, rounding to the cent, formatting."""


def parse_amount(text):
    return float(text)


def to_cents(amount):
    """The amount rounded to the cent."""
    return round(amount, 2)


def format_amount(amount):
    return f"{amount:.2f}"
