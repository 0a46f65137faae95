import unittest

from memo import LoadingCache


class CacheTests(unittest.TestCase):
    def test_loads_once_then_hits(self):
        calls = []
        cache = LoadingCache(lambda key: calls.append(key) or key.upper())
        self.assertEqual(cache.get("a"), "A")
        self.assertEqual(cache.get("a"), "A")
        self.assertEqual(calls, ["a"])
        self.assertEqual((cache.stats.loads, cache.stats.hits), (1, 1))

    def test_invalidate_reloads(self):
        calls = []
        cache = LoadingCache(lambda key: calls.append(key) or len(calls))
        self.assertEqual(cache.get("a"), 1)
        cache.invalidate("a")
        self.assertEqual(cache.get("a"), 2)

    def test_loader_error_is_not_cached(self):
        attempts = []

        def loader(key):
            attempts.append(key)
            if len(attempts) == 1:
                raise ConnectionError("database down")
            return "ok"

        cache = LoadingCache(loader)
        with self.assertRaises(ConnectionError):
            cache.get("a")
        self.assertEqual(cache.get("a"), "ok")


if __name__ == "__main__":
    unittest.main()
