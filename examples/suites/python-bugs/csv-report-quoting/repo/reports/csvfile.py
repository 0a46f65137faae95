"""Rows of text into CSV."""


def to_csv(rows):
    """The CSV text of rows of strings, lines ended with CRLF."""
    return "".join(",".join(row) + "\r\n" for row in rows)
