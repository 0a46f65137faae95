"""A small kanban board."""

from .board import Board
from .card import Card

__all__ = ["Board", "Card"]
