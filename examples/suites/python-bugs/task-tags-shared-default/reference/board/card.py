"""One card on the board."""


class Card:
    def __init__(self, card_id, title, tags=None):
        self.id = card_id
        self.title = title
        self.tags = [] if tags is None else tags

    def tag(self, name):
        if name not in self.tags:
            self.tags.append(name)
