import json
import os
import tempfile
import unittest

from logscan import decode_line, scan, write_report


class LegacyLogTests(unittest.TestCase):
    def write(self, data):
        handle = tempfile.NamedTemporaryFile("wb", suffix=".log", delete=False)
        self.addCleanup(os.unlink, handle.name)
        with handle:
            handle.write(data)
        return handle.name

    def test_latin1_line_is_decoded_as_latin1(self):
        self.assertEqual(decode_line(b"GET /caf\xe9 200"), "GET /café 200")

    def test_report_of_legacy_log_can_be_written(self):
        summary = scan(self.write(b"GET /caf\xe9 200\n"))
        out = self.write(b"")
        write_report(summary, out)
        with open(out, encoding="utf-8") as handle:
            self.assertEqual(json.load(handle)["paths"], {"/café": 1})

    def test_utf8_line_stays_utf8(self):
        self.assertEqual(decode_line("GET /naïve 200".encode("utf-8")), "GET /naïve 200")

    def test_mixed_file_keeps_each_line_right(self):
        data = "GET /naïve 200\n".encode("utf-8") + b"GET /plain 200\n"
        self.assertEqual(scan(self.write(data))["paths"], {"/naïve": 1, "/plain": 1})


if __name__ == "__main__":
    unittest.main()
