import json
import os
import tempfile
import unittest

from exporter import Customer, export_customers


class ExportTests(unittest.TestCase):
    def path(self):
        folder = tempfile.mkdtemp()
        path = os.path.join(folder, "export.json")
        self.addCleanup(lambda: (os.path.exists(path) and os.unlink(path), os.rmdir(folder)))
        return path

    def test_round_trip(self):
        path = self.path()
        export_customers([Customer(1, "Ada", "London")], path)
        with open(path, encoding="utf-8") as handle:
            self.assertEqual(json.load(handle), {"customers": [{"id": 1, "name": "Ada", "city": "London"}]})

    def test_inactive_customers_are_skipped(self):
        path = self.path()
        export_customers([Customer(1, "Ada", "London"), Customer(2, "Bob", "Leeds", active=False)], path)
        with open(path, encoding="utf-8") as handle:
            self.assertEqual([c["id"] for c in json.load(handle)["customers"]], [1])


if __name__ == "__main__":
    unittest.main()
