"""Extract one report: land it, parse it, and shape every fact as the facts store's tables. Pure: no DuckDB, no Dagster.

A rejection needs no table until it is written (`rejection_tables`), so `juesuan check` answers a rejected file
without importing pyarrow, which imports pandas on its first table (about 0.3 s of CPU)."""

from __future__ import annotations

import resource
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..facts.tables import DOCUMENTS, FACT_TABLES, DocumentRecord, FunctionCode, ParseIssue, TableFound
from ..landing.land import land_report_file
from ..landing.models import LandedDocument, RejectedReport, ReportFile, RetryLater
from ..parsing.report import ParsedReport, parse_report
from ..timestamps import utc_now

if TYPE_CHECKING:
    import pyarrow as pa

RETRIED = "; tried again on the next run"
# pdfminer allocates millions of short-lived objects a report: collecting the youngest generation every
# 50,000 allocations instead of 700 reads pages about 10% faster (bench: `pdf_floor_per_page` 0.037 → 0.033 s).
GC_THRESHOLDS = (50_000, 50, 100)


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


@dataclass(frozen=True)
class Extraction:
    """One report's outcome and, when it landed, its tables."""

    outcome: Outcome
    tables: dict[str, pa.Table] | None = None  # None: rejected (rejection_tables records it where it is written)
    retry: bool = (
        False  # rejected for time or memory, which the machine's load may have caused: the next run tries again
    )


def document_record(
    report_file: ReportFile, page_count: int | None, reject_reason: str | None, version: str
) -> DocumentRecord:
    return DocumentRecord(
        source_file=report_file.source_file,
        source_sha256=report_file.sha256,
        source_format=report_file.source_format,
        bytes=report_file.bytes,
        page_count=page_count,
        status="rejected" if reject_reason else "landed",
        # a reason quoting a name that is not UTF-8 keeps it escaped: Parquet stores only valid UTF-8
        reject_reason=reject_reason and reject_reason.encode("utf-8", "backslashreplace").decode("utf-8"),
        landed_at=utc_now(),
        code_version=version,
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
        "standard_tables": [
            (
                TableFound(
                    t.code,
                    t.title.page_no,
                    t.title.line_no,
                    t.title.text,
                    len(t.rows),
                    t.declared_empty,
                    "\n".join(t.formulas) or None,
                    read.numeric_cells,
                    len(read.values),
                ),
            )
            for t, read in zip(parsed.tables, parsed.table_reads)
        ],
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


def extract_report(report_file: ReportFile, version: str) -> Extraction:
    """Every table of one report, or its rejection, and a short outcome; never raises for bad input."""
    try:
        document = land_report_file(report_file)
        reread = None  # an OCR'd figure the table's sums doubt is read again from the page
        if any(page.extraction_method == "ocr" for page in document.pages):
            from ..landing.ocr.reread import CellRereader  # OpenCV and the models only for a scanned report

            reread = CellRereader(report_file.path)
        try:
            parsed = parse_report(document.lines, document.cells, reread)
        finally:
            if reread is not None:
                reread.close()
        return _landed(report_file, document, parsed, version)
    except MemoryError:
        return _rejected(
            report_file,
            f"ran out of memory while extracting: needs more than {_memory_limit_mb()} MB (JUESUAN_WORKER_MEMORY_MB)",
            retry=True,
        )
    except RetryLater as later:  # no verdict on the file (the OCR time budget ran out)
        return _rejected(report_file, str(later), retry=True)
    except RejectedReport as rejection:
        return _rejected(report_file, str(rejection))
    except Exception as error:  # a parser bug must not stop the other reports
        return _rejected(report_file, f"extraction failed unexpectedly: {type(error).__name__}: {error}"[:500])


def _rejected(report_file: ReportFile, reason: str, retry: bool = False) -> Extraction:
    reason += RETRIED if retry else ""
    return Extraction(Outcome(report_file.report_id, report_file.source_file, "rejected", reason), retry=retry)


def _memory_limit_mb() -> int:
    return resource.getrlimit(resource.RLIMIT_AS)[0] >> 20


def _landed(report_file: ReportFile, document: LandedDocument, parsed: ParsedReport, version: str) -> Extraction:
    report_id = report_file.report_id
    tables = _fact_tables(report_id, document, parsed)
    record = document_record(report_file, document.page_count, None, version)
    tables[DOCUMENTS] = FACT_TABLES[DOCUMENTS].to_arrow(report_id, [(record,)])
    facts = sum(
        tables[name].num_rows
        for name in (
            "metrics",
            "function_amounts",
            "budget_execution",
            "economic_amounts",
            "three_public_costs",
            "project_performance",
            "performance_indicators",
        )
    )
    return Extraction(
        Outcome(
            report_id,
            report_file.source_file,
            "landed",
            None,
            parsed.identity.organization_name,
            parsed.identity.fiscal_year,
            facts,
            len(parsed.issues),
        ),
        tables,
    )
