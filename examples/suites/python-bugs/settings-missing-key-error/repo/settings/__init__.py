"""Typed access to key = value settings files."""

from .errors import ConfigError, InvalidSettingError, MissingSettingError
from .store import SettingsStore, parse_settings

__all__ = ["ConfigError", "InvalidSettingError", "MissingSettingError", "SettingsStore", "parse_settings"]
