"""Errors of the attachment store."""


class InvalidNameError(ValueError):
    """An attachment name that is not a relative path inside the store."""
