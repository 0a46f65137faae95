"""A cache that loads a missing value with the loader it was given."""

from .stats import CacheStats


class LoadingCache:
    def __init__(self, loader):
        self._loader = loader
        self._values = {}
        self.stats = CacheStats()

    def get(self, key):
        if key in self._values:
            self.stats.hit()
            return self._values[key]
        value = self._loader(key)
        self.stats.load()
        self._values[key] = value
        return value

    def invalidate(self, key):
        self._values.pop(key, None)
