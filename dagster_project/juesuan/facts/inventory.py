"""The inventory: every report file in the input folder, by content hash, recorded beside the facts store.

Plain functions (no Dagster), so `juesuan check` takes the same inventory as the inventory asset."""

import os

import pyarrow as pa
import pyarrow.parquet as pq

from ..config import facts_root, raw_dir
from ..landing.discovery import read_folder, unique_reports
from ..landing.hash_cache import HashCache
from ..landing.models import ReportFile
from ..timestamps import utc_now
from ..versions import extraction_version
from .store import FactsStore

_INVENTORY_SCHEMA = pa.schema(
    [
        ("source_file", pa.string()),
        ("report_id", pa.string()),
        ("source_sha256", pa.string()),
        ("bytes", pa.int64()),
        ("discovered_at", pa.timestamp("us")),
        # a name that is not UTF-8, by its bytes (source_file shows it escaped); why a path cannot be read
        ("source_file_hex", pa.string()),
        ("reject_reason", pa.string()),
    ]
)


def facts_store() -> FactsStore:
    return FactsStore(facts_root(), extraction_version())


def empty_store(root: str) -> FactsStore:
    """A facts store of no report under `root`: every table's schema file and an empty inventory."""
    store = FactsStore(root, extraction_version())
    store.prepare()
    store.write_inventory(_INVENTORY_SCHEMA.empty_table())
    return store


def take_inventory(store: FactsStore) -> tuple[list[ReportFile], list[str]]:
    """Record the files found now (and those that are no reports); delete the facts of reports whose file is
    gone or changed."""
    hashes = HashCache.from_table(store.read_hash_cache())
    contents = read_folder(raw_dir(), hashes.sha256)
    files = contents.reports
    if hashes.changed:
        store.write_hash_cache(hashes.to_table())
    found = {
        "source_file": [f.source_file for f in files],
        "report_id": [f.report_id for f in files],
        "source_sha256": [f.sha256 for f in files],
        "bytes": [f.bytes for f in files],
        "source_file_hex": [f.source_file_hex for f in files],
        "reject_reason": [f.reject_reason for f in files],
    }
    if _recorded(store) != found:  # rewritten only on change, so an unchanged folder keeps the build
        store.write_inventory(pa.table({**found, "discovered_at": [utc_now()] * len(files)}, schema=_INVENTORY_SCHEMA))
    store.write_ignored(contents.ignored)
    store.prepare()
    removed = store.remove_reports_except({f.report_id for f in files})
    return files, removed


def _recorded(store: FactsStore) -> dict[str, list] | None:
    table = store.read_inventory()
    if table is None or table.schema != _INVENTORY_SCHEMA:  # none yet, or written by older code
        return None
    return table.drop_columns(["discovered_at"]).to_pydict()


def inventoried_reports(store: FactsStore) -> list[ReportFile]:
    """One file per report (identical copies are one report), as the last inventory found them."""
    table = pq.read_table(store.inventory_path, filesystem=store.filesystem)
    folder = raw_dir()
    files = [
        ReportFile(
            source_file=row["source_file"],
            path=folder / _relative_path(row),
            sha256=row["source_sha256"],
            bytes=row["bytes"],
            reject_reason=row["reject_reason"],
            source_file_hex=row["source_file_hex"],
        )
        for row in table.to_pylist()
    ]
    return unique_reports(files)


def _relative_path(row: dict) -> str:
    """The file's path as the file system has it: from its bytes when its name is not UTF-8."""
    raw_hex = row["source_file_hex"]
    return row["source_file"] if raw_hex is None else os.fsdecode(bytes.fromhex(raw_hex))
