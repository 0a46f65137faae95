import unittest

from catalog import import_products, is_valid_sku


class StrictSkuTests(unittest.TestCase):
    def test_trailing_characters_are_refused(self):
        for sku in ("ABC-12345", "ABC-1234-old", "ABC-1234 "):
            with self.subTest(sku=sku):
                self.assertFalse(is_valid_sku(sku))

    def test_trailing_newline_is_refused(self):
        self.assertFalse(is_valid_sku("ABC-1234\n"))

    def test_import_reports_the_bad_rows(self):
        rows = [("ABC-1234", "ok"), ("ABC-12345", "too long"), ("DEF-0001\n", "newline")]
        products, refused = import_products(rows)
        self.assertEqual([p["sku"] for p in products], ["ABC-1234"])
        self.assertEqual(refused, [2, 3])

    def test_leading_characters_are_refused(self):
        self.assertFalse(is_valid_sku(" ABC-1234"))
        self.assertFalse(is_valid_sku("XABC-1234"))


if __name__ == "__main__":
    unittest.main()
