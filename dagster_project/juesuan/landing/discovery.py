"""Find report files in the input folder and identify them by content.

The input folder is a boundary: a symlink that leads out of it is never followed.
It is listed with a reject_reason (landing records it; landing checks again, so a
link made after discovery is not followed either) and identified by its target path,
the only content of it that is read.

No path stops the inventory: a symlink loop, a path longer than the system allows, a file or
folder the run may not read, a named pipe, or a file that vanishes while the folder is read is
listed as rejected with what went wrong, and every other file is found as usual. A name that is
not UTF-8 (the GBK bytes unzip leaves from an archive made on Chinese Windows) is no error: the file
is read, its name stored and shown with \\xNN escapes, and its bytes kept in hex (source_file_hex).
"""

import errno
import hashlib
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .models import ReportFile

REPORT_SUFFIXES = {".txt", ".md", ".pdf"}
_FILE_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def shown_name(name: str | Path) -> str:
    """A path as stored and shown: UTF-8 names as they are; bytes that are not UTF-8 as \\xNN escapes."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def name_bytes_hex(name: str | Path) -> str | None:
    """A name's bytes in hex when they are not UTF-8 (its shown form then differs from it), else None."""
    raw = os.fsencode(name)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.hex()
    return None


def path_error_reason(error: OSError | RuntimeError, path: Path) -> str:
    """What went wrong with a path, in words a person acts on."""
    code = getattr(error, "errno", None)
    if isinstance(error, RuntimeError) or code == errno.ELOOP:  # pathlib raises RuntimeError for a loop (3.11)
        return "symlink loop: the link leads back to itself through other links; not followed"
    if code == errno.ENAMETOOLONG:
        return (
            f"path is too long for the file system ({len(os.fsencode(path)):,} bytes; [Errno 36] File name too long); "
            "move it to a shallower folder"
        )
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied: the run may not read it"
    if code in (errno.ENOENT, errno.ENOTDIR):
        return "vanished while the input folder was read (deleted or moved during the run)"
    return f"could not be read: [Errno {code}] {getattr(error, 'strerror', None) or error}"


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except RuntimeError as loop:  # Python 3.11 raises it for a loop; later versions an OSError
        raise OSError(errno.ELOOP, str(loop)) from loop


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a path too long to stat is listed by what went wrong, not as a folder
        return False


def escape_reason(path: Path, raw_dir: Path) -> str | None:
    """Why `path` must not be read: it resolves outside raw_dir through a symlink, or loops; None when inside."""
    try:
        resolved = _resolved(path)
    except OSError as error:
        return path_error_reason(error, path)
    if resolved.is_relative_to(raw_dir.resolve()):
        return None
    kind = "folder" if _is_folder(resolved) else "file"
    return f"symlink to a {kind} outside the input folder ({shown_name(resolved)}); not followed"


def _rejected(path: Path, raw_dir: Path, reason: str, identity: bytes) -> ReportFile:
    """A path that is listed, never read: identified by `identity` (its link target, or its own name)."""
    relative = path.relative_to(raw_dir)
    return ReportFile(
        source_file=shown_name(relative.as_posix()),
        path=path,
        sha256=hashlib.sha256(identity).hexdigest(),
        bytes=0,
        reject_reason=reason,
        source_file_hex=name_bytes_hex(relative.as_posix()),
    )


def walk_folder(raw_dir: Path, unlisted: list[tuple[Path, OSError]]) -> Iterator[Path]:
    """Every file below raw_dir, and every link (to a folder: listed, never walked); a folder that cannot be
    listed goes to `unlisted`. Entry types come from the listing, not a stat of each full path, which
    fails past the system's path length."""
    folders = [raw_dir]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if _is_real_folder(entry):
                        folders.append(folder / entry.name)
                    else:
                        yield folder / entry.name
        except OSError as error:
            unlisted.append((folder, error))


def _is_real_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:  # its type cannot be told: inspected as a file, and rejected with what went wrong
        return False


def _inspect(path: Path, raw_dir: Path, sha256: Callable[[Path], str]) -> ReportFile | None:
    """The path's ReportFile: a report, a path rejected with its reason, or None (not a report's suffix,
    or a linked folder inside raw_dir, whose files are found where they are)."""
    try:
        is_folder = path.is_dir()  # only a linked folder: os.walk lists folders apart
        if not is_folder and not is_report_name(path):
            return None
        if path.is_symlink():
            # os.walk never enters a linked folder, so only a link itself can lead out of raw_dir.
            reason = escape_reason(path, raw_dir)
            if reason and reason.startswith("symlink to"):
                return _rejected(path, raw_dir, reason, b"symlink:" + os.fsencode(_resolved(path)))
            if reason:
                return _rejected(path, raw_dir, reason, b"unreadable:" + os.fsencode(path))
        if is_folder:
            return None
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            kind = _FILE_KINDS.get(stat.S_IFMT(mode), "not a regular file")
            return _rejected(
                path, raw_dir, f"not a regular file ({kind}); not read", b"unreadable:" + os.fsencode(path)
            )
        digest = sha256(path)
        size = path.stat().st_size
    except OSError as error:
        return _rejected(path, raw_dir, path_error_reason(error, path), b"unreadable:" + os.fsencode(path))
    relative = path.relative_to(raw_dir).as_posix()
    return ReportFile(
        source_file=shown_name(relative), path=path, sha256=digest, bytes=size, source_file_hex=name_bytes_hex(relative)
    )


def is_report_name(path: Path) -> bool:
    return path.suffix.lower() in REPORT_SUFFIXES


@dataclass(frozen=True)
class FolderContents:
    reports: list[ReportFile]  # every report file, and every path that could not be read, with its reason
    ignored: list[str]  # files that are not reports by their suffix (.docx, .xlsx, …), as shown names


def read_folder(raw_dir: Path, sha256: Callable[[Path], str] = sha256_of) -> FolderContents:
    """Every *.txt, *.md and *.pdf below raw_dir, and every path that cannot be read, sorted by relative path;
    and the files that are not reports, which every run lists (a folder of Word files is no empty folder).

    Links that stay inside the folder are followed for files (an identical copy is one
    report anyway) and skipped for folders (their files are found where they are).
    sha256: how a file's content hash is had (the inventory passes its HashCache's).
    """
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"input folder {raw_dir} does not exist (set JUESUAN_RAW_DIR)")
    raw_dir = raw_dir.resolve()
    unlisted: list[tuple[Path, OSError]] = []
    reports, ignored = [], []
    for path in sorted(walk_folder(raw_dir, unlisted)):
        found = _inspect(path, raw_dir, sha256)
        if found:
            reports.append(found)
        elif not is_report_name(path) and not _is_folder(path):
            ignored.append(shown_name(path.relative_to(raw_dir).as_posix()))
    for folder, error in unlisted:
        if folder == raw_dir:  # no input folder to read: the run itself cannot go on
            raise error
        reports.append(
            _rejected(
                folder,
                raw_dir,
                f"folder not listed: {path_error_reason(error, folder)}",
                b"unreadable:" + os.fsencode(folder),
            )
        )
    return FolderContents(sorted(reports, key=lambda f: f.source_file), ignored)


def discover_report_files(raw_dir: Path, sha256: Callable[[Path], str] = sha256_of) -> list[ReportFile]:
    """read_folder()'s reports."""
    return read_folder(raw_dir, sha256).reports


def unique_reports(files: list[ReportFile]) -> list[ReportFile]:
    """One file per report_id: identical copies are one report (the first path wins)."""
    seen: dict[str, ReportFile] = {}
    for report_file in files:
        seen.setdefault(report_file.report_id, report_file)
    return list(seen.values())
