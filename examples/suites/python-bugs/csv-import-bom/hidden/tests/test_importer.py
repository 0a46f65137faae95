import os
import tempfile
import unittest
from decimal import Decimal

from ledger import StatementError, import_statement


class ImporterTests(unittest.TestCase):
    def write(self, data):
        handle = tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False)
        self.addCleanup(os.unlink, handle.name)
        with handle:
            handle.write(data)
        return handle.name

    def test_plain_statement_imports(self):
        path = self.write(b"date,amount,payee\n2024-01-02,-12.50,Bakery\n")
        [tx] = import_statement(path)
        self.assertEqual(tx.amount, Decimal("-12.50"))
        self.assertEqual(tx.payee, "Bakery")

    def test_missing_column_is_reported(self):
        path = self.write(b"date,payee\n2024-01-02,Bakery\n")
        with self.assertRaises(StatementError):
            import_statement(path)


if __name__ == "__main__":
    unittest.main()
