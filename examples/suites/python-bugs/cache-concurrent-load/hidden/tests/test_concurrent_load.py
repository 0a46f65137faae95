import threading
import unittest

from memo import LoadingCache

# How long the first load waits for a second, concurrent load of the same key. A correct cache never
# starts one, so the wait always runs out; a racy cache starts one within microseconds of the second
# caller starting (the test waits until that caller is running before it starts counting).
SECOND_LOAD_WAIT = 1.0


class ConcurrentLoadTests(unittest.TestCase):
    def test_same_key_is_loaded_once(self):
        first_load_started = threading.Event()
        second_caller_running = threading.Event()
        loads = []
        loads_lock = threading.Lock()
        barrier = threading.Barrier(2)

        def loader(key):
            with loads_lock:
                loads.append(key)
            first_load_started.set()
            try:
                # Both loads meet here if the cache lets two run at once; a correct cache times out.
                barrier.wait(timeout=SECOND_LOAD_WAIT if second_caller_running.wait(10) else 0)
            except threading.BrokenBarrierError:
                pass
            return f"profile:{key}"

        cache = LoadingCache(loader)
        results = []

        def first():
            results.append(cache.get("customer-7"))

        def second():
            first_load_started.wait(10)
            second_caller_running.set()
            results.append(cache.get("customer-7"))

        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)

        self.assertEqual(results, ["profile:customer-7", "profile:customer-7"])
        self.assertEqual(loads, ["customer-7"], "the loader ran more than once for the same key")

    def test_many_threads_many_keys_all_get_values(self):
        cache = LoadingCache(lambda key: key * 2)
        errors = []

        def work(offset):
            try:
                for i in range(200):
                    key = (i + offset) % 50
                    if cache.get(key) != key * 2:
                        errors.append(key)
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        self.assertEqual(errors, [])


if __name__ == "__main__":
    unittest.main()
