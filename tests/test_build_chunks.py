"""Chunks of a build: whole organisations, about the asked size, every report once."""

import pytest
from juesuan.warehouse_build.chunks import chunk_reports, report_chunks


def test_chunks_keep_an_organisation_whole_and_hold_every_report_once():
    organizations = {"r1": "a", "r2": "b", "r3": "a", "r4": None, "r5": None, "r6": "c", "r7": "c", "r8": "c"}
    chunks = report_chunks(organizations, 2)
    assert sorted(r for chunk in chunks for r in chunk) == sorted(organizations)
    assert {"r1", "r3"} in chunks  # organisation a, two reports: one chunk
    assert {"r6", "r7", "r8"} in chunks  # c has more reports than a chunk holds: a chunk of its own
    assert all(len(chunk) <= 2 for chunk in chunks if chunk != {"r6", "r7", "r8"})
    assert len(chunks) == 4  # r2 with r4, r5 alone (reports without an organisation are their own)


def test_a_build_of_no_reports_is_one_empty_chunk():
    assert report_chunks({}, 5000) == [frozenset()]


@pytest.mark.parametrize("value", ["0", "-3", "lots", ""])
def test_a_chunk_size_that_is_not_a_positive_count_says_so(monkeypatch, value):
    monkeypatch.setenv("JUESUAN_BUILD_CHUNK", value)
    with pytest.raises(ValueError, match="JUESUAN_BUILD_CHUNK must be a whole number"):
        chunk_reports()
