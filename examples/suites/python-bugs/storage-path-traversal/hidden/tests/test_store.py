import shutil
import tempfile
import unittest

from storage import FileStore


class StoreTests(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.root)
        self.store = FileStore(self.root)

    def test_save_and_load(self):
        self.store.save("a.txt", b"hello")
        self.assertEqual(self.store.load("a.txt"), b"hello")

    def test_nested_names(self):
        self.store.save("invoices/2024/march.pdf", b"%PDF")
        self.assertEqual(self.store.load("invoices/2024/march.pdf"), b"%PDF")


if __name__ == "__main__":
    unittest.main()
