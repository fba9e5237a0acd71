"""The facts store: `<root>/<code version>/<table>/<report_id>.parquet`, each file written atomically.

Extraction is deterministic for a file's content and the code version, so a file
present under the current version is right, whoever wrote it; a report is complete
once its `documents` file exists (written last). Workers write different reports
and never share a file, so nothing needs a lock. The root is a local or shared path,
or any URL pyarrow's filesystems understand (s3://…, gs://…).
"""

import hashlib
import os
import uuid
from collections.abc import Iterable

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from .tables import DOCUMENTS, FACT_TABLES

INVENTORY = "source_files.parquet"
HASH_CACHE = "source_hashes.parquet"  # beside the inventory, outside the fingerprint: a cache, not a fact
IGNORED = "ignored_files.parquet"  # files of the input folder that are no reports by suffix: for the run summary
INPUTS = (
    "inputs.parquet"  # what the last inventory started from (warehouse_build/inputs.py), outside the fingerprint too
)
_SUFFIX = ".parquet"
_EMPTY = "_schema.parquet"  # a zero-row file per table, so a table no report has rows for still reads
# Reports rejected for time or memory (the machine's state, not the file's): extracted again by the next run.
_RETRY = "_retry"
# Files per dataset read: one dataset of 40,000 files held every file's metadata at once (1.56 GB, 9.6 s);
# 1,000 at a time, 0.25 GB and 10 s.
READ_FILES = 1000


class FactsStore:
    def __init__(self, root: str, version: str):
        self.filesystem, path = (
            pafs.FileSystem.from_uri(root) if "://" in root else (pafs.LocalFileSystem(), os.path.abspath(root))
        )
        self.root = path.rstrip("/")
        self.version = version
        self.version_dir = f"{self.root}/{version}"

    @property
    def is_local(self) -> bool:
        return isinstance(self.filesystem, pafs.LocalFileSystem)

    def prepare(self) -> None:
        """Create the table folders and their schema files for this code version."""
        for table in FACT_TABLES.values():
            self.filesystem.create_dir(f"{self.version_dir}/{table.name}", recursive=True)
            schema_file = self.schema_file(table.name)
            if self.filesystem.get_file_info(schema_file).type == pafs.FileType.NotFound:
                self._write(schema_file, table.schema.empty_table())

    def _write(self, path: str, table: pa.Table) -> None:
        """Write to a temporary name, then rename: a reader or a crash never sees half a file."""
        if not self.is_local:  # an object store's PUT is atomic already
            pq.write_table(table, path, filesystem=self.filesystem)
            return
        temporary = f"{path}.{uuid.uuid4().hex}.tmp"
        pq.write_table(table, temporary, filesystem=self.filesystem)
        self.filesystem.move(temporary, path)

    def write_report(self, report_id: str, tables: dict[str, pa.Table], retry: bool = False) -> None:
        """Every non-empty table of one report; `documents` last, which marks the report complete.
        retry: its rejection is for time or memory, so the next run extracts it again."""
        for name, table in tables.items():
            if name != DOCUMENTS and table.num_rows:
                self._write(f"{self.version_dir}/{name}/{report_id}{_SUFFIX}", table)
        marker = f"{self.version_dir}/{_RETRY}/{report_id}"
        if retry:
            self.filesystem.create_dir(f"{self.version_dir}/{_RETRY}", recursive=True)
            self._write(marker, pa.table({"report_id": [report_id]}))
        elif self.filesystem.get_file_info(marker).type == pafs.FileType.File:
            self.filesystem.delete_file(marker)
        self._write(f"{self.version_dir}/{DOCUMENTS}/{report_id}{_SUFFIX}", tables[DOCUMENTS])

    def _report_files(self, table: str) -> list[pafs.FileInfo]:
        selector = pafs.FileSelector(f"{self.version_dir}/{table}", allow_not_found=True)
        return [
            info
            for info in self.filesystem.get_file_info(selector)
            if info.base_name.endswith(_SUFFIX) and info.base_name != _EMPTY
        ]

    def complete_reports(self) -> set[str]:
        """Reports whose facts are all written under the current code version."""
        return {info.base_name.removesuffix(_SUFFIX) for info in self._report_files(DOCUMENTS)}

    def settled_reports(self) -> set[str]:
        """Complete reports that the next run need not extract again (all but those to retry)."""
        selector = pafs.FileSelector(f"{self.version_dir}/{_RETRY}", allow_not_found=True)
        retry = {
            info.base_name for info in self.filesystem.get_file_info(selector) if not info.base_name.endswith(".tmp")
        }
        return self.complete_reports() - retry

    def schema_file(self, table: str) -> str:
        """The table's zero-row file: its columns, for a reader that finds no report with rows in it."""
        return f"{self.version_dir}/{table}/{_EMPTY}"

    def report_files(self, table: str, report_ids: set[str]) -> list[str]:
        """The files of a table that hold these reports' rows (a report without rows in it has none), sorted."""
        return sorted(
            info.path for info in self._report_files(table) if info.base_name.removesuffix(_SUFFIX) in report_ids
        )

    def read_columns(self, table: str, report_ids: Iterable[str], columns: list[str]) -> pa.Table:
        """Some columns of these reports' rows of a table (reports without rows in it add none), read as datasets
        of READ_FILES files (pyarrow reads a dataset's files on several threads)."""
        import pyarrow.dataset as pads  # here, not at the top: it imports pandas (1.5 s), which a check never needs

        paths = [f"{self.version_dir}/{table}/{report_id}{_SUFFIX}" for report_id in report_ids]
        present = [info.path for info in self.filesystem.get_file_info(paths) if info.type == pafs.FileType.File]
        batches = [present[start : start + READ_FILES] for start in range(0, len(present), READ_FILES)]
        return pa.concat_tables(
            [
                pads.dataset(batch, format="parquet", filesystem=self.filesystem).to_table(columns=columns)
                for batch in batches or [[self.schema_file(table)]]
            ]
        )

    def remove_reports_except(self, keep: Iterable[str]) -> list[str]:
        """Delete the facts of reports not in `keep` (files gone or changed), and leftovers of crashes."""
        keep = set(keep)
        removed = set()
        retry = pafs.FileSelector(f"{self.version_dir}/{_RETRY}", allow_not_found=True)
        for info in self.filesystem.get_file_info(retry):
            if info.base_name not in keep:
                self.filesystem.delete_file(info.path)
        for table in FACT_TABLES:
            selector = pafs.FileSelector(f"{self.version_dir}/{table}", allow_not_found=True)
            for info in self.filesystem.get_file_info(selector):
                report_id = info.base_name.removesuffix(_SUFFIX)
                stale = info.base_name.endswith(".tmp") or (
                    info.base_name.endswith(_SUFFIX) and info.base_name != _EMPTY and report_id not in keep
                )
                if stale:
                    self.filesystem.delete_file(info.path)
                    if info.base_name.endswith(_SUFFIX):
                        removed.add(report_id)
        return sorted(removed)

    def remove_other_versions(self) -> None:
        """Facts written by other code versions are never read again."""
        selector = pafs.FileSelector(self.root, allow_not_found=True)
        for info in self.filesystem.get_file_info(selector):
            if info.type == pafs.FileType.Directory and info.base_name != self.version:
                self.filesystem.delete_dir(info.path)

    @property
    def inventory_path(self) -> str:
        return f"{self.root}/{INVENTORY}"

    def _read_beside_versions(self, name: str) -> pa.Table | None:
        """A table kept at the root, outside the code versions; None when there is none yet."""
        try:  # one file: ParquetFile, as read_table would import pyarrow.dataset (and pandas, 1.5 s) to read it
            with self.filesystem.open_input_file(f"{self.root}/{name}") as source:
                return pq.ParquetFile(source).read()
        except (FileNotFoundError, OSError):
            return None

    def _write_beside_versions(self, name: str, table: pa.Table) -> None:
        self.filesystem.create_dir(self.root, recursive=True)
        self._write(f"{self.root}/{name}", table)

    def read_inventory(self) -> pa.Table | None:
        return self._read_beside_versions(INVENTORY)

    def write_inventory(self, table: pa.Table) -> None:
        self._write_beside_versions(INVENTORY, table)

    def read_hash_cache(self) -> pa.Table | None:
        return self._read_beside_versions(HASH_CACHE)

    def write_hash_cache(self, table: pa.Table) -> None:
        self._write_beside_versions(HASH_CACHE, table)

    def read_ignored(self) -> list[str]:
        table = self._read_beside_versions(IGNORED)
        return [] if table is None else table.column("source_file").to_pylist()

    def write_ignored(self, source_files: list[str]) -> None:
        if self.read_ignored() != source_files:
            self._write_beside_versions(IGNORED, pa.table({"source_file": pa.array(source_files, pa.string())}))

    def fingerprint(self) -> str:
        """Changes whenever any fact file or the inventory changes: a build from the same state is skipped."""
        digest = hashlib.sha256(self.version.encode())
        selector = pafs.FileSelector(self.version_dir, recursive=True, allow_not_found=True)
        infos = self.filesystem.get_file_info(selector) + [self.filesystem.get_file_info(self.inventory_path)]
        for info in sorted(infos, key=lambda i: i.path):
            if info.type == pafs.FileType.File and not info.base_name.endswith(".tmp"):
                digest.update(f"{info.path}|{info.size}|{info.mtime_ns}\n".encode())
        return digest.hexdigest()[:16]

    def read_inputs(self) -> str | None:
        table = self._read_beside_versions(INPUTS)
        return table["input_fingerprint"][0].as_py() if table is not None and table.num_rows else None

    def write_inputs(self, fingerprint: str) -> None:
        self._write_beside_versions(INPUTS, pa.table({"input_fingerprint": [fingerprint]}))
