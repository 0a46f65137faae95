import json
import os
import tempfile
import unittest

from exporter import Customer, export_customers

CUSTOMERS = [Customer(1, "José Nuñez", "Málaga"), Customer(2, "张伟", "北京"), Customer(3, "Ada", "London")]


class Utf8ExportTests(unittest.TestCase):
    def export(self):
        folder = tempfile.mkdtemp()
        path = os.path.join(folder, "export.json")
        self.addCleanup(lambda: (os.path.exists(path) and os.unlink(path), os.rmdir(folder)))
        export_customers(CUSTOMERS, path)
        with open(path, "rb") as handle:
            return handle.read()

    def test_names_are_written_as_utf8(self):
        data = self.export()
        self.assertIn("José Nuñez".encode("utf-8"), data)
        self.assertIn("张伟".encode("utf-8"), data)

    def test_no_escape_sequences_for_non_ascii(self):
        self.assertNotIn(b"\\u", self.export())

    def test_file_still_loads_as_json(self):
        names = [c["name"] for c in json.loads(self.export().decode("utf-8"))["customers"]]
        self.assertEqual(names, ["José Nuñez", "张伟", "Ada"])


if __name__ == "__main__":
    unittest.main()
