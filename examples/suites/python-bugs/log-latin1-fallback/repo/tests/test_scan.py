import os
import tempfile
import unittest

from logscan import scan


class ScanTests(unittest.TestCase):
    def write(self, data):
        handle = tempfile.NamedTemporaryFile("wb", suffix=".log", delete=False)
        self.addCleanup(os.unlink, handle.name)
        with handle:
            handle.write(data)
        return handle.name

    def test_counts_status_codes(self):
        path = self.write(b"GET /a 200\nGET /b 404\nGET /a 200\n")
        self.assertEqual(scan(path)["statuses"], {"200": 2, "404": 1})

    def test_report_lists_paths(self):
        path = self.write(b"GET /a 200\r\nPOST /b 201\r\n")
        self.assertEqual(scan(path)["paths"], {"/a": 1, "/b": 1})


if __name__ == "__main__":
    unittest.main()
