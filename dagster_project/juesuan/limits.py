"""Limits on what one report may cost to read, set by environment variables.

The defaults leave room for every real disclosure seen (the shared sample PDFs: at most
3 MB, 40 pages, 1,500 characters a page, 4.3 MB in one stream decompressed) while
keeping one hostile file from taking the machine down.
"""

import os
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Limits:
    max_file_mb: int = 100  # JUESUAN_MAX_FILE_MB: files above it are rejected before they are read
    max_pages: int = 5000  # JUESUAN_MAX_PAGES
    max_page_chars: int = 100_000  # JUESUAN_MAX_PAGE_CHARS: characters on one PDF page
    max_stream_mb: int = 64  # JUESUAN_MAX_STREAM_MB: one PDF stream, decompressed
    timeout_s: int = 600  # JUESUAN_TIMEOUT_S: extraction time per report (enforced by the worker pool)
    worker_memory_mb: int = 6144  # JUESUAN_WORKER_MEMORY_MB: address space per worker (enforced by the worker pool)

    @staticmethod
    def env_name(field_name: str) -> str:
        return f"JUESUAN_{field_name.upper()}"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Limits":
        """The defaults, overridden by every JUESUAN_* limit that is set; a bad value fails clearly."""
        environ = os.environ if environ is None else environ
        values = {}
        for limit in fields(cls):
            text = environ.get(cls.env_name(limit.name), "").strip()
            if not text:
                continue
            if not text.isdecimal() or int(text) <= 0:
                raise ValueError(f"{cls.env_name(limit.name)}={text!r}: expected a positive whole number")
            values[limit.name] = int(text)
        return cls(**values)

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb << 20

    @property
    def max_stream_bytes(self) -> int:
        return self.max_stream_mb << 20
