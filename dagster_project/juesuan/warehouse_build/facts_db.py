"""The facts a build reads: loaded from the facts store into a DuckDB file of their own, in bounded batches.

dbt's sources are this file's tables (attached as `facts`, see profiles.yml), not `read_parquet` over
the store: a Parquet scan keeps about 4 KB per file outside DuckDB's buffer pool, and every model
scanned several tables of one file per report, so the build's memory grew with the number of
reports (1,000 reports: 0.9 GB, 10,000: 1.4 GB) and each scan reopened every file. Loaded once,
at most BATCH_FILES files at a time, the build's peak stays flat in N and dbt reads each fact once.
The file holds only what one build reads (every complete report, or an incremental build's scope)
and is deleted when the build is published.
"""

import sys
from collections.abc import Iterable
from pathlib import Path

import duckdb
from tqdm import tqdm

from ..facts.store import FactsStore
from ..facts.tables import FACT_TABLES

INVENTORY_TABLE = "source_files"
# Files per INSERT: bounds the Parquet readers' memory (~4 MB) whatever the number of reports.
BATCH_FILES = 1000
# Loading streams rows from Parquet into storage: a small buffer pool is enough, and the load runs
# in the Dagster run's process, beside it.
MEMORY_LIMIT = "256MB"


def facts_db_path(build: Path) -> Path:
    return build.with_name(build.name.removesuffix(".duckdb") + ".facts.duckdb")


def load_facts(store: FactsStore, path: Path, report_ids: Iterable[str]) -> None:
    """A fresh `path` holding these reports' rows of every fact table (with each row's position in its
    report's file, `file_row_number`), and the inventory."""
    remove_facts_db(path)
    wanted = set(report_ids)
    files = {table: store.report_files(table, wanted) for table in FACT_TABLES}
    # tqdm draws only on a terminal (disable=None), to stderr as the extraction's bar
    progress = tqdm(
        total=sum(map(len, files.values())),
        desc="loading facts",
        unit="file",
        file=sys.stderr,
        disable=None,
        leave=False,
    )
    with duckdb.connect(str(path)) as conn, progress:
        conn.execute(f"set memory_limit = '{MEMORY_LIMIT}'")
        for table, table_files in files.items():
            # The zero-row schema file gives the table its columns even when no report has rows in it.
            conn.execute(
                f"create table {table} as select * from read_parquet(?, file_row_number = true)",
                [store.schema_file(table)],
            )
            for start in range(0, len(table_files), BATCH_FILES):
                batch = table_files[start : start + BATCH_FILES]
                conn.execute(f"insert into {table} select * from read_parquet(?, file_row_number = true)", [batch])
                progress.update(len(batch))
        conn.execute(f"create table {INVENTORY_TABLE} as select * from read_parquet(?)", [store.inventory_path])


def remove_facts_db(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
