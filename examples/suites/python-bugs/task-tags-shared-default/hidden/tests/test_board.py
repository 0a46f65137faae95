import unittest

from board import Board


class BoardTests(unittest.TestCase):
    def test_explicit_tags(self):
        board = Board()
        card = board.add("Fix login", tags=["bug"])
        card.tag("urgent")
        self.assertEqual(card.tags, ["bug", "urgent"])

    def test_cards_by_tag(self):
        board = Board()
        board.add("Fix login", tags=["bug"])
        board.add("Write docs", tags=["docs"])
        self.assertEqual(board.cards_tagged("bug"), ["Fix login"])


if __name__ == "__main__":
    unittest.main()
