"""Reading a warehouse file inside the run's own process, with DuckDB's memory bounded.

DuckDB's buffer pool defaults to 80% of the machine's memory and keeps the blocks it read: the checks,
the findings report and the summary read every row of a 10,000-report warehouse, and the run's process
grew with it (1.5 GB at 10,000 reports). Past this limit DuckDB spills sorts to disk instead.
"""

from pathlib import Path

import duckdb

READ_MEMORY_LIMIT = "256MB"


def read_only(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True, config={"memory_limit": READ_MEMORY_LIMIT})
