"""A read-through cache for expensive loads."""

from .cache import LoadingCache
from .stats import CacheStats

__all__ = ["CacheStats", "LoadingCache"]
