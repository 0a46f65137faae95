"""An invoice: lines, net, VAT and total."""

from dataclasses import dataclass, field

from .money import format_amount, parse_amount, to_cents


@dataclass
class Line:
    description: str
    quantity: int
    unit_price: str


@dataclass
class Invoice:
    vat_rate: str = "0.20"
    lines: list = field(default_factory=list)

    def add(self, description, quantity, unit_price):
        self.lines.append(Line(description, quantity, unit_price))

    def net(self):
        return sum(line.quantity * parse_amount(line.unit_price) for line in self.lines)

    def vat(self):
        return self.net() * parse_amount(self.vat_rate)

    def totals(self):
        """The printed lines: net, VAT and total, as strings."""
        net = self.net()
        vat = self.vat()
        return {
            "net": format_amount(to_cents(net)),
            "vat": format_amount(to_cents(vat)),
            "total": format_amount(to_cents(net + vat)),
        }
