import unittest

from catalog import import_products, is_valid_sku


class CatalogTests(unittest.TestCase):
    def test_valid_sku(self):
        self.assertTrue(is_valid_sku("ABC-1234"))
        products, refused = import_products([("XYZ-0001", "Bolt")])
        self.assertEqual((products, refused), ([{"sku": "XYZ-0001", "name": "Bolt"}], []))

    def test_lowercase_is_refused(self):
        self.assertFalse(is_valid_sku("abc-1234"))


if __name__ == "__main__":
    unittest.main()
