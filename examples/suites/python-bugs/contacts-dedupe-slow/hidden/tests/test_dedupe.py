import unittest

from contacts import unique_contacts


class DedupeTests(unittest.TestCase):
    def test_first_contact_of_each_address_wins(self):
        rows = [{"email": "a@x.org", "name": "A1"}, {"email": "b@x.org", "name": "B"}, {"email": "a@x.org", "name": "A2"}]
        self.assertEqual([r["name"] for r in unique_contacts(rows)], ["A1", "B"])

    def test_addresses_are_normalised(self):
        rows = [{"email": " Ann@X.org "}, {"email": "ann@x.org"}]
        self.assertEqual(len(unique_contacts(rows)), 1)


if __name__ == "__main__":
    unittest.main()
