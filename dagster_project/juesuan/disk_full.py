"""A full disk stops a run with one line: which path is full, and that the published warehouse is unchanged.

The write that fails may be Python's (the facts store), DuckDB's (the facts file, the build) or dbt's, in a
child process: each says so in its own words somewhere in the chain of errors Dagster hands back. The run's
temporary files (the build file and its facts file, DuckDB's spill folder, half-written Parquet files) are
removed, so a full disk is not left full by the run that found it so.
"""

import errno
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from .warehouse_build.facts_db import facts_db_path

_NO_SPACE = re.compile(r"No space left on device|\[Errno 28\]|ENOSPC")
_PATH = re.compile(r"""["'](/[^"'\n]+)["']""")


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen, pending = set(), [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending += [current.__cause__, current.__context__, getattr(current, "user_exception", None)]


def full_path(error: BaseException, default: Path) -> str | None:
    """The path a write failed on for want of space (`default` when the error names none), or None when
    the error is not a full disk."""
    for current in _chain(error):
        if isinstance(current, OSError) and current.errno == errno.ENOSPC:
            written = current.filename2 or current.filename  # a copy's destination is its second name
            return os.fsdecode(written) if written else str(default)
        text = str(current)
        found = _NO_SPACE.search(text)
        if found:
            named = _PATH.findall(text[: found.start()])
            return named[-1] if named else str(default)
    return None


def remove_run_files(build: Path, facts_root: str, dbt_target: Path) -> None:
    """The run's temporary files: the build file, its facts file, DuckDB's spill folders, half-written Parquet,
    and dbt's parse cache, which dagster-dbt copies into the target folder (a partial copy would be read next)."""
    (dbt_target / "partial_parse.msgpack").unlink(missing_ok=True)
    for database in (build, facts_db_path(build)):
        for leftover in (database, database.with_name(database.name + ".wal")):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(database.with_name(database.name + ".tmp"), ignore_errors=True)
    if "://" not in facts_root and Path(facts_root).is_dir():
        for temporary in Path(facts_root).rglob("*.parquet.*.tmp"):  # FactsStore._write's, no one else's
            temporary.unlink(missing_ok=True)
