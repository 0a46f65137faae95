"""A cache that loads a missing value with the loader it was given."""

import threading

from .stats import CacheStats


class LoadingCache:
    def __init__(self, loader):
        self._loader = loader
        self._values = {}
        self._lock = threading.Lock()
        self._key_locks = {}
        self.stats = CacheStats()

    def get(self, key):
        with self._lock:
            if key in self._values:
                self.stats.hit()
                return self._values[key]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        # One load per key at a time; loads of other keys go on in parallel.
        with key_lock:
            with self._lock:
                if key in self._values:
                    self.stats.hit()
                    return self._values[key]
            value = self._loader(key)
            self.stats.load()
            with self._lock:
                self._values[key] = value
                self._key_locks.pop(key, None)
            return value

    def invalidate(self, key):
        with self._lock:
            self._values.pop(key, None)
