"""The customer records an export is made of."""

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Customer:
    id: int
    name: str
    city: str
    active: bool = True

    def to_json(self):
        data = asdict(self)
        data.pop("active")
        return data


def active_customers(customers):
    return [c for c in customers if c.active]
