"""How two e-mail addresses are compared."""


def email_key(address):
    return address.strip().lower()
