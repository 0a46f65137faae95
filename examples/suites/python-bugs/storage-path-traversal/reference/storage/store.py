"""Attachments stored as files under one root folder."""

import os

from .errors import InvalidNameError


class FileStore:
    def __init__(self, root):
        self.root = os.path.abspath(root)

    def path_for(self, name):
        """The file that holds the attachment `name`; InvalidNameError unless it is a relative path inside the store."""
        if not name or os.path.isabs(name):
            raise InvalidNameError(f"attachment names are relative paths inside the store, not {name!r}")
        path = os.path.normpath(os.path.join(self.root, name))
        if os.path.commonpath([self.root, path]) != self.root or path == self.root:
            raise InvalidNameError(f"attachment name {name!r} leaves the store")
        return path

    def save(self, name, data):
        path = self.path_for(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)

    def load(self, name):
        with open(self.path_for(name), "rb") as handle:
            return handle.read()
