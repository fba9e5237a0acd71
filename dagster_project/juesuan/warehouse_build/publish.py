"""The build file dbt writes, and its atomic swap into the published warehouse.

Readers open the published file (read-only); a run never writes it in place. dbt
builds into a separate file, which is checkpointed and then renamed over the
published one: a reader holding the old file keeps reading it (POSIX keeps the
inode), new readers see the new one, and nobody ever sees half a build.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from filelock import FileLock, Timeout

from .reading import read_only
from .sql_text import sql_string

# The oldest storage format that holds what the marts use: DuckDB 1.1+ clients (CLI, Node, BI drivers) read it.
STORAGE_VERSION = "v1.1.0"
BUILD_INFO = "main.juesuan_build"


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def new_build_file(path: Path) -> None:
    """An empty database in the compatible storage version (dbt keeps the version of the file it opens)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (path, _wal(path)):
        stale.unlink(missing_ok=True)
    with duckdb.connect() as conn:
        conn.execute(f"attach {sql_string(path)} as build (storage_version '{STORAGE_VERSION}')")
        conn.execute("detach build")


def publish(build: Path, published: Path, fingerprint: str, models_version: str, inputs: str | None) -> None:
    """Stamp the build with what it was built from, checkpoint it, and rename it over the published file.

    fingerprint: the facts and code it was built from; models_version: the code its rows depend on;
    inputs: the input folder and code the run's inventory started from (inputs.py), None when unknown."""
    with duckdb.connect(str(build)) as conn:
        conn.execute(
            f"""create or replace table {BUILD_INFO} as
                         select ? as fingerprint, ? as models_version, ? as input_fingerprint, now() as built_at""",
            [fingerprint, models_version, inputs],
        )
        conn.execute("checkpoint")
    _wal(build).unlink(missing_ok=True)  # empty after the checkpoint
    os.replace(build, published)


def _build_info(published: Path, column: str) -> str | None:
    """One stamp of the published warehouse, or None when there is none (no file, unreadable, older stamp)."""
    if not published.exists():
        return None
    try:
        with read_only(published) as conn:
            return conn.execute(f"select {column} from {BUILD_INFO}").fetchone()[0]
    except duckdb.Error:
        return None


def published_fingerprint(published: Path) -> str | None:
    """What the published warehouse was built from (facts and code)."""
    return _build_info(published, "fingerprint")


def published_inputs(published: Path) -> str | None:
    """The input folder and code the published warehouse's run started from."""
    return _build_info(published, "input_fingerprint")


@contextmanager
def run_lock(published: Path, wait_message) -> Iterator[None]:
    """One run at a time per warehouse: a second run waits, and says why.

    Re-entrant in one thread (one FileLock per path): `make run` holds it around the whole
    pipeline, and the build steps it runs take it again as Dagster's warehouse_lock resource."""
    published.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(published.with_name(published.name + ".lock")), is_singleton=True)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        wait_message(f"another juesuan run is building {published}; waiting for it to finish …")
        lock.acquire()
    try:
        yield
    finally:
        lock.release()
