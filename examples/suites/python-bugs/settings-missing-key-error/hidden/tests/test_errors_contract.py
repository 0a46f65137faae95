import unittest

from settings import ConfigError, InvalidSettingError, MissingSettingError, SettingsStore, parse_settings


class ErrorContractTests(unittest.TestCase):
    def setUp(self):
        self.store = SettingsStore(parse_settings("port = eighty\ndebug = maybe\nname = api\n"))

    def test_missing_setting_raises_missing_setting_error(self):
        with self.assertRaises(MissingSettingError) as caught:
            self.store.get_int("workers")
        self.assertIn("workers", str(caught.exception))

    def test_bad_integer_raises_invalid_setting_error(self):
        with self.assertRaises(InvalidSettingError) as caught:
            self.store.get_int("port")
        self.assertIn("port", str(caught.exception))

    def test_bad_boolean_raises_invalid_setting_error(self):
        with self.assertRaises(InvalidSettingError) as caught:
            self.store.get_bool("debug")
        self.assertIn("debug", str(caught.exception))

    def test_errors_are_config_errors(self):
        self.assertTrue(issubclass(MissingSettingError, ConfigError))
        self.assertTrue(issubclass(InvalidSettingError, ConfigError))


if __name__ == "__main__":
    unittest.main()
