"""Attachments stored as files under one root folder."""

import os


class FileStore:
    def __init__(self, root):
        self.root = os.path.abspath(root)

    def path_for(self, name):
        """The file that holds the attachment `name`."""
        return os.path.join(self.root, name)

    def save(self, name, data):
        path = self.path_for(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)

    def load(self, name):
        with open(self.path_for(name), "rb") as handle:
            return handle.read()
