"""Paths that once stopped the whole run, made at test time beside good reports: each must be listed with
its reason (or, for a name that is not UTF-8, landed under its escaped name) while the rest lands."""

import os
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import sample_path

# The name an archive made on Chinese Windows leaves after unzip: 部门决算.txt in GBK bytes.
GBK_NAME = "部门决算.txt".encode("gbk")
GBK_SHOWN = GBK_NAME.decode("utf-8", "backslashreplace")
DEEP_LEVELS, DEEP_NAME = 17, "层" * 80  # 17 folders of 242 bytes: the 17th passes the 4,096-byte PATH_MAX


@dataclass(frozen=True)
class HostilePath:
    name: str
    source_file: str  # as raw.documents shows it (relative; the deep folder's path cut to its last part)
    status: str
    reason: str | None  # a regular expression


def _distinct_report(n: int) -> bytes:
    """Sample 003 with a line added: a report of its own (identical bytes would be the same report)."""
    return (sample_path("003").read_text(encoding="utf-8") + f"\n附注：副本 {n}。\n").encode("utf-8")


def write_hostile_paths(folder: Path) -> list[HostilePath]:
    """Write every hostile path into `folder`; returns what each must become."""
    (folder / os.fsdecode(GBK_NAME)).write_bytes(_distinct_report(1))
    (folder / "loop_a.txt").symlink_to("loop_b.txt")
    (folder / "loop_b.txt").symlink_to("loop_a.txt")
    (folder / "self_loop.pdf").symlink_to("self_loop.pdf")
    os.mkfifo(folder / "pipe.txt")
    deep = _deep_folder(folder)
    loop = r"^symlink loop: the link leads back to itself through other links; not followed$"
    return [
        HostilePath("name not UTF-8 (GBK)", GBK_SHOWN, "landed", None),
        HostilePath("symlink loop a", "loop_a.txt", "rejected", loop),
        HostilePath("symlink loop b", "loop_b.txt", "rejected", loop),
        HostilePath("link to itself", "self_loop.pdf", "rejected", loop),
        HostilePath("named pipe", "pipe.txt", "rejected", r"^not a regular file \(a named pipe\); not read$"),
        HostilePath(
            "path past PATH_MAX",
            deep,
            "rejected",
            r"^folder not listed: path is too long for the file system \([\d,]+ bytes; \[Errno 36\] File name too long\)",
        ),
    ]


def _deep_folder(folder: Path) -> str:
    """Folders nested past PATH_MAX (made through folder descriptors, as unzip can), a report in each;
    returns the relative path of the first folder that cannot be listed by its path."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    names = []
    try:
        for level in range(DEEP_LEVELS):
            names.append(f"{level:02d}{DEEP_NAME}")
            os.mkdir(names[-1], dir_fd=fd)
            inner = os.open(names[-1], os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
            report = os.open("deep_report.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd)
            os.write(report, _distinct_report(100 + level))
            os.close(report)
    finally:
        os.close(fd)
    limit = os.pathconf(folder, "PC_PATH_MAX")
    for depth in range(1, DEEP_LEVELS + 1):
        relative = "/".join(names[:depth])
        if len(os.fsencode(folder / relative)) >= limit:
            return relative
    raise AssertionError("the folders never pass PATH_MAX")


# Sample 003's 表8 (T07 in the national numbering: 政府性基金预算财政拨款收入支出决算表) title block — title, 部门 and
# 金额单位 lines — printed a second time before 表9, as a report does atop a table continued on a new page.
T07_TITLE = "2021年度政府性基金预算财政拨款收入支出决算表（表8）"
NEXT_TITLE = "2021年度国有资本经营预算财政拨款支出决算表（表9）"
DUPLICATE_TITLE = "duplicate_title.txt"


def duplicate_title_report() -> bytes:
    lines = sample_path("003").read_text(encoding="utf-8").split("\n")
    start = lines.index(T07_TITLE)
    title_block = lines[start : start + 5]
    assert title_block[2].startswith("部门：") and title_block[4] == "金额单位：万元", title_block
    at = lines.index(NEXT_TITLE)
    return "\n".join(lines[:at] + title_block + [""] + lines[at:]).encode("utf-8")
