"""One card on the board."""


class Card:
    def __init__(self, card_id, title, tags=[]):
        self.id = card_id
        self.title = title
        self.tags = tags

    def tag(self, name):
        if name not in self.tags:
            self.tags.append(name)
