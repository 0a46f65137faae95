"""The board: cards and who watches them."""

from .card import Card

_NO_WATCHERS = []


class Board:
    def __init__(self):
        self._cards = {}
        self._watchers = {}

    def add(self, title, tags=None):
        card = Card(len(self._cards) + 1, title) if tags is None else Card(len(self._cards) + 1, title, list(tags))
        self._cards[card.id] = card
        return card

    def cards_tagged(self, name):
        return [card.title for card in self._cards.values() if name in card.tags]

    def watchers_of(self, card_id):
        return self._watchers.get(card_id, _NO_WATCHERS)

    def watch(self, card_id, user):
        watchers = self.watchers_of(card_id)
        watchers.append(user)
        self._watchers[card_id] = watchers
