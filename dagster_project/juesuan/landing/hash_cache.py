"""Content hashes of the input files, reused while a file's size and modification time are unchanged.

Git's index does the same: a rerun over 10,000 reports stats them instead of reading them all
(hashing was most of the inventory's seconds). A file modified within a second of being hashed
could keep its size and time stamp, so such an entry is not trusted and the file is hashed again.
"""

import time
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from .discovery import name_bytes_hex, sha256_of

SCHEMA = pa.schema(
    [
        ("path", pa.string()),
        ("bytes", pa.int64()),
        ("mtime_ns", pa.int64()),
        ("sha256", pa.string()),
        ("hashed_at_ns", pa.int64()),
    ]
)
_RACY_NS = 1_000_000_000


@dataclass
class HashCache:
    entries: dict[str, tuple[int, int, str, int]] = field(
        default_factory=dict
    )  # path: bytes, mtime_ns, sha256, hashed_at_ns
    used: dict[str, tuple[int, int, str, int]] = field(default_factory=dict)  # what this inventory hashed or reused
    hashed: int = 0  # files read this time

    @classmethod
    def from_table(cls, table: pa.Table | None) -> "HashCache":
        if table is None or table.schema != SCHEMA:
            return cls()
        columns = table.to_pydict()
        return cls({path: tuple(entry) for path, *entry in zip(*(columns[name] for name in SCHEMA.names))})

    def sha256(self, path: Path) -> str:
        stat = path.stat()
        key = _key(path)
        entry = self.entries.get(key)
        if entry is None or entry[:2] != (stat.st_size, stat.st_mtime_ns) or stat.st_mtime_ns > entry[3] - _RACY_NS:
            hashed_at = time.time_ns()
            entry = (stat.st_size, stat.st_mtime_ns, sha256_of(path), hashed_at)
            self.hashed += 1
        self.used[key] = entry
        return entry[2]

    def to_table(self) -> pa.Table:
        """The entries of the files seen this time (a removed file's entry goes)."""
        rows = [(path, *entry) for path, entry in sorted(self.used.items())]
        return pa.table([list(column) for column in zip(*rows)] if rows else [[] for _ in SCHEMA.names], schema=SCHEMA)

    @property
    def changed(self) -> bool:
        return self.used != self.entries


def _key(path: Path) -> str:
    """The path as Parquet can store it: a name that is not UTF-8 by its bytes in hex."""
    raw_hex = name_bytes_hex(path)
    return str(path) if raw_hex is None else f"hex:{raw_hex}"
