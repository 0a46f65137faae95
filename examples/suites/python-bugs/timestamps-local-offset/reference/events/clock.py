"""Conversions between wire timestamps and datetimes. Inside the service every datetime is UTC."""

from datetime import datetime, timezone


def from_epoch(seconds):
    """The UTC datetime of Unix epoch seconds."""
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def from_iso(text):
    """The UTC datetime of an ISO 8601 string with an offset."""
    return datetime.fromisoformat(text).astimezone(timezone.utc)


def to_epoch(moment):
    """Unix epoch seconds of a UTC datetime."""
    return int(moment.timestamp())
