"""Quarantine: a report whose facts fail an integrity test is kept out of the marts, and the rest publish.

A failing data test (severity error: a duplicate key, a null where none may be, a value outside its set, a
dangling reference) stops `dbt build`. Each failing test's query is run again on the build file and its
failing rows are traced to the reports they came from: the rows of the tested model whose tested column
holds a failing value, or the failing rows' own report_id. Those reports are quarantined — raw.documents
keeps them, status `quarantined` with the reason, and every other fact of theirs is left out of the next
build — and the build runs again (a bounded number of times). A failing test that no report can be
blamed for is the pipeline's own failure, and the run stops as before.

The interface is small so that any way of running the build's tests can use it: failed_tests() reads
dbt's run_results.json, offending_reports() takes a connection to the build file, and quarantine() marks
the facts file a build reads.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from ..facts.tables import DOCUMENTS, FACT_TABLES
from .sql_text import sql_string

QUARANTINED = "quarantined"
# Builds of one run: the first, and one more per round of newly quarantined reports.
MAX_BUILDS = 3


@dataclass(frozen=True)
class FailedTest:
    name: str  # the test's name, as dbt prints it (unique_fct_reconciliation_checks_check_id)
    sql: str  # its compiled query: the failing rows
    model: str | None  # the tested model's relation ("marts"."fct_reconciliation_checks"); None for a singular test
    column: str | None  # the tested column; None for a test of a whole model


class UnattributedFailure(Exception):
    """Failing tests that no report can be blamed for: the pipeline's own failure."""


def failed_tests(run_results: Mapping[str, Any], manifest: Mapping[str, Any]) -> list[FailedTest]:
    """The tests of a dbt run that failed or errored, with what offending_reports() needs."""
    failed = (
        failed_test(result["unique_id"], result.get("compiled_code"), manifest)
        for result in run_results["results"]
        if result["status"] in ("fail", "error")
    )
    return [test for test in failed if test is not None]


def failed_test(unique_id: str, sql: str | None, manifest: Mapping[str, Any]) -> FailedTest | None:
    """The failing node as offending_reports() needs it, when it is a test (None for a model or seed)."""
    node = manifest["nodes"].get(unique_id, {})
    if node.get("resource_type") != "test":
        return None
    tested = manifest["nodes"].get(node.get("attached_node") or "", {})
    model = f'"{tested["schema"]}"."{tested["alias"]}"' if tested.get("resource_type") in ("model", "seed") else None
    return FailedTest(node["name"], sql or "", model, node.get("column_name"))


def offending_reports(conn: duckdb.DuckDBPyConnection, tests: Iterable[FailedTest]) -> dict[str, str]:
    """report_id → why it is quarantined, for every report some failing test's rows come from; raises
    UnattributedFailure when a failing test's rows come from no report."""
    offenders: dict[str, list[str]] = {}
    unattributed = []
    for test in tests:
        reports = _reports_failing(conn, test)
        if not reports:
            unattributed.append(test.name)
        for report_id in reports:
            offenders.setdefault(report_id, []).append(test.name)
    if unattributed:
        raise UnattributedFailure(f"integrity tests failed that no report can be blamed for: {', '.join(unattributed)}")
    return {
        report_id: f"quarantined: its facts fail the warehouse's integrity test{'s' if len(names) > 1 else ''} "
        f"{', '.join(sorted(names))}; kept out of the marts (the other reports are published)"
        for report_id, names in offenders.items()
    }


def _reports_failing(conn: duckdb.DuckDBPyConnection, test: FailedTest) -> set[str]:
    if not test.sql:
        return set()
    try:
        columns = [c[0] for c in conn.execute(f"select * from ({test.sql}) as failing limit 0").description]
        if "report_id" in columns:
            rows = conn.execute(f"select distinct report_id from ({test.sql}) as failing where report_id is not null")
        elif test.model and test.column and _has_report_id(conn, test.model):
            # dbt's generic tests (unique, not_null, accepted_values, relationships) return the failing values
            # of the tested column first: the model's rows holding them are the offenders.
            rows = conn.execute(
                f"select distinct tested.report_id from {test.model} as tested where tested.report_id is not null "
                f"and exists (select 1 from ({test.sql}) as failing "
                f'where tested."{test.column}" is not distinct from failing."{columns[0]}")'
            )
        else:
            return set()
    except duckdb.Error:
        return set()  # the test's own query does not run: nothing to blame a report for
    return {report_id for (report_id,) in rows.fetchall()}


def _has_report_id(conn: duckdb.DuckDBPyConnection, relation: str) -> bool:
    return "report_id" in [c[0] for c in conn.execute(f"select * from {relation} limit 0").description]


def build_connection(build: Path, facts_db: Path, catalog: str | None = None) -> duckdb.DuckDBPyConnection:
    """The build file as the build left it, with the facts its staging views read; `catalog`: the name the
    failing tests' SQL gives the build file (the in-process build's compiled SQL names it so), else its own."""
    if catalog is None:
        conn = duckdb.connect(str(build))
    else:
        conn = duckdb.connect()
        conn.execute(f"attach {sql_string(build)} as {catalog}")
        conn.execute(f"use {catalog}")
    conn.execute(f"attach {sql_string(facts_db)} as facts (read_only)")
    return conn


def quarantine(facts_db: Path, reasons: Mapping[str, str]) -> None:
    """Keep these reports out of the build that reads facts_db: their documents row says why, and every
    other fact of theirs is removed."""
    if not reasons:
        return
    with duckdb.connect(str(facts_db)) as conn:
        conn.execute("create temp table quarantine (report_id varchar, reason varchar)")
        conn.executemany("insert into quarantine values (?, ?)", list(reasons.items()))
        for table in FACT_TABLES:
            if table != DOCUMENTS:
                conn.execute(f"delete from {table} where report_id in (select report_id from quarantine)")
        conn.execute(f"""update {DOCUMENTS} set status = '{QUARANTINED}', reject_reason = quarantine.reason
                         from quarantine where {DOCUMENTS}.report_id = quarantine.report_id""")
