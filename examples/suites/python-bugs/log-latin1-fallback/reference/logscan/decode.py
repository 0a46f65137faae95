"""Bytes to text for log lines.

Logs written since 2021 are UTF-8; older ones are latin-1. A line that is not valid UTF-8 is read as latin-1.
"""


def decode_line(raw):
    """The text of one log line (bytes, without its line ending)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")
