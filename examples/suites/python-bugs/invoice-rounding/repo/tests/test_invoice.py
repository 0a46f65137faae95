import unittest

from billing import Invoice


class InvoiceTests(unittest.TestCase):
    def test_whole_amounts(self):
        invoice = Invoice(vat_rate="0.20")
        invoice.add("Widget", 2, "10.00")
        self.assertEqual(invoice.totals(), {"net": "20.00", "vat": "4.00", "total": "24.00"})

    def test_formats_two_decimals(self):
        invoice = Invoice(vat_rate="0.10")
        invoice.add("Pen", 1, "1.5")
        self.assertEqual(invoice.totals()["total"], "1.65")


if __name__ == "__main__":
    unittest.main()
