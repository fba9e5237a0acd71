"""Each report's rendered sections kept beside the reports, so a build that rewrote a few reports renders only
those and copies every other report's sections as they were rendered before.

One file per report, `<report_id>.section`: a JSON line (its summary-table row, the digest of the rows it was
rendered from, and each format's section's byte length and distinct characters) followed by the sections, UTF-8.
The characters are what the HTML report's tail needs of a section (the fonts it embeds): kept, they spare reading
every section's text again on every run (3 s of a one-report build at 3,000 reports). Entries live under
a folder named after the rendering version, so a change in the report code or in the metric labels it prints is
never served from an older rendering."""

import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..versions import source_version
from .grouping import ReportSummary

SUFFIX = ".section"

# Besides the rows its findings are read from (each entry's digest), a report's sections show the metric labels.
_LABELS_SQL = "select md5(coalesce(string_agg(m::varchar, chr(10) order by m::varchar), '')) from marts.dim_metrics m"


@dataclass(frozen=True)
class Section:
    """One format's section of a report."""

    data: bytes  # UTF-8, written out unchanged
    characters: str  # each character it prints, once


def rendering_version(conn: duckdb.DuckDBPyConnection) -> str:
    """What every report's rendering depends on besides its rows: the report code and the metric labels."""
    (labels,) = conn.execute(_LABELS_SQL).fetchone()
    return hashlib.sha256(f"{source_version('findings_report')}:{labels}".encode()).hexdigest()[:12]


class SectionCache:
    """The rendered sections of one warehouse's reports under one rendering version."""

    def __init__(self, folder: Path, version: str):
        self.folder = folder / version  # folder: one per warehouse, as the reports beside it are

    def path(self, report_id: str) -> Path:
        """Where a report's entry is kept."""
        return self.folder / f"{report_id}{SUFFIX}"

    def put(self, summary: ReportSummary, digest: int, sections: Mapping[str, str]) -> ReportSummary:
        """Keep a report's summary row and its section in each format; written whole or not at all."""
        encoded = {extension: text.encode("utf-8") for extension, text in sections.items()}
        header = {
            "report_id": summary.report_id,
            "source_file": summary.source_file,
            "title": summary.title,
            "counts": summary.counts,
            "digest": digest,
            "sections": [
                [extension, len(encoded[extension]), "".join(sorted(set(text)))] for extension, text in sections.items()
            ],
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.path(summary.report_id)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with temporary.open("wb") as out:
            out.write(json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n")
            for data in encoded.values():
                out.write(data)
        temporary.replace(path)
        return summary

    def summary(self, report_id: str, digest: int) -> ReportSummary | None:
        """The cached summary row, or None when the report has no readable entry rendered from rows of this digest."""
        try:
            with self.path(report_id).open("rb") as entry:
                header = json.loads(entry.readline())
            if header["digest"] != digest:
                return None
            return ReportSummary(header["report_id"], header["source_file"], header["title"], header["counts"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def sections(self, report_id: str) -> dict[str, Section]:
        """Each format's section of a report."""
        with self.path(report_id).open("rb") as entry:
            header = json.loads(entry.readline())
            return {
                extension: Section(entry.read(length), characters)
                for extension, length, characters in header["sections"]
            }

    def keep_only(self, report_ids: Iterable[str]) -> None:
        """Remove the entries of every other report (gone from the warehouse, or without findings now),
        left-over temporary files and the entries of other rendering versions."""
        kept = {f"{report_id}{SUFFIX}" for report_id in report_ids}
        if self.folder.parent.is_dir():
            for version in self.folder.parent.iterdir():
                if version.is_dir() and version != self.folder:
                    shutil.rmtree(version)
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.name not in kept:
                    path.unlink()
