"""Rows of text into CSV."""

import csv
import io


def to_csv(rows):
    """The CSV text of rows of strings, lines ended with CRLF; fields quoted where needed."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()
