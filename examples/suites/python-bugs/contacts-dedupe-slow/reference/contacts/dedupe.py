"""Removing repeated contacts."""

from .normalize import email_key


def unique_contacts(contacts):
    """The first contact of each e-mail address, in input order. Contacts are dicts with an "email"."""
    seen = set()
    unique = []
    for contact in contacts:
        key = email_key(contact["email"])
        if key not in seen:
            seen.add(key)
            unique.append(contact)
    return unique
