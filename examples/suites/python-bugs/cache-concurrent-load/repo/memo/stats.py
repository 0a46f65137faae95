"""Counters of a cache."""

import threading


class CacheStats:
    def __init__(self):
        self._lock = threading.Lock()
        self.hits = 0
        self.loads = 0

    def hit(self):
        with self._lock:
            self.hits += 1

    def load(self):
        with self._lock:
            self.loads += 1
