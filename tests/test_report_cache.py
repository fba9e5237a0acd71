"""The findings report's section cache: a build that rewrote some reports (main.juesuan_build_scope) renders
only those and copies the others' sections, and the files are the ones a full rewrite writes."""

import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import juesuan.findings_report.files as files
import juesuan.findings_report.findings as findings
import pytest
from juesuan.findings_report.cache import SectionCache, rendering_version
from juesuan.findings_report.findings import reports_with_findings

# Two runs in the same minute: the title (warehouse name and run minute) is the same, so the files compare whole.
FIRST, SECOND, THIRD = (datetime(2026, 12, 2, 6, 0, second, tzinfo=timezone.utc) for second in (0, 10, 20))


@pytest.fixture
def warehouse(sample_warehouse, tmp_path) -> Path:
    """A private copy of the shared sample warehouse, which the tests change."""
    copy = tmp_path / "juesuan.duckdb"
    shutil.copyfile(sample_warehouse, copy)
    return copy


@pytest.fixture
def rendered(monkeypatch) -> list[list[str] | None]:
    """The report_ids each write reads findings for (None: every report)."""
    calls: list[list[str] | None] = []
    real = files.findings_by_report

    def spy(conn, reports=None, *args, **kwargs):
        calls.append(None if reports is None else list(reports))
        return real(conn, reports, *args, **kwargs)

    monkeypatch.setattr(files, "findings_by_report", spy)
    return calls


def _write(warehouse: Path, run_at: datetime, scope: list[str] | None = None, change: str | None = None) -> dict:
    """Write the reports as the build would: `scope` names the reports the build rewrote (None: a full build),
    `change` is SQL applied to the warehouse first."""
    with duckdb.connect(str(warehouse)) as conn:
        if change:
            conn.execute(change)
        conn.execute("drop table if exists main.juesuan_build_scope")
        if scope is not None:
            conn.execute(
                "create table main.juesuan_build_scope as select unnest($scope::varchar[]) as report_id",
                {"scope": scope},
            )
        written = files.write_reports(conn, warehouse, run_at)
    return {extension: path.read_bytes() for extension, path in written.items()}


def _reports(warehouse: Path) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return [report.report_id for report in reports_with_findings(conn)]


def _cache(warehouse: Path) -> SectionCache:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return SectionCache(
            warehouse.parent / "reports" / files.SECTIONS_FOLDER / warehouse.stem, rendering_version(conn)
        )


def _digest(warehouse: Path, report_id: str) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return next(report.digest for report in reports_with_findings(conn) if report.report_id == report_id)


def _poison(warehouse: Path, cache: SectionCache, report_id: str, marker: str) -> None:
    """Replace a report's cached sections with a marker, so a file shows whether they were copied from the cache."""
    digest = _digest(warehouse, report_id)
    cache.put(cache.summary(report_id, digest), digest, {"html": f"<p>{marker}</p>\n", "md": f"{marker}\n"})


def test_a_cached_write_is_the_full_write_rendering_only_its_scope(warehouse, rendered):
    reports = _reports(warehouse)
    assert len(reports) >= 3
    full = _write(warehouse, FIRST)
    cached = _write(warehouse, SECOND, scope=[reports[1]])
    assert rendered == [reports, [reports[1]]]  # a full build renders every report
    assert cached == full
    # a report missing from the cache is rendered again, not an error
    _cache(warehouse).path(reports[2]).unlink()
    assert _write(warehouse, THIRD, scope=[reports[1]]) == full
    assert rendered[-1] == reports[1:3]


def test_findings_read_a_few_reports_at_a_time_give_the_report_one_query_gives(warehouse, monkeypatch, tmp_path):
    whole = _write(warehouse, FIRST)
    shutil.rmtree(warehouse.parent / "reports")
    monkeypatch.setattr(findings, "REPORTS_PER_QUERY", 2)  # the samples' reports in several batches
    assert len(_reports(warehouse)) > 2
    assert _write(warehouse, FIRST) == whole


def test_the_findings_of_some_reports_are_theirs_in_the_read_of_every_report(warehouse):
    # the printed lines a finding is cited from stream beside the findings: reports skipped in the lines' stream
    # must not shift another report's lines onto it
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        every = list(findings.findings_by_report(conn))
        some = [report[0].report_id for report in every[1::2]]
        assert len(every) > 2
        assert list(findings.findings_by_report(conn, reports=some)) == every[1::2]
        assert [findings.read_findings(conn, report[0].report_id) for report in every] == every


def test_anchors_name_reports_not_positions(warehouse):
    html = _write(warehouse, FIRST)["html"].decode("utf-8")
    links, anchors = re.findall(r'href="#r-([0-9a-f]+)"', html), re.findall(r'<h2 id="r-([0-9a-f]+)"', html)
    assert links == anchors == _reports(warehouse)


def test_a_rewritten_report_is_rendered_again_and_the_others_come_from_the_cache(warehouse):
    before = _reports(warehouse)
    changed, deleted, kept = before[:3]
    _write(warehouse, FIRST)
    cache = _cache(warehouse)
    assert cache.summary(changed, _digest(warehouse, changed)).failures > 0
    real = cache.sections(kept)
    _poison(warehouse, cache, kept, "kept report, from the cache")
    _poison(warehouse, cache, changed, "changed report, stale")
    poison = {"html": b"<p>kept report, from the cache</p>\n", "md": b"kept report, from the cache\n"}
    # the build rewrote two reports: one's failures are now rounding hints, the other has no checks left
    change = f"""update marts.fct_reconciliation_checks set status = 'hint' where report_id = '{changed}' and status = 'fail';
                 delete from marts.fct_reconciliation_checks where report_id = '{deleted}'"""
    incremental = _write(warehouse, SECOND, scope=[changed, deleted], change=change)
    for extension, text in incremental.items():
        assert poison[extension] in text and b"changed report, stale" not in text, extension
    assert cache.summary(changed, _digest(warehouse, changed)).failures == 0
    assert not cache.path(deleted).exists()  # a report gone from the findings leaves the cache
    full = _write(warehouse, THIRD)  # what a full build of the changed warehouse writes
    assert _reports(warehouse) == [report_id for report_id in before if report_id != deleted]
    for extension, text in incremental.items():
        assert text.replace(poison[extension], real[extension].data) == full[extension], extension


def test_a_report_whose_rows_differ_from_its_cached_rendering_is_rendered_again_even_out_of_scope(warehouse):
    # as after a build that rendered its reports and was not published: the cache is ahead of the warehouse
    scoped, changed = _reports(warehouse)[:2]
    _write(warehouse, FIRST)
    change = (
        f"update marts.fct_reconciliation_checks set status = 'hint' where report_id = '{changed}' and status = 'fail'"
    )
    incremental = _write(warehouse, SECOND, scope=[scoped], change=change)
    shutil.rmtree(warehouse.parent / "reports" / files.SECTIONS_FOLDER)
    assert incremental == _write(warehouse, THIRD)


def test_a_cache_of_another_report_code_version_is_not_used(warehouse, monkeypatch):
    scoped, kept = _reports(warehouse)[:2]
    full = _write(warehouse, FIRST)
    old = _cache(warehouse)
    _poison(warehouse, old, kept, "rendered by older report code")
    monkeypatch.setattr("juesuan.findings_report.cache.source_version", lambda *packages: "another version")
    assert _cache(warehouse).folder != old.folder
    assert _write(warehouse, SECOND, scope=[scoped]) == full
    assert not old.folder.exists()  # the stale entries are removed


def test_a_changed_metric_label_renders_every_report_again(warehouse):
    scoped = _reports(warehouse)[0]
    _write(warehouse, FIRST)
    change = "update marts.dim_metrics set label_en = label_en || ' (relabelled)'"
    incremental = _write(warehouse, SECOND, scope=[scoped], change=change)
    # not only `scoped` (the Markdown report escapes the brackets: search the word)
    assert sum(b"relabelled" in report for report in incremental["md"].split(b"\n## ")[1:]) > 1
    shutil.rmtree(warehouse.parent / "reports" / files.SECTIONS_FOLDER)
    assert incremental == _write(warehouse, THIRD)


def test_a_changed_printed_line_changes_the_digest_of_its_report_alone(warehouse):
    """A finding cites the printed line that holds its figure (found among the lines after its sentence), so
    the digest its cached rendering is kept under covers the report's printed lines too."""
    changed, other = _reports(warehouse)[:2]
    before = {report_id: _digest(warehouse, report_id) for report_id in (changed, other)}
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute(
            "update raw.lines set text = text || '。' where report_id = ? and line_no = "
            "(select max(line_no) from raw.lines where report_id = ?)",
            [changed, changed],
        )
    assert _digest(warehouse, changed) != before[changed]
    assert _digest(warehouse, other) == before[other]
