import unittest

from reports import sales_rows, to_csv


class SalesTests(unittest.TestCase):
    def test_header_and_rows(self):
        text = to_csv(sales_rows([("Acme", 12.5, "paid")]))
        self.assertEqual(text, "customer,amount,note\r\nAcme,12.50,paid\r\n")

    def test_amounts_have_two_decimals(self):
        self.assertEqual(sales_rows([("A", 3, "")])[1][1], "3.00")


if __name__ == "__main__":
    unittest.main()
