import unittest
from datetime import datetime, timezone

from events import decode_event, encode_event, from_iso


class EventTests(unittest.TestCase):
    def test_iso_with_offset_is_converted_to_utc(self):
        self.assertEqual(from_iso("2024-05-01T10:00:00+02:00"), datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc))

    def test_event_keeps_its_name(self):
        self.assertEqual(encode_event(decode_event({"name": "login", "ts": 0}))["name"], "login")


if __name__ == "__main__":
    unittest.main()
