import os
import time
import unittest
from datetime import timezone

from events import decode_event, encode_event, from_epoch, from_iso, to_epoch


class ServerTimezoneTests(unittest.TestCase):
    """The server's local time zone is New York; nothing may depend on it."""

    def setUp(self):
        saved = os.environ.get("TZ")

        def restore():
            if saved is None:
                os.environ.pop("TZ", None)
            else:
                os.environ["TZ"] = saved
            time.tzset()

        self.addCleanup(restore)
        # A POSIX rule, so the test needs no tzdata: UTC-5, daylight time from March to November.
        os.environ["TZ"] = "EST5EDT,M3.2.0,M11.1.0"
        time.tzset()

    def test_epoch_round_trip_in_new_york(self):
        payload = {"name": "deploy", "ts": 1700000000}
        self.assertEqual(encode_event(decode_event(payload)), payload)

    def test_parsed_time_is_aware_utc(self):
        moment = from_epoch(1700000000)
        self.assertEqual(moment.utcoffset().total_seconds(), 0)
        self.assertEqual((moment.year, moment.month, moment.day, moment.hour), (2023, 11, 14, 22))
        self.assertIs(moment.tzinfo, timezone.utc)

    def test_iso_round_trip_in_new_york(self):
        self.assertEqual(to_epoch(from_iso("2023-11-14T22:13:20+00:00")), 1700000000)


if __name__ == "__main__":
    unittest.main()
