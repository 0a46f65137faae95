"""Events as stored and as sent on the wire."""

from dataclasses import dataclass
from datetime import datetime

from .clock import from_epoch, to_epoch


@dataclass(frozen=True)
class Event:
    name: str
    at: datetime


def decode_event(payload):
    return Event(name=payload["name"], at=from_epoch(payload["ts"]))


def encode_event(event):
    return {"name": event.name, "ts": to_epoch(event.at)}
