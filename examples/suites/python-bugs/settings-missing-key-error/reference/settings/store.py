"""A settings file parsed into typed values."""

from .errors import InvalidSettingError, MissingSettingError

_MISSING = object()
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def parse_settings(text):
    values = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip()
    return values


class SettingsStore:
    def __init__(self, values):
        self._values = dict(values)

    def _raw(self, key):
        try:
            return self._values[key]
        except KeyError:
            raise MissingSettingError(key) from None

    def get_int(self, key, default=_MISSING):
        if default is not _MISSING and key not in self._values:
            return default
        value = self._raw(key)
        try:
            return int(value)
        except ValueError:
            raise InvalidSettingError(key, value, "an integer") from None

    def get_bool(self, key, default=_MISSING):
        if default is not _MISSING and key not in self._values:
            return default
        value = self._raw(key)
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise InvalidSettingError(key, value, "yes or no")
