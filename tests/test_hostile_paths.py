"""No path stops the inventory: each hostile path is rejected with a true reason (or, a name that is not
UTF-8, landed under its escaped name), and every other file is found."""

import os
import re
import shutil

import pyarrow as pa
import pytest
from juesuan.landing.discovery import read_folder, sha256_of
from juesuan.landing.hash_cache import HashCache
from juesuan.landing.land import land_report_file
from juesuan.landing.models import RejectedReport

from tests.conftest import sample_path
from tests.hostile_paths import GBK_NAME, GBK_SHOWN, write_hostile_paths


@pytest.fixture
def raw(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    shutil.copy(sample_path("003"), folder / "good.txt")
    return folder


def test_each_hostile_path_gets_its_reason_and_the_rest_is_found(raw):
    expected = write_hostile_paths(raw)
    cache = HashCache()
    contents = read_folder(raw, cache.sha256)
    found = {f.source_file: f for f in contents.reports}
    for case in expected:
        report = found[case.source_file]
        if case.reason is None:
            assert report.reject_reason is None, case.name
        else:
            assert re.search(case.reason, report.reject_reason), (case.name, report.reject_reason)
            with pytest.raises(RejectedReport):
                land_report_file(report)
    assert found["good.txt"].reject_reason is None
    # every folder above the limit's is read, with its report
    assert sum(1 for name in found if name.endswith("deep_report.txt")) >= 10
    pa.table({"source_file": list(found)})  # every name is storable as UTF-8
    cache.to_table()
    assert contents.ignored == []


def test_a_name_that_is_not_utf8_is_landed_shown_escaped_and_kept_in_hex(raw):
    (raw / os.fsdecode(GBK_NAME)).write_bytes(sample_path("004").read_bytes())
    (report,) = [f for f in read_folder(raw).reports if f.source_file != "good.txt"]
    # \xc5\xbe happens to be UTF-8 (ž): the shown name alone is not the name, its hex is
    assert report.source_file == GBK_SHOWN == r"\xb2\xbf\xc3" + "ž" + r"\xf6\xcb\xe3.txt"
    assert bytes.fromhex(report.source_file_hex) == GBK_NAME
    assert report.sha256 == sha256_of(sample_path("004"))
    assert land_report_file(report).lines


def test_unreadable_and_vanishing_files_are_rejected_with_their_reason(raw):
    """Root reads every file whatever its mode, so the errors are raised as the file system would."""
    shutil.copy(sample_path("004"), raw / "locked.txt")
    shutil.copy(sample_path("004"), raw / "vanishing.pdf")

    def sha256(path):
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        if path.name == "vanishing.pdf":
            path.unlink()  # deleted between the listing and the read
        return sha256_of(path)

    found = {f.source_file: f.reject_reason for f in read_folder(raw, sha256).reports}
    assert found == {
        "good.txt": None,
        "locked.txt": "permission denied: the run may not read it",
        "vanishing.pdf": "vanished while the input folder was read (deleted or moved during the run)",
    }


def test_a_file_gone_before_landing_is_rejected_not_raised(raw):
    (report,) = read_folder(raw).reports
    (raw / "good.txt").unlink()
    with pytest.raises(RejectedReport, match=r"^vanished while the input folder was read"):
        land_report_file(report)


def test_files_that_are_no_reports_are_listed(raw):
    for name in ("budget.docx", "tables.xlsx", "more/notes.DOCX", "README"):
        (raw / name).parent.mkdir(exist_ok=True)
        (raw / name).write_bytes(b"PK")
    assert read_folder(raw).ignored == ["README", "budget.docx", "more/notes.DOCX", "tables.xlsx"]


def test_a_hard_link_to_a_file_outside_is_read(raw, tmp_path):
    """A hard link is the file itself, not a path out of the folder (docs/isolation.md): it is read."""
    outside = tmp_path / "outside.txt"
    shutil.copy(sample_path("004"), outside)
    os.link(outside, raw / "hard_link.txt")
    found = {f.source_file: f for f in read_folder(raw).reports}
    assert found["hard_link.txt"].reject_reason is None
    assert land_report_file(found["hard_link.txt"]).lines
