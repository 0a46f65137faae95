import codecs
import os
import tempfile
import unittest

from ledger import import_statement
from ledger.reader import read_rows

TEXT = "date,amount,payee\n2024-03-01,-4.20,Café Müller\n2024-03-02,100.00,Employer\n"


class BomTests(unittest.TestCase):
    def write(self, data):
        handle = tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False)
        self.addCleanup(os.unlink, handle.name)
        with handle:
            handle.write(data)
        return handle.name

    def test_statement_with_bom_imports(self):
        path = self.write(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
        rows = import_statement(path)
        self.assertEqual([tx.payee for tx in rows], ["Café Müller", "Employer"])
        self.assertEqual(rows[0].date, "2024-03-01")

    def test_header_names_have_no_bom(self):
        path = self.write(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
        columns, _ = read_rows(path)
        self.assertEqual(columns, ["date", "amount", "payee"])

    def test_non_ascii_payee_without_bom(self):
        path = self.write(TEXT.encode("utf-8"))
        self.assertEqual(import_statement(path)[0].payee, "Café Müller")


if __name__ == "__main__":
    unittest.main()
