import unittest

from pager import PageOutOfRange, list_response, page_count


class LastPageTests(unittest.TestCase):
    def test_partial_last_page_is_counted(self):
        self.assertEqual(page_count(25, 10), 3)
        self.assertEqual(page_count(1, 10), 1)

    def test_last_page_holds_the_remainder(self):
        body = list_response(list(range(1, 26)), page=3, per_page=10)
        self.assertEqual(body["items"], [21, 22, 23, 24, 25])
        self.assertEqual(body["pages"], 3)
        self.assertFalse(body["has_next"])

    def test_second_page_has_next(self):
        self.assertTrue(list_response(list(range(1, 26)), page=2, per_page=10)["has_next"])

    def test_empty_list_has_no_pages(self):
        body = list_response([], page=1, per_page=10)
        self.assertEqual(body["items"], [])
        self.assertEqual(body["pages"], 0)

    def test_page_past_the_end_is_refused(self):
        with self.assertRaises(PageOutOfRange):
            list_response(list(range(1, 21)), page=3, per_page=10)


if __name__ == "__main__":
    unittest.main()
