"""The errors of the settings package.

Callers catch ConfigError and print its message; every failure to read a setting must be one of these.
"""


class ConfigError(Exception):
    """Something is wrong with the configuration."""


class MissingSettingError(ConfigError):
    """A required setting is absent. The message names the setting."""

    def __init__(self, key):
        super().__init__(f"setting '{key}' is missing")
        self.key = key


class InvalidSettingError(ConfigError):
    """A setting has a value of the wrong type. The message names the setting and the value."""

    def __init__(self, key, value, expected):
        super().__init__(f"setting '{key}' must be {expected}, not {value!r}")
        self.key = key
        self.value = value
