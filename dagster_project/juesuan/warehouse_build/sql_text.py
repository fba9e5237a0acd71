"""Paths inside SQL text, for the statements DuckDB takes no parameters in (ATTACH)."""

from pathlib import Path


def sql_string(value: str | Path) -> str:
    """A SQL string literal: a quote in a folder name (O'Brien's reports) is doubled, never ends the string."""
    return "'" + str(value).replace("'", "''") + "'"
