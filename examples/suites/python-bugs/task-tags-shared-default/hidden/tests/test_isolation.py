import unittest

from board import Board, Card


class IsolationTests(unittest.TestCase):
    def test_cards_without_tags_do_not_share_them(self):
        board = Board()
        login = board.add("Fix login")
        docs = board.add("Write docs")
        login.tag("urgent")
        self.assertEqual(docs.tags, [])
        self.assertEqual(Card(99, "Later").tags, [])
        self.assertEqual(board.cards_tagged("urgent"), ["Fix login"])

    def test_watching_one_card_does_not_watch_others(self):
        board = Board()
        first = board.add("Fix login")
        second = board.add("Write docs")
        board.watch(first.id, "ana")
        self.assertEqual(board.watchers_of(second.id), [])
        self.assertEqual(board.watchers_of(first.id), ["ana"])

    def test_explicit_tag_list_is_copied(self):
        board = Board()
        tags = ["bug"]
        card = board.add("Fix login", tags=tags)
        card.tag("urgent")
        self.assertEqual(tags, ["bug"])


if __name__ == "__main__":
    unittest.main()
