"""Findings read from the warehouse: each check that does not simply pass, with both sides named
by where they are printed, amounts at the printed precision, labels from dim_metrics and rule_labels."""

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import NamedTuple

import duckdb

from .figures import (
    at_precision,
    decimals_of,
    figure_printed_in,
    line_holding,
    printed_figure,
    printed_unit,
    short_quote,
)
from .wording import Labels, report_title, subject_en, subject_zh, where_en, where_zh

# Statuses shown to people: failures, rounding hints, and figures that should be there but were not read.
SHOWN_STATUSES = ("fail", "hint", "insufficient_data")
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
FETCH_ROWS = 10_000
# Findings are read a batch of reports at a time, each batch's findings and the printed lines they cite from in
# two ordered streams: a batch's sorts are held whole (1,000 reports at once needed more than the run's reading
# memory, warehouse_build/reading.py), and each batch scans raw.lines once (25 reports a batch: 2.4 s more CPU at
# 1,000 reports than 100).
REPORTS_PER_QUERY = 100
# Printed lines (blank ones included) a cited sentence is looked for in: a wrapped sentence's figure
# lies within a few printed lines of its start.
LINES_AFTER = 40


@dataclass(frozen=True)
class Side:
    where_zh: str  # "情况说明 第24页第488行", "T04 第13页"
    where_en: str
    printed: str | None  # the amount as printed, or computed to the printed precision
    unit: str | None  # the unit printed with it where it is not the finding's (元 in a table of 元)
    quote: str | None  # a short quote of the line holding it
    page_no: int | None
    line_no: int | None
    source_table: str | None
    source_text: str | None


@dataclass(frozen=True)
class Finding:
    check_id: str
    report_id: str
    source_file: str
    source_format: str
    organization_name: str | None
    fiscal_year: int | None
    report_title: str  # organisation, year and kind of disclosure
    rule_id: str
    rule_zh: str
    rule_en: str
    expected_kind: str  # figure | sum | rate
    category: str
    severity: str
    status: str
    subject_zh: str
    subject_en: str
    unit: str
    expected: Side
    stated: Side
    difference: str | None
    tolerance: str | None
    note: str | None
    formula: str | None

    @property
    def gap(self) -> str:
        """The size of the difference; the sentence names both figures, so the sign adds nothing."""
        return self.difference.lstrip("-") if self.difference else "—"

    @property
    def same_source(self) -> bool:
        return (self.expected.line_no, self.expected.page_no, self.expected.source_text) == (
            self.stated.line_no,
            self.stated.page_no,
            self.stated.source_text,
        )

    @property
    def quoted_sides(self) -> list[Side]:
        """The sides to quote: the stated one, and the compared one when it is printed elsewhere."""
        sides = [self.stated] if self.same_source else [self.stated, self.expected]
        return [side for side in sides if side.quote]


_CHECK_COLUMNS = """c.check_id, c.report_id, d.source_file, d.source_format, d.organization_name, d.fiscal_year,
           d.report_type, d.report_scope,
           c.rule_id, r.label_zh as rule_zh, c.rule_description, coalesce(r.expected_kind, 'figure') as expected_kind,
           r.value_unit, c.category, c.severity, c.status, c.subject, c.expected_value, c.actual_value, c.difference,
           c.tolerance, c.note, c.rule_formula,
           c.expected_source_table, c.expected_page_no, c.expected_line_no, c.expected_source_text,
           c.actual_source_table, c.actual_page_no, c.actual_line_no, c.actual_source_text"""
_CHECKS_FROM = """
    from marts.fct_reconciliation_checks c
    join marts.dim_reports d using (report_id)
    left join marts.rule_labels r using (rule_id)
"""
_COLUMNS_SQL = f"select {_CHECK_COLUMNS} {_CHECKS_FROM}"

_OF_REPORTS = "($reports is null or c.report_id in (select unnest($reports)))"
# check_id last: the same findings come in the same order on every read, so a cached report section
# is byte-identical to a fresh one
_FINDINGS_SQL = f"""{_COLUMNS_SQL}
    where c.status in (select unnest($statuses)) and {_OF_REPORTS}
    order by d.source_file, c.report_id, c.check_id
"""

# The printed lines a side's sentence may run over (its source text keeps the non-blank ones), so that its figure
# is cited on the line that holds it: the non-blank lines within LINES_AFTER after a shown finding's side starts,
# in the findings' report order. One set-based read for a batch of reports: gathered per finding (a correlated
# subquery, for each side of each finding) it cost 14 s of CPU of 1,000 reports' 22 s report step, this 2.5 s.
# The ASOF join pairs each line with the nearest side starting at or before it: a line within LINES_AFTER of any
# start is within LINES_AFTER of that one. (A per-line equi-join on each window's line numbers was slower still.)
_LINES_SQL = f"""
    with shown as (
        select c.report_id, c.expected_line_no, c.actual_line_no from marts.fct_reconciliation_checks c
        where c.status in (select unnest($statuses)) and {_OF_REPORTS}),
    starts as (
        select distinct report_id, line_no
        from (select report_id, expected_line_no as line_no from shown
              union all select report_id, actual_line_no from shown)
        where line_no is not null),
    printed as (
        select l.report_id, l.line_no, l.page_no, l.text from raw.lines l
        where l.report_id in (select report_id from starts) and trim(l.text) <> '')
    select p.report_id, p.line_no, p.page_no, p.text
    from printed p asof join starts s on p.report_id = s.report_id and p.line_no >= s.line_no
    join marts.dim_reports d on d.report_id = p.report_id
    where p.line_no <= s.line_no + {LINES_AFTER}
    order by d.source_file, p.report_id, p.line_no
"""

# The failures that rank first: errors before warnings before the rest, then |difference| ÷ the larger figure,
# largest first, as an exact integer (× 10^16, amounts have 6 decimals) so that equal ratios tie as Decimals do,
# which a DOUBLE quotient does not guarantee. rank() keeps every failure tied with the last one on file and rule:
# within those the report's own order (subject, in words) decides, in Python.
_MOST_SERIOUS_SQL = """
    select c.check_id, rank() over (order by coalesce(list_position($severities, c.severity), 9),
        coalesce((abs(c.difference) * 1000000)::hugeint * 10000000000000000
                 // nullif((greatest(abs(c.expected_value), abs(c.actual_value)) * 1000000)::hugeint, 0), 0) desc,
        d.source_file, c.rule_id) as place
    from marts.fct_reconciliation_checks c join marts.dim_reports d using (report_id)
    where c.status = 'fail'
    qualify place <= $count
"""


class ShownReport(NamedTuple):
    report_id: str
    source_file: str
    digest: int  # of every column of every row its findings are read from: equal digests, equal findings


def reports_with_findings(
    conn: duckdb.DuckDBPyConnection, statuses: Sequence[str] = SHOWN_STATUSES
) -> list[ShownReport]:
    """Every report with findings, in the order findings_by_report gives them. The digest covers the findings'
    columns and every printed line of the report (a superset of the lines a finding cites from): the lines
    each finding runs over, gathered for every report at once, needed more than the run's reading memory
    (1,000 reports: 256 MB ran out, 512 MB did not)."""
    rows = conn.execute(
        f"""
        with checks as (
            select report_id, any_value(source_file) as source_file, bit_xor(hash(f)) as digest  -- rows in any order
            from (select {_CHECK_COLUMNS} {_CHECKS_FROM} where c.status in (select unnest($statuses))) f
            group by report_id),
        printed as (
            select report_id, bit_xor(hash(l.page_no, l.line_no, l.text)) as digest
            from raw.lines l where report_id in (select report_id from checks)
            group by report_id)
        select report_id, source_file, xor(checks.digest, coalesce(printed.digest, 0))
        from checks left join printed using (report_id)
        order by source_file, report_id""",
        {"statuses": list(statuses)},
    ).fetchall()
    return [ShownReport(*row) for row in rows]


def read_labels(conn: duckdb.DuckDBPyConnection) -> Labels:
    rows = conn.execute("select metric, label_zh, label_en, unit from marts.dim_metrics").fetchall()
    return Labels({metric: (zh, en, unit) for metric, zh, en, unit in rows})


def read_findings(
    conn: duckdb.DuckDBPyConnection, report_id: str | None = None, statuses: Sequence[str] = SHOWN_STATUSES
) -> list[Finding]:
    reports = None if report_id is None else [report_id]
    return [finding for report in findings_by_report(conn, reports, statuses) for finding in report]


def findings_by_report(
    conn: duckdb.DuckDBPyConnection, reports: Sequence[str] | None = None, statuses: Sequence[str] = SHOWN_STATUSES
) -> Iterator[list[Finding]]:
    """Each report's findings in turn (of the given report_ids only, when `reports` is given), in the order the
    report shows them: one report in memory at a time. Given reports are read REPORTS_PER_QUERY at a time, each
    batch in source-file order: pass them in that order (reports_with_findings gives it) for one ordered stream."""
    labels = read_labels(conn)
    batches = (
        [None]
        if reports is None
        else [reports[start : start + REPORTS_PER_QUERY] for start in range(0, len(reports), REPORTS_PER_QUERY)]
    )
    for batch in batches:
        yield from _findings_of(conn, batch, statuses, labels)


def _findings_of(
    conn: duckdb.DuckDBPyConnection, reports: Sequence[str] | None, statuses: Sequence[str], labels: Labels
) -> Iterator[list[Finding]]:
    parameters = {"statuses": list(statuses), "reports": None if reports is None else list(reports)}
    cursor = conn.execute(_FINDINGS_SQL, parameters)
    columns = [column[0] for column in cursor.description]
    with conn.cursor() as lines_cursor:  # a connection of its own: both results stream at once
        printed = _PrintedLines(lines_cursor, parameters)
        report: list[dict] = []
        while rows := cursor.fetchmany(FETCH_ROWS):
            for row in map(dict, map(partial(zip, columns), rows)):
                if report and row["report_id"] != report[0]["report_id"]:
                    yield _report_findings(report, printed, labels)
                    report = []
                report.append(row)
        if report:
            yield _report_findings(report, printed, labels)


class _PrintedLines:
    """The lines _LINES_SQL streams, taken one report at a time in the findings' order."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, parameters: dict):
        conn.execute(_LINES_SQL, parameters)
        self._rows = (row for rows in iter(lambda: conn.fetchmany(FETCH_ROWS), []) for row in rows)
        self._next = next(self._rows, None)

    def of(self, report_id: str) -> "_ReportLines":
        """The report's lines: asked for in the stream's order, every report with findings (one whose findings
        name no line has none in the stream)."""
        lines = []
        while self._next is not None and self._next[0] == report_id:
            lines.append(self._next[1:])
            self._next = next(self._rows, None)
        return _ReportLines(lines)


class _ReportLines:
    """One report's (line_no, page_no, text) rows in line order, as _LINES_SQL gives them."""

    def __init__(self, lines: list[tuple[int, int, str]]):
        self._lines = lines
        self._numbers = [line[0] for line in lines]

    def after(self, line_no: int | None) -> list[tuple[int, int, str]]:
        """The lines from line_no to LINES_AFTER after it."""
        if line_no is None:
            return []
        return self._lines[bisect_left(self._numbers, line_no) : bisect_right(self._numbers, line_no + LINES_AFTER)]


def _report_findings(rows: list[dict], printed: _PrintedLines, labels: Labels) -> list[Finding]:
    lines = printed.of(rows[0]["report_id"])
    return _in_report_order([_finding(row, labels, lines) for row in rows])


def _in_report_order(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.rule_id, f.subject_en))


def _finding(row: dict, labels: Labels, lines: _ReportLines) -> Finding:
    expected_printed = printed_figure(row["expected_value"], row["expected_source_text"])
    stated_printed = printed_figure(row["actual_value"], row["actual_source_text"])
    # the unit the source prints a figure in; a computed figure is in the finding's
    expected_unit = printed_unit(row["expected_value"], expected_printed) if row["expected_kind"] == "figure" else None
    stated_unit = printed_unit(row["actual_value"], stated_printed)
    decimals = max(
        (d for d in (decimals_of(expected_printed), decimals_of(stated_printed)) if d is not None), default=2
    )
    grouped = "," in f"{expected_printed}{stated_printed}"
    if expected_printed is None or row["expected_kind"] != "figure":
        expected_printed = at_precision(row["expected_value"], decimals, grouped)
    stated_printed = stated_printed or at_precision(row["actual_value"], decimals, grouped)
    tolerance: Decimal | None = row["tolerance"]
    return Finding(
        check_id=row["check_id"],
        report_id=row["report_id"],
        source_file=row["source_file"],
        source_format=row["source_format"],
        organization_name=row["organization_name"],
        fiscal_year=row["fiscal_year"],
        report_title=report_title(
            row["organization_name"], row["fiscal_year"], row["report_type"], row["report_scope"], row["source_file"]
        ),
        rule_id=row["rule_id"],
        rule_zh=row["rule_zh"] or row["rule_description"],
        rule_en=row["rule_description"],
        expected_kind=row["expected_kind"],
        category=row["category"],
        severity=row["severity"],
        status=row["status"],
        subject_zh=subject_zh(row["subject"], labels),
        subject_en=subject_en(row["subject"], labels),
        unit=labels.unit_in(row["subject"]) or row["value_unit"] or "",
        expected=_side(row, "expected", expected_printed, expected_unit, lines),
        stated=_side(row, "actual", stated_printed, stated_unit, lines),
        difference=at_precision(row["difference"], decimals, grouped),
        tolerance=None if tolerance is None else f"{tolerance.quantize(Decimal('0.0001')).normalize():f}",
        note=row["note"],
        formula=row["rule_formula"],
    )


def most_serious(conn: duckdb.DuckDBPyConnection, count: int) -> list[Finding]:
    """The `count` failures to show first: errors before warnings, the figures furthest apart first,
    then in report order (file, rule, subject); only these become Findings."""
    places = dict(conn.execute(_MOST_SERIOUS_SQL, {"severities": list(SEVERITY_ORDER), "count": count}).fetchall())
    labels = read_labels(conn)
    cursor = conn.execute(_COLUMNS_SQL + " where c.check_id in (select unnest($checks))", {"checks": list(places)})
    columns = [column[0] for column in cursor.description]
    rows = sorted(
        (dict(zip(columns, row)) for row in cursor.fetchall()), key=lambda r: (r["source_file"], r["report_id"])
    )
    reports = list(dict.fromkeys(row["report_id"] for row in rows))  # in the lines' order
    with conn.cursor() as lines_cursor:
        printed = _PrintedLines(lines_cursor, {"statuses": list(SHOWN_STATUSES), "reports": reports})
        lines = {report_id: printed.of(report_id) for report_id in reports}
    ranked = [_finding(row, labels, lines[row["report_id"]]) for row in rows]
    ranked.sort(key=lambda f: (places[f.check_id], f.subject_en, f.check_id))
    return ranked[:count]


def _side(row: dict, side: str, printed: str | None, unit: str | None, lines: _ReportLines) -> Side:
    table, page, line, text = (
        row[f"{side}_{column}"] for column in ("source_table", "page_no", "line_no", "source_text")
    )
    page, line = _cited_line(lines.after(line), text, printed, page, line)
    return Side(
        where_zh(table, page, line),
        where_en(table, page, line),
        printed,
        unit,
        short_quote(text, printed),
        page,
        line,
        table,
        text,
    )


def _cited_line(
    lines_after: list[tuple[int, int, str]],
    source_text: str | None,
    printed: str | None,
    page: int | None,
    line: int | None,
) -> tuple[int | None, int | None]:
    """(page, line) of the printed line holding the figure among the lines a sentence runs over, else the
    sentence's own start: a sentence wrapped over lines 234–236 cites 236 for the figure printed there."""
    if not lines_after or not source_text or not printed:
        return page, line
    wanted = _compact(line_holding(source_text, printed))
    figure = _compact(printed.lstrip("-"))
    sentence_lines = len([part for part in source_text.splitlines() if part.strip()])
    for line_no, page_no, text in lines_after[:sentence_lines]:
        held = _compact(text)
        if (held in wanted or wanted in held) and figure_printed_in(text, figure):
            return page_no, line_no
    return page, line


def _compact(text: str) -> str:
    return "".join(text.split())
