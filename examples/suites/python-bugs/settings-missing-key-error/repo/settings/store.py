"""A settings file parsed into typed values."""

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

    def get_int(self, key, default=_MISSING):
        if default is not _MISSING and key not in self._values:
            return default
        return int(self._values[key])

    def get_bool(self, key, default=_MISSING):
        if default is not _MISSING and key not in self._values:
            return default
        value = self._values[key].lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ValueError(value)
