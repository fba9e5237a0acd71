"""The input folder is a boundary: links that leave it are listed as rejected, never read; content hashes are
reused while a file is unchanged."""

import os
import shutil
import time

import pytest
from juesuan.landing.discovery import discover_report_files, sha256_of
from juesuan.landing.hash_cache import HashCache
from juesuan.landing.land import land_report_file
from juesuan.landing.models import RejectedReport, ReportFile

from tests.conftest import sample_path


@pytest.fixture
def folders(tmp_path):
    raw, outside = tmp_path / "raw", tmp_path / "outside"
    (raw / "nested").mkdir(parents=True)
    (outside / "more").mkdir(parents=True)
    shutil.copy(sample_path("003"), raw / "nested" / "report.txt")
    shutil.copy(sample_path("004"), outside / "secret.txt")
    shutil.copy(sample_path("004"), outside / "more" / "other.txt")
    return raw, outside


def test_links_inside_are_followed_and_links_outside_are_rejected(folders):
    raw, outside = folders
    (raw / "inside_link.txt").symlink_to(raw / "nested" / "report.txt")
    (raw / "inside_folder").symlink_to(raw / "nested", target_is_directory=True)
    (raw / "outside_link.txt").symlink_to(outside / "secret.txt")
    (raw / "nested" / "relative_link.md").symlink_to("../../outside/secret.txt")
    (raw / "outside_folder").symlink_to(outside / "more", target_is_directory=True)
    (raw / "not_a_report.sh").symlink_to(outside / "secret.txt")

    found = {f.source_file: f for f in discover_report_files(raw)}
    assert sorted(found) == [
        "inside_link.txt",
        "nested/relative_link.md",
        "nested/report.txt",
        "outside_folder",
        "outside_link.txt",
    ]
    assert found["inside_link.txt"].report_id == found["nested/report.txt"].report_id  # the same report
    assert found["outside_link.txt"].reject_reason == (
        f"symlink to a file outside the input folder ({outside / 'secret.txt'}); not followed"
    )
    assert found["nested/relative_link.md"].reject_reason == found["outside_link.txt"].reject_reason
    assert (
        found["outside_folder"].reject_reason
        == f"symlink to a folder outside the input folder ({outside / 'more'}); not followed"
    )
    assert (
        found["outside_link.txt"].bytes == 0
        and found["outside_link.txt"].report_id != found["nested/report.txt"].report_id
    )
    for source_file in ("outside_link.txt", "outside_folder"):
        with pytest.raises(RejectedReport, match="outside the input folder"):
            land_report_file(found[source_file])


def test_landing_checks_the_boundary_again(folders):
    """A ReportFile rebuilt from the inventory (no reject_reason), or a link made after discovery."""
    raw, outside = folders
    (raw / "late_link.txt").symlink_to(outside / "secret.txt")
    rebuilt = ReportFile(source_file="late_link.txt", path=raw / "late_link.txt", sha256="0" * 64, bytes=1)
    with pytest.raises(
        RejectedReport, match=r"^symlink to a file outside the input folder \(.*secret\.txt\); not followed$"
    ):
        land_report_file(rebuilt)
    assert land_report_file(discover_report_files(raw)[1]).lines  # nested/report.txt still lands


def _aged(path, seconds_ago=60):
    """Set a file's modification time in the past, as a folder of reports not being written has."""
    stamp = time.time_ns() - seconds_ago * 1_000_000_000
    os.utime(path, ns=(stamp, stamp))


def test_an_unchanged_file_is_not_read_again_and_a_changed_one_is(folders):
    raw, _ = folders
    shutil.copy(sample_path("004"), raw / "second.txt")
    for path in (raw / "nested" / "report.txt", raw / "second.txt"):
        _aged(path)
    first = HashCache()
    hashed = {f.source_file: f.sha256 for f in discover_report_files(raw, first.sha256)}
    assert first.hashed == 2 and hashed["second.txt"] == sha256_of(raw / "second.txt")

    again = HashCache.from_table(first.to_table())  # as the next run reads it back
    assert {f.source_file: f.sha256 for f in discover_report_files(raw, again.sha256)} == hashed
    assert again.hashed == 0 and not again.changed

    # Same size and a time stamp of its own: a real edit (one figure changed) is hashed again.
    text = (raw / "second.txt").read_text(encoding="utf-8")
    edited = text.replace("0", "1", 1)
    assert len(edited.encode()) == len(text.encode()) and edited != text
    (raw / "second.txt").write_text(edited, encoding="utf-8")
    _aged(raw / "second.txt", seconds_ago=30)
    after_edit = HashCache.from_table(again.to_table())
    found = {f.source_file: f.sha256 for f in discover_report_files(raw, after_edit.sha256)}
    assert after_edit.hashed == 1 and found["second.txt"] == sha256_of(raw / "second.txt") != hashed["second.txt"]


def test_a_file_written_as_it_was_hashed_is_hashed_again(folders):
    """Its size and time stamp could stay the same through a second write in that instant."""
    raw, _ = folders
    first = HashCache()
    discover_report_files(raw, first.sha256)  # report.txt was copied just now
    second = HashCache.from_table(first.to_table())
    discover_report_files(raw, second.sha256)
    assert (first.hashed, second.hashed) == (1, 1)
    assert HashCache.from_table(None).entries == {}


def test_settings_that_change_the_facts_change_the_extraction_version(monkeypatch):
    """OCR on or off, its page limit and confidence floor, and every limit on what one report may cost decide
    what is read (a file past a limit is rejected): a change re-extracts."""
    from juesuan.limits import Limits
    from juesuan.versions import extraction_version

    limits = [Limits.env_name(field) for field in Limits.__dataclass_fields__]
    for name in ["JUESUAN_OCR", "JUESUAN_OCR_MAX_PAGES", "JUESUAN_OCR_MIN_CONFIDENCE", *limits]:
        monkeypatch.delenv(name, raising=False)
    default = extraction_version()
    changes = [("JUESUAN_OCR", "off"), ("JUESUAN_OCR_MAX_PAGES", "5"), ("JUESUAN_OCR_MIN_CONFIDENCE", "0.5")]
    for name, value in changes + [(name, "7") for name in limits]:
        with monkeypatch.context() as patch:
            patch.setenv(name, value)
            assert extraction_version() != default, name
    assert extraction_version() == default
