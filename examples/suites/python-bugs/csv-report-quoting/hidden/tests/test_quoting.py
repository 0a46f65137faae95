import csv
import io
import unittest

from reports import sales_rows, to_csv


def parse(text):
    return list(csv.reader(io.StringIO(text, newline="")))


class QuotingTests(unittest.TestCase):
    def test_comma_in_name_round_trips(self):
        rows = sales_rows([("Smith, Jones & Co", 99.0, "net 30")])
        self.assertEqual(parse(to_csv(rows)), rows)

    def test_quotes_and_newlines_round_trip(self):
        rows = sales_rows([('The "Best" Shop', 5.0, "call back\nafter 5pm"), ("Plain", 1.0, "")])
        self.assertEqual(parse(to_csv(rows)), rows)

    def test_plain_rows_are_unchanged(self):
        rows = sales_rows([("Acme", 1.0, "ok"), ("Globex", 2.0, "")])
        self.assertEqual(parse(to_csv(rows)), rows)
        self.assertEqual(to_csv(rows).splitlines()[1], "Acme,1.00,ok")


if __name__ == "__main__":
    unittest.main()
