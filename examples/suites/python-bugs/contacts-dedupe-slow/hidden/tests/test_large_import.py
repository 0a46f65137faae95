import signal
import unittest

from contacts import unique_contacts

# The fixed code takes well under a second here; the quadratic one takes hours. The alarm ends the
# test after DEADLINE seconds either way, so a slow implementation fails quickly instead of hanging.
DEADLINE = 3.0
COUNT = 200_000


class Deadline(Exception):
    pass


def rows():
    # Every address appears twice, the copy in capitals, so half the rows are dropped.
    data = [{"email": f"user{i}@example.org", "n": i} for i in range(COUNT // 2)]
    data += [{"email": f"USER{i}@EXAMPLE.ORG", "n": -i} for i in range(COUNT // 2)]
    return data


class LargeImportTests(unittest.TestCase):
    def run_with_deadline(self, seconds, function, *args):
        def expire(signum, frame):
            raise Deadline(f"still running after {seconds} s")

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return function(*args)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    def test_two_hundred_thousand_contacts_are_fast(self):
        data = rows()
        try:
            result = self.run_with_deadline(DEADLINE, unique_contacts, data)
        except Deadline as error:
            self.fail(f"unique_contacts({COUNT} rows) is too slow: {error}")
        self.assertEqual(len(result), COUNT // 2)

    def test_large_result_is_unchanged_in_order(self):
        # Small enough for the slow implementation too: both must give the same answer.
        data = rows()[:1000] + rows()[COUNT // 2:COUNT // 2 + 1000]
        self.assertEqual([r["n"] for r in unique_contacts(data)], list(range(1000)))


if __name__ == "__main__":
    unittest.main()
