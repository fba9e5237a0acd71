"""Extract one report: land it, parse it, and shape every fact as the facts store's tables. Pure: no DuckDB, no Dagster."""

from dataclasses import dataclass

import pyarrow as pa

from ..facts.tables import DOCUMENTS, FACT_TABLES, DocumentRecord, FunctionCode, ParseIssue, TableFound
from ..landing.land import land_report_file
from ..landing.models import LandedDocument, RejectedReport, ReportFile, RetryLater
from ..parsing.report import ParsedReport, parse_report
from ..timestamps import utc_now


@dataclass(frozen=True)
class Outcome:
    """What the run needs to know of one extracted report (the facts themselves are in the store)."""

    report_id: str
    source_file: str
    status: str  # landed | rejected
    reject_reason: str | None
    organization_name: str | None = None
    fiscal_year: int | None = None
    facts: int = 0
    parse_issues: int = 0
    seconds: float = 0.0


def document_record(report_file: ReportFile, page_count: int | None, reject_reason: str | None, version: str) -> DocumentRecord:
    return DocumentRecord(
        source_file=report_file.source_file, source_sha256=report_file.sha256, source_format=report_file.source_format,
        bytes=report_file.bytes, page_count=page_count, status="rejected" if reject_reason else "landed",
        # a reason quoting a name that is not UTF-8 keeps it escaped: Parquet stores only valid UTF-8
        reject_reason=reject_reason and reject_reason.encode("utf-8", "backslashreplace").decode("utf-8"), landed_at=utc_now(), code_version=version,
    )


def rejection_tables(report_file: ReportFile, reason: str, version: str) -> dict[str, pa.Table]:
    record = document_record(report_file, None, reason, version)
    return {DOCUMENTS: FACT_TABLES[DOCUMENTS].to_arrow(report_file.report_id, [(record,)])}


def _fact_tables(report_id: str, document: LandedDocument, parsed: ParsedReport) -> dict[str, pa.Table]:
    rows = {
        "lines": [(line,) for line in document.lines],
        "table_cells": [(cell,) for cell in document.cells],
        "pages": [(page,) for page in document.pages],
        "report_identity": [(parsed.identity,)],
        "standard_tables": [(TableFound(t.code, t.title.page_no, t.title.line_no, t.title.text, len(t.rows),
                                        t.declared_empty, "\n".join(t.formulas) or None, read.numeric_cells,
                                        len(read.values)),) for t, read in zip(parsed.tables, parsed.table_reads)],
        "table_values": [(v,) for v in parsed.table_values],
        "metrics": [(m,) for m in parsed.metrics],
        "function_amounts": [(a,) for a in parsed.function_amounts],
        "budget_execution": [(e, FunctionCode(code)) for e, code in parsed.budget_execution],
        "economic_amounts": [(a,) for a in parsed.economic_amounts],
        "three_public_costs": [(c,) for c in parsed.three_public_costs],
        "project_performance": [(p,) for p in parsed.projects],
        "performance_indicators": [(i,) for i in parsed.indicators],
        "parse_issues": [(ParseIssue(stage, message),) for stage, message in parsed.issues],
    }
    return {name: FACT_TABLES[name].to_arrow(report_id, table_rows) for name, table_rows in rows.items()}


def extract_report(report_file: ReportFile, version: str) -> tuple[dict[str, pa.Table], Outcome]:
    """Every table of one report (or its rejection) and a short outcome; never raises for bad input."""
    report_id = report_file.report_id
    try:
        document = land_report_file(report_file)
    except RetryLater:
        raise  # no verdict on the file (the OCR time budget ran out): the worker records it to be tried again
    except RejectedReport as rejection:
        reason = str(rejection)
        return rejection_tables(report_file, reason, version), Outcome(report_id, report_file.source_file, "rejected", reason)
    parsed = parse_report(document.lines, document.cells)
    tables = _fact_tables(report_id, document, parsed)
    record = document_record(report_file, document.page_count, None, version)
    tables[DOCUMENTS] = FACT_TABLES[DOCUMENTS].to_arrow(report_id, [(record,)])
    facts = sum(tables[name].num_rows for name in ("metrics", "function_amounts", "budget_execution", "economic_amounts",
                                                    "three_public_costs", "project_performance", "performance_indicators"))
    return tables, Outcome(report_id, report_file.source_file, "landed", None, parsed.identity.organization_name,
                           parsed.identity.fiscal_year, facts, len(parsed.issues))
