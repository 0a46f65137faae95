"""Event records with UTC timestamps."""

from .clock import from_epoch, from_iso, to_epoch
from .record import Event, decode_event, encode_event

__all__ = ["Event", "decode_event", "encode_event", "from_epoch", "from_iso", "to_epoch"]
