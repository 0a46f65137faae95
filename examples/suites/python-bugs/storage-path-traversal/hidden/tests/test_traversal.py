import os
import shutil
import tempfile
import unittest

from storage import FileStore, InvalidNameError


class TraversalTests(unittest.TestCase):
    def setUp(self):
        self.base = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.base)
        self.root = os.path.join(self.base, "store")
        os.mkdir(self.root)
        self.store = FileStore(self.root)

    def test_absolute_name_is_refused(self):
        target = os.path.join(self.base, "owned.txt")
        with self.assertRaises(InvalidNameError):
            self.store.path_for(target)

    def test_parent_segments_are_refused(self):
        for name in ("../owned.txt", "a/../../owned.txt", "invoices/../../../etc/passwd"):
            with self.subTest(name=name), self.assertRaises(InvalidNameError):
                self.store.path_for(name)

    def test_nothing_is_written_outside(self):
        for name in (os.path.join(self.base, "owned.txt"), "../owned.txt"):
            try:
                self.store.save(name, b"x")
            except InvalidNameError:
                pass
        self.assertFalse(os.path.exists(os.path.join(self.base, "owned.txt")))

    def test_dot_segments_inside_the_store_are_fine(self):
        self.store.save("a/./b/../c.txt", b"ok")
        self.assertEqual(self.store.load("a/c.txt"), b"ok")


if __name__ == "__main__":
    unittest.main()
