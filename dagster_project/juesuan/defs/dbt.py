"""dbt models as Dagster assets: `dbt build` into a fresh build file, so dbt tests become asset checks."""

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from dagster import (
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    Config,
    Failure,
    MetadataValue,
    Output,
    TableColumn,
    TableSchema,
)
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets
from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage

from ..config import build_path, dbt_target_path, raw_dir, warehouse_path
from ..expectations import process as expectations_process
from ..facts.inventory import facts_store, inventoried_reports
from ..facts.store import FactsStore
from ..facts.tables import FACT_TABLES
from ..warehouse_build.fingerprint import build_fingerprint
from ..warehouse_build.in_process import (
    COMPILE_DATABASE,
    BuildFailed,
    NodeResult,
    build_memory,
    done_line,
    run_compiled,
    runs_in_process,
)
from ..warehouse_build.incremental import BuildPlan, end_chunks, prepare_build, stage_chunk
from ..warehouse_build.publish import published_fingerprint
from ..warehouse_build.quarantine import (
    MAX_BUILDS,
    FailedTest,
    build_connection,
    failed_test,
    failed_tests,
    offending_reports,
    quarantine,
)
from ..warehouse_build.reading import read_only
from .dbt_project import dbt_project
from .extraction import FACTS_KEY
from .inventory import INVENTORY_KEY
from .warehouse_lock import WarehouseLock


def facts_table_key(table: str) -> AssetKey:
    return AssetKey(["facts", table])


# The facts store's tables, written by the extraction asset and read by dbt's sources: their
# keys make one lineage graph from file to mart without an event per table per run.
facts_tables = [
    AssetSpec(
        facts_table_key(table),
        deps=[FACTS_KEY],
        group_name="extraction",
        description=f"Facts store table `{table}`: one Parquet file per report, written by facts/reports.",
    )
    for table in FACT_TABLES
]


class FactsStoreTranslator(DagsterDbtTranslator):
    """dbt sources are the facts store's tables; models are grouped by their folder (raw_tables,
    staging, intermediate, marts) and seeds form their own group."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            name = dbt_resource_props["name"]
            return INVENTORY_KEY if name == "source_files" else facts_table_key(name)
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "model":
            return dbt_resource_props["fqn"][1]
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        return super().get_group_name(dbt_resource_props)

    def get_asset_check_spec(
        self, asset_spec: AssetSpec, manifest: Mapping[str, Any], unique_id: str, project: Any
    ) -> AssetCheckSpec | None:
        """dbt tests as asset checks that do not gate the steps downstream (dagster-dbt makes error-severity tests
        blocking). The build asset fails by itself on a failing error-severity test (after quarantining the
        reports to blame), so nothing is published; and a run that builds nothing would otherwise log, per
        test and per downstream step, that a blocking check "emitted no result"."""
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None:
            return None
        return AssetCheckSpec(
            spec.name,
            asset=spec.asset_key,
            description=spec.description,
            additional_deps=spec.additional_deps,
            metadata=spec.metadata,
            automation_condition=spec.automation_condition,
            blocking=False,
        )


class BuildConfig(Config):
    full_build: bool = False  # rebuild every model from every report, even when the published build could be updated
    allow_empty: bool = (
        False  # publish an empty warehouse when the folder holds no report (otherwise keep the published one)
    )


def point_dbt_at_build(store: FactsStore, full_build: bool) -> BuildPlan:
    """dbt reads the facts file each chunk loads and writes the build file the plan prepared (see profiles.yml)."""
    plan = prepare_build(store, warehouse_path(), build_path(), full_build)
    os.environ["JUESUAN_BUILD_FILE"] = str(build_path())
    os.environ["JUESUAN_FACTS_DB"] = str(plan.facts_db)
    return plan


def with_table_metadata(events: Iterable[Any], manifest: Mapping[str, Any], database: Path) -> Iterator[Any]:
    """Each model and seed with its columns' types and descriptions, and each table's row count.

    Read once dbt has finished: DuckDB takes one writer, so dagster-dbt's fetch_row_counts()
    (which queries through dbt's adapter while dbt runs) fails on this warehouse."""
    events = list(events)
    with read_only(database) as conn:
        columns: dict[tuple[str, str], list[TableColumn]] = {}  # every table's, in one query (one per table: 0.2 s)
        for schema_name, table, name, data_type, comment in conn.execute(
            """select schema_name, table_name, column_name, data_type, comment from duckdb_columns()
               order by schema_name, table_name, column_index"""
        ).fetchall():
            columns.setdefault((schema_name, table), []).append(TableColumn(name, data_type, description=comment))
        for event in events:
            unique_id = event.metadata.get("unique_id") if isinstance(event, Output) else None
            node = manifest["nodes"].get(getattr(unique_id, "value", unique_id))
            if node is None:
                yield event
                continue
            schema = TableSchema(columns.get((node["schema"], node["alias"]), []))
            metadata = {**event.metadata, "dagster/column_schema": MetadataValue.table_schema(schema)}
            # Row counts of tables only: counting a view evaluates it (a reconciliation view, every rule).
            if node["config"].get("materialized") in ("table", "incremental", "seed"):
                rows = conn.execute(f'select count(*) from "{node["schema"]}"."{node["alias"]}"').fetchone()[0]
                metadata["dagster/row_count"] = MetadataValue.int(rows)
            yield event.with_metadata(metadata)


_RESULT_EVENTS = {"model": "LogModelResult", "seed": "LogSeedResult", "test": "LogTestResult"}


def in_process_events(
    context: AssetExecutionContext, plan: BuildPlan, manifest: Mapping[str, Any], incremental: bool
) -> list[Any]:
    """A small build by the dbt project's compiled SQL in this process (warehouse_build/in_process.py), each
    result made into Dagster's events by dagster-dbt from the event dbt would have logged for it: an Output per
    model and seed, an asset check result per data test. A failing model or error-severity test raises, as dbt's does."""
    translator = FactsStoreTranslator()
    events: list[Any] = []
    results: list[NodeResult] = []

    def as_events(result: NodeResult) -> None:
        # the run's log gets a line per node and dbt's closing line, as from `dbt build`
        results.append(result)
        print(
            f"{len(results)} {result.status.upper()} {result.unique_id} in {result.finished_at - result.started_at:.2f}s"
            f"{': ' + result.message if result.message else ''}",
            flush=True,
        )

        def iso(seconds: float) -> str:
            return datetime.fromtimestamp(seconds, timezone.utc).isoformat()

        raw_event = {
            "info": {
                "name": _RESULT_EVENTS[result.resource_type],
                "invocation_id": context.run_id,
                "msg": f"{result.status} {result.unique_id} {result.message}".strip(),
            },
            "data": {
                "status": result.status,
                "num_failures": result.failures,
                "node_info": {
                    "unique_id": result.unique_id,
                    "node_status": result.status,
                    "node_started_at": iso(result.started_at),
                    "node_finished_at": iso(result.finished_at),
                },
            },
        }
        events.extend(
            DbtCoreCliEventMessage(raw_event, {}).to_default_asset_events(
                manifest, translator, context, project=dbt_project
            )
        )

    try:
        run_compiled(build_path(), plan.facts_db, build_memory(), incremental=incremental, on_result=as_events)
    finally:
        print(done_line(results), flush=True)
    return events


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=FactsStoreTranslator())
def warehouse_models(
    context: AssetExecutionContext, dbt: DbtCliResource, warehouse_lock: WarehouseLock, config: BuildConfig
):
    store = facts_store()
    if not config.allow_empty and not inventoried_reports(store):
        # No output, so nothing is published: an empty folder never empties the warehouse by accident.
        context.log.warning(
            f"no report file in {raw_dir()}: the published warehouse is kept (allow_empty publishes an empty one)"
        )
        return
    if not config.full_build and published_fingerprint(warehouse_path()) == build_fingerprint(store):
        # No output: the asset checks, the report and the publish are skipped, and keep describing the published warehouse.
        context.log.info("nothing changed since the published build (facts and code): it is kept")
        return
    expectations_process.start()  # GX is imported beside the build, for the findings step to validate it
    manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
    quarantined: dict[str, str] = {}
    for attempt in range(1, MAX_BUILDS + 1):
        plan = point_dbt_at_build(store, config.full_build)
        context.log.info(f"dbt build: {plan.reason}")
        events, failed = _build(context, dbt, store, plan, manifest, quarantined)
        if not failed:
            break
        # A report whose facts fail an integrity test is quarantined and the build runs again without it.
        with build_connection(build_path(), plan.facts_db, COMPILE_DATABASE if runs_in_process(plan) else None) as conn:
            found = offending_reports(conn, failed)  # raises when a failure is no report's
        new = {report_id: reason for report_id, reason in found.items() if report_id not in quarantined}
        if not new or attempt == MAX_BUILDS:
            raise Failure(
                f"dbt build failed after quarantining {len(quarantined)} reports: "
                + ", ".join(test.name for test in failed)
            )
        context.log.warning(
            f"quarantined {len(new)} reports whose facts fail {', '.join(t.name for t in failed)}; building again"
        )
        quarantined |= new
    end_chunks(build_path(), plan)
    yield from with_table_metadata(events, manifest, build_path())


def _build(
    context: AssetExecutionContext,
    dbt: DbtCliResource,
    store: FactsStore,
    plan: BuildPlan,
    manifest: Mapping[str, Any],
    quarantined: Mapping[str, str],
) -> tuple[list[Any], list[FailedTest]]:
    """Every chunk built in turn, by the compiled SQL in this process when every chunk is small enough, else by
    `dbt build`: the last chunk's events, or the failing tests of the chunk that failed, to quarantine their reports
    for. An asset is materialised once per run: the last chunk's events report the models (their row counts span
    every chunk); an earlier chunk's failing model or test stops the build there."""
    in_process = runs_in_process(plan)
    events: list[Any] = []
    for index, chunk in enumerate(plan.chunks):
        stage_chunk(store, build_path(), plan, index)
        quarantine(plan.facts_db, quarantined)
        # a full build's first chunk creates every table; each later one, and an incremental build, replaces its reports'
        incremental = plan.incremental or index > 0
        context.log.info(
            ("dbt project's compiled SQL run in process" if in_process else "dbt build")
            + (f", chunk {index + 1} of {len(plan.chunks)}" if len(plan.chunks) > 1 else "")
            + f": {len(chunk)} reports{', incrementally' if incremental else ''}"
        )
        last = index == len(plan.chunks) - 1
        if in_process:
            try:
                events = in_process_events(context, plan, manifest, incremental)
            except BuildFailed as failure:
                test = failed_test(failure.result.unique_id, failure.sql, manifest) if failure.result else None
                if test is None:  # a model that does not build: the pipeline's own failure
                    raise
                return [], [test]
        else:
            events, failed = _dbt_build(context, dbt, manifest, last)
            if failed:
                return [], failed
    return events, []


def _dbt_build(
    context: AssetExecutionContext, dbt: DbtCliResource, manifest: Mapping[str, Any], last: bool
) -> tuple[list[Any], list[FailedTest]]:
    """`dbt build` of the staged chunk: its events when it is the last chunk, or its failing tests."""
    # One target folder per warehouse, reused by every run (dagster-dbt makes one per run by default,
    # megabytes each); dagster-dbt points dbt's log path at it too.
    # Unit tests prove the rule models on fixed rows (make test runs them); a build tests the data.
    invocation = dbt.cli(
        ["build", "--exclude-resource-type", "unit_test"],
        context=context,
        target_path=dbt_target_path(),
        raise_on_error=False,
    )
    events = list(invocation.stream()) if last else []
    if not last:
        invocation.wait()
    if not invocation.is_successful():
        failed = failed_tests(invocation.get_artifact("run_results.json"), manifest)
        if not failed:  # a model that does not build: the pipeline's own failure
            raise invocation.get_error()
        return [], failed
    return events, []
