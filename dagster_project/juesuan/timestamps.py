"""Timestamps as the warehouse stores them."""

from datetime import datetime, timezone


def utc_now() -> datetime:
    """A naive UTC timestamp, as DuckDB TIMESTAMP columns store it."""
    return datetime.now(timezone.utc).replace(tzinfo=None)
