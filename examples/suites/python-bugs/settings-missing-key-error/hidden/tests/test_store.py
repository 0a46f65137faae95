import unittest

from settings import SettingsStore, parse_settings


class StoreTests(unittest.TestCase):
    def setUp(self):
        self.store = SettingsStore(parse_settings("# deploy\nport = 8080\ndebug = yes\n"))

    def test_reads_integer(self):
        self.assertEqual(self.store.get_int("port"), 8080)

    def test_default_when_missing(self):
        self.assertEqual(self.store.get_int("workers", default=4), 4)
        self.assertFalse(self.store.get_bool("verbose", default=False))

    def test_reads_boolean(self):
        self.assertTrue(self.store.get_bool("debug"))


if __name__ == "__main__":
    unittest.main()
