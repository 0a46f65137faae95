"""Writing an export file."""

import json

from .customers import active_customers


def export_customers(customers, path):
    records = [c.to_json() for c in active_customers(customers)]
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(json.dumps({"customers": records}, indent=2, ensure_ascii=False))
        handle.write("\n")
