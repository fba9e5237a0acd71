"""The input folder is a boundary: links that leave it are listed as rejected, never read."""

import shutil

import pytest

from juesuan.landing.discovery import discover_report_files
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
    assert sorted(found) == ["inside_link.txt", "nested/relative_link.md", "nested/report.txt", "outside_folder", "outside_link.txt"]
    assert found["inside_link.txt"].report_id == found["nested/report.txt"].report_id  # the same report
    assert found["outside_link.txt"].reject_reason == (
        f"symlink to a file outside the input folder ({outside / 'secret.txt'}); not followed"
    )
    assert found["nested/relative_link.md"].reject_reason == found["outside_link.txt"].reject_reason
    assert found["outside_folder"].reject_reason == f"symlink to a folder outside the input folder ({outside / 'more'}); not followed"
    assert found["outside_link.txt"].bytes == 0 and found["outside_link.txt"].report_id != found["nested/report.txt"].report_id
    for source_file in ("outside_link.txt", "outside_folder"):
        with pytest.raises(RejectedReport, match="outside the input folder"):
            land_report_file(found[source_file])


def test_landing_checks_the_boundary_again(folders):
    """A ReportFile rebuilt from the inventory (no reject_reason), or a link made after discovery."""
    raw, outside = folders
    (raw / "late_link.txt").symlink_to(outside / "secret.txt")
    rebuilt = ReportFile(source_file="late_link.txt", path=raw / "late_link.txt", sha256="0" * 64, bytes=1)
    with pytest.raises(RejectedReport, match=r"^symlink to a file outside the input folder \(.*secret\.txt\); not followed$"):
        land_report_file(rebuilt)
    assert land_report_file(discover_report_files(raw)[1]).lines  # nested/report.txt still lands
