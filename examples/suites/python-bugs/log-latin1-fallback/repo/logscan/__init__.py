"""Summaries of web server access logs."""

from .decode import decode_line
from .report import scan, write_report

__all__ = ["decode_line", "scan", "write_report"]
