import unittest

from pager import list_response


class PagerTests(unittest.TestCase):
    def test_first_page(self):
        body = list_response(list(range(1, 21)), page=1, per_page=10)
        self.assertEqual(body["items"], list(range(1, 11)))
        self.assertTrue(body["has_next"])

    def test_exact_multiple(self):
        body = list_response(list(range(1, 21)), page=2, per_page=10)
        self.assertEqual(body["items"], list(range(11, 21)))
        self.assertEqual(body["pages"], 2)
        self.assertFalse(body["has_next"])


if __name__ == "__main__":
    unittest.main()
