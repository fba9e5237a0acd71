"""Text from reports reaches the terminal as data: escape sequences, forged lines and bidi overrides are shown
as escapes, Chinese as it is."""

from juesuan.findings_report.coverage import ReadCoverage
from juesuan.pipeline import PipelineResult
from juesuan.summary import RunSummary, render_nothing_found
from juesuan.untrusted_text import for_terminal, lines_for_terminal

# A file name that sets the window title, clears the screen, forges a summary line and reverses what follows.
HOSTILE_NAME = "\x1b]0;pwned\x07\x1b[2J部门决算\nreports:   999 landed\u202etxt.exe\x9b31m.txt"


def test_controls_are_escaped_and_chinese_is_kept():
    shown = for_terminal(HOSTILE_NAME)
    assert shown == r"\x1b]0;pwned\x07\x1b[2J部门决算\nreports:   999 landed\u202etxt.exe\x9b31m.txt"
    assert all(ch.isprintable() for ch in shown)
    assert for_terminal("武汉市洪山区人民政府办公室 2021") == "武汉市洪山区人民政府办公室 2021"
    assert for_terminal("\udcb2\udcbf.txt") == r"\udcb2\udcbf.txt"  # a name's undecodable bytes
    assert lines_for_terminal("line one\n\x1b[31mtwo") == "line one\n\\x1b[31mtwo"


def _summary(**changes) -> RunSummary:
    fields = dict(
        landed=1,
        rejected=[(HOSTILE_NAME, "file is empty (0 bytes)")],
        mart_rows={},
        parse_issues=[],
        checks_passed=0,
        checks_failed=[],
        failed_by_severity={},
        statuses={},
        top_findings=[],
        per_report=[],
        ocr_pages=(0, 0, None),
        findings_report="r.html",
        warehouse="w.duckdb",
        log_file=None,
        elapsed_seconds=1.0,
        read_coverage=ReadCoverage(10, 20, [(HOSTILE_NAME, 50.0)]),
        quarantined=[("q\x1b[2J.txt", "quarantined: …")],
        ignored=["a\x07.docx", "b.xlsx"],
    )
    return RunSummary(**{**fields, **changes})


def test_the_run_summary_prints_no_control_character():
    text = _summary().render(verbose=True)
    assert not [ch for ch in text if not ch.isprintable() and ch != "\n"]
    assert r"rejected \x1b]0;pwned\x07\x1b[2J部门决算\nreports:   999 landed" in text
    assert r"QUARANTINED q\x1b[2J.txt: quarantined: …" in text
    assert "  ignored:   2 files that are not reports (.txt, .md, .pdf): 1 .docx, 1 .xlsx" in text
    assert r"    ignored a\x07.docx" in text


def test_a_run_that_found_nothing_says_what_it_saw():
    result = PipelineResult(elapsed_seconds=0.1, ignored_files=["预算.docx", "表\x1b.xlsx"], nothing_found=True)
    text = render_nothing_found(result, "/data/raw", "/data/wh/juesuan.duckdb")
    assert text.splitlines() == [
        "Juesuan run summary",
        "  reports:   none found in /data/raw",
        "  ignored:   2 files that are not reports (.txt, .md, .pdf): 1 .docx, 1 .xlsx",
        "    ignored 预算.docx",
        r"    ignored 表\x1b.xlsx",
        "  warehouse: /data/wh/juesuan.duckdb was left as it was (to empty it on purpose: juesuan run --allow-empty)",
    ]
