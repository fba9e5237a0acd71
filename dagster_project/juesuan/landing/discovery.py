"""Find report files in the input folder and identify them by content.

The input folder is a boundary: a symlink that leads out of it is never followed.
It is listed with a reject_reason (landing records it; landing checks again, so a
link made after discovery is not followed either) and identified by its target path,
the only content of it that is read.
"""

import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from .models import ReportFile

REPORT_SUFFIXES = {".txt", ".md", ".pdf"}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _candidates(raw_dir: Path) -> Iterator[Path]:
    """Every file below raw_dir, and every linked folder (listed, never walked)."""
    for folder, folder_names, file_names in os.walk(raw_dir):  # does not descend into linked folders
        base = Path(folder)
        yield from (base / name for name in folder_names if (base / name).is_symlink())
        yield from (base / name for name in file_names)


def escape_reason(path: Path, raw_dir: Path) -> str | None:
    """Why `path` must not be read: it resolves outside raw_dir through a symlink; None when inside."""
    resolved = path.resolve()
    if resolved.is_relative_to(raw_dir.resolve()):
        return None
    kind = "folder" if resolved.is_dir() else "file"
    return f"symlink to a {kind} outside the input folder ({resolved}); not followed"


def _escaping_link(path: Path, raw_dir: Path, reason: str) -> ReportFile:
    return ReportFile(
        source_file=path.relative_to(raw_dir).as_posix(),
        path=path,
        sha256=hashlib.sha256(b"symlink:" + os.fsencode(path.resolve())).hexdigest(),
        bytes=0,
        reject_reason=reason,
    )


def discover_report_files(raw_dir: Path, sha256: Callable[[Path], str] = sha256_of) -> list[ReportFile]:
    """Every *.txt, *.md and *.pdf below raw_dir, sorted by relative path.

    Links that stay inside the folder are followed for files (an identical copy is one
    report anyway) and skipped for folders (their files are found where they are).
    sha256: how a file's content hash is had (the inventory passes its HashCache's).
    """
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"input folder {raw_dir} does not exist (set JUESUAN_RAW_DIR)")
    raw_dir = raw_dir.resolve()
    files = []
    for path in sorted(_candidates(raw_dir)):
        linked_folder = path.is_dir()
        if not linked_folder and path.suffix.lower() not in REPORT_SUFFIXES:
            continue
        # os.walk never enters a linked folder, so only a link itself can lead out of raw_dir.
        reason = escape_reason(path, raw_dir) if path.is_symlink() else None
        if reason:
            files.append(_escaping_link(path, raw_dir, reason))
        elif path.is_file():
            files.append(
                ReportFile(
                    source_file=path.relative_to(raw_dir).as_posix(),
                    path=path,
                    sha256=sha256(path),
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
