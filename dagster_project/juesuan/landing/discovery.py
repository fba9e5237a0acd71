"""Find report files in the input folder and identify them by content."""

import hashlib
from pathlib import Path

from .models import ReportFile

REPORT_SUFFIXES = {".txt", ".md", ".pdf"}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def discover_report_files(raw_dir: Path) -> list[ReportFile]:
    """Every *.txt, *.md and *.pdf below raw_dir, sorted by relative path."""
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"input folder {raw_dir} does not exist (set JUESUAN_RAW_DIR)")
    files = []
    for path in sorted(raw_dir.rglob("*")):
        if path.is_file() and path.suffix.lower() in REPORT_SUFFIXES:
            files.append(
                ReportFile(
                    source_file=path.relative_to(raw_dir).as_posix(),
                    path=path,
                    sha256=sha256_of(path),
                    bytes=path.stat().st_size,
                )
            )
    return files


def unique_reports(files: list[ReportFile]) -> list[ReportFile]:
    """One file per report_id: identical copies are one report (the first path wins)."""
    seen: dict[str, ReportFile] = {}
    for report_file in files:
        seen.setdefault(report_file.report_id, report_file)
    return list(seen.values())
