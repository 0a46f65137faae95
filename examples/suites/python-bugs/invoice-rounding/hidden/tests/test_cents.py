import unittest
from decimal import Decimal

from billing import Invoice


class CentTests(unittest.TestCase):
    def test_lines_add_up(self):
        invoice = Invoice(vat_rate="0.15")
        invoice.add("Sticker", 2, "1.85")
        totals = invoice.totals()
        self.assertEqual(totals, {"net": "3.70", "vat": "0.56", "total": "4.26"})
        self.assertEqual(Decimal(totals["net"]) + Decimal(totals["vat"]), Decimal(totals["total"]))

    def test_half_cent_rounds_up(self):
        invoice = Invoice(vat_rate="0.25")
        invoice.add("Service", 1, "10.70")
        self.assertEqual(invoice.totals(), {"net": "10.70", "vat": "2.68", "total": "13.38"})

    def test_no_vat(self):
        invoice = Invoice(vat_rate="0")
        invoice.add("Book", 3, "7.99")
        self.assertEqual(invoice.totals(), {"net": "23.97", "vat": "0.00", "total": "23.97"})


if __name__ == "__main__":
    unittest.main()
