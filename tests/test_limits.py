"""Limits a user sets through JUESUAN_* variables, and the reason each gives when it bites."""

import pytest
from juesuan.landing.discovery import discover_report_files
from juesuan.landing.land import land_report_file
from juesuan.landing.models import RejectedReport
from juesuan.landing.pdf_reader import read_pdf_report
from juesuan.limits import Limits

from tests.bad_inputs import _stream_bomb_pdf
from tests.conftest import sample_path


def test_defaults_and_overrides_from_the_environment():
    assert Limits.from_env({}) == Limits()
    limits = Limits.from_env({"JUESUAN_MAX_PAGES": "10", "JUESUAN_TIMEOUT_S": " 30 ", "JUESUAN_MAX_FILE_MB": ""})
    assert (limits.max_pages, limits.timeout_s, limits.max_file_mb) == (10, 30, Limits().max_file_mb)
    assert limits.max_file_bytes == 100 * 1024 * 1024


@pytest.mark.parametrize("value", ["0", "-5", "1.5", "lots"])
def test_a_bad_value_fails_naming_the_variable(value):
    with pytest.raises(ValueError, match=f"JUESUAN_WORKER_MEMORY_MB={value!r}: expected a positive whole number"):
        Limits.from_env({"JUESUAN_WORKER_MEMORY_MB": value})


def test_page_limit(synthetic_report_pdf):
    with pytest.raises(RejectedReport, match=r"^PDF has 2 pages, over the limit of 1 \(JUESUAN_MAX_PAGES\)$"):
        read_pdf_report(synthetic_report_pdf, Limits(max_pages=1))


def test_characters_per_page_limit(synthetic_report_pdf):
    with pytest.raises(
        RejectedReport, match=r"^PDF page 1 has \d+ characters, over the limit of 10 \(JUESUAN_MAX_PAGE_CHARS\)$"
    ):
        read_pdf_report(synthetic_report_pdf, Limits(max_page_chars=10))


def test_stream_limit_rejects_before_inflating(tmp_path):
    path = tmp_path / "two_mb_page.pdf"
    _stream_bomb_pdf(path, decompressed_mb=2)
    with pytest.raises(
        RejectedReport, match=r"decompresses to more than 1 MB \(JUESUAN_MAX_STREAM_MB\); not inflated$"
    ):
        read_pdf_report(path, Limits(max_stream_mb=1))
    with pytest.raises(RejectedReport, match="never mentions"):  # within the limit it is read (and is no report)
        land_report_file(discover_report_files(tmp_path)[0], Limits(max_stream_mb=3))


def test_file_size_limit_comes_from_the_environment(tmp_path, monkeypatch):
    text = sample_path("003").read_bytes()
    (tmp_path / "report.txt").write_bytes(text * (2 * 1024 * 1024 // len(text) + 1))
    (report,) = discover_report_files(tmp_path)
    monkeypatch.setenv("JUESUAN_MAX_FILE_MB", "1")
    with pytest.raises(
        RejectedReport, match=r"^file is 2\.\d MB, over the limit of 1 MB \(JUESUAN_MAX_FILE_MB\); not read$"
    ):
        land_report_file(report)
    monkeypatch.setenv("JUESUAN_MAX_FILE_MB", "3")
    assert land_report_file(report).lines
