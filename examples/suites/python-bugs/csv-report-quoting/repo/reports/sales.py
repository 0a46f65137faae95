"""The rows of the monthly sales report."""

HEADER = ["customer", "amount", "note"]


def sales_rows(orders):
    """The header and one row of text per order; an order is (customer, amount, note)."""
    rows = [HEADER]
    for customer, amount, note in orders:
        rows.append([customer, f"{amount:.2f}", note])
    return rows
