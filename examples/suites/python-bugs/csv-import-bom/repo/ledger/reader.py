"""Reading CSV statements from disk."""

import csv


def read_rows(path):
    """The header names and the rows of a CSV file, as dictionaries."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)
