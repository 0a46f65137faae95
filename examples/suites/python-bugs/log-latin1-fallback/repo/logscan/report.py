"""Scanning a log file and writing the summary."""

import collections
import json

from .decode import decode_line


def scan(path):
    statuses = collections.Counter()
    paths = collections.Counter()
    with open(path, "rb") as handle:
        for raw in handle:
            line = decode_line(raw.rstrip(b"\r\n"))
            if not line:
                continue
            method, target, status = line.split(" ", 2)
            statuses[status] += 1
            paths[target] += 1
    return {"statuses": dict(statuses), "paths": dict(paths)}


def write_report(summary, path):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(summary, handle, ensure_ascii=False, sort_keys=True)
