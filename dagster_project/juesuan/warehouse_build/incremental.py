"""Incremental builds: the published warehouse, copied, with only the changed reports' rows rebuilt.

A build made by the same code (facts version and dbt project) as the published warehouse starts
from a copy of it. `main.juesuan_build_scope` names the reports to rebuild: those added or removed
since, and every report of the same organisations (the cross-year and budget-vs-final rules pair
a report with its organisation's others). dbt's sources read only the scope's facts, and its
incremental models delete and re-insert the scope's rows (macros/incremental_by_report.sql). Any
other build — first run, new code, `juesuan run --full-refresh`, or a change touching more than a fifth of
the reports (and more than 50) — starts from an empty file.
"""

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..facts.store import FactsStore
from .fingerprint import dbt_project_version
from .publish import BUILD_INFO, new_build_file

SCOPE_TABLE = "main.juesuan_build_scope"
# Past a fifth of the reports (and 50), rebuilding every model is about as fast as deleting and re-inserting.
MAX_SCOPE_SHARE, MAX_SCOPE_ALWAYS_INCREMENTAL = 0.2, 50


@dataclass(frozen=True)
class BuildPlan:
    facts_tables: str  # the folder of fact tables dbt's sources read
    scope: frozenset[str] | None  # the reports rebuilt; None: every report (a full build)
    reason: str  # why this kind of build, for the log

    @property
    def incremental(self) -> bool:
        return self.scope is not None


def models_version(store: FactsStore) -> str:
    """What the marts' rows depend on besides the facts: equal versions make an incremental build safe."""
    return hashlib.sha256(f"{store.version}|{dbt_project_version()}".encode()).hexdigest()[:16]


def scope_facts_path(build: Path) -> Path:
    return build.with_name(build.name + ".facts")


def _published_state(published: Path, store: FactsStore) -> tuple[set[str], dict[str, str]] | str:
    """The published warehouse's reports and their organisation keys, or why it cannot be the base."""
    if not published.exists():
        return "no published warehouse yet"
    try:
        with duckdb.connect(str(published), read_only=True) as conn:
            (version,) = conn.execute(f"select models_version from {BUILD_INFO}").fetchone()
            if version != models_version(store):
                return "the published warehouse was built by other code"
            reports = {r for (r,) in conn.execute("select report_id from raw.documents").fetchall()}
            keys = dict(conn.execute(
                "select report_id, organization_key from marts.dim_reports where organization_key is not null").fetchall())
    except duckdb.Error as error:
        return f"the published warehouse cannot be read as a base ({str(error).splitlines()[0]})"
    return reports, keys


def prepare_build(store: FactsStore, published: Path, build: Path, full_build: bool = False) -> BuildPlan:
    """Make the build file dbt writes (a copy of the published warehouse, or an empty one) and say what to build."""
    facts = scope_facts_path(build)
    shutil.rmtree(facts, ignore_errors=True)
    state = "a full build was asked for" if full_build else _published_state(published, store)
    if isinstance(state, str):
        return _full_build(store, build, state)
    published_reports, published_keys = state
    current = store.complete_reports()
    added, removed = current - published_reports, published_reports - current
    keys = {key for key in store.read_column("report_identity", added, "organization_key") if key is not None}
    keys |= {published_keys[r] for r in removed if r in published_keys}
    partners = {r for r, key in published_keys.items() if key in keys and r in current} - added
    store.copy_reports(added | partners, str(facts))
    scope = frozenset(added | removed | partners)
    if len(scope) > max(MAX_SCOPE_ALWAYS_INCREMENTAL, MAX_SCOPE_SHARE * len(current)):
        return _full_build(store, build, f"{len(scope)} of {len(current)} reports changed or share their organisation")
    shutil.copyfile(published, build)
    with duckdb.connect(str(build)) as conn:
        conn.execute(f"create or replace table {SCOPE_TABLE} as select unnest(?::varchar[]) as report_id", [sorted(scope)])
    return BuildPlan(str(facts), scope, f"{len(added)} added, {len(removed)} removed, {len(partners)} of the same "
                                        f"organisations: {len(scope)} of {len(current)} reports rebuilt")


def _full_build(store: FactsStore, build: Path, reason: str) -> BuildPlan:
    new_build_file(build)
    return BuildPlan(store.version_dir, None, f"every report rebuilt: {reason}")


def rebuilt_reports(conn: duckdb.DuckDBPyConnection) -> frozenset[str] | None:
    """The reports an incremental build rebuilt, read from its build file; None in a full build."""
    schema, table = SCOPE_TABLE.split(".")
    if not conn.execute("select count(*) from duckdb_tables() where schema_name = ? and table_name = ?",
                        [schema, table]).fetchone()[0]:
        return None
    return frozenset(r for (r,) in conn.execute(f"select report_id from {SCOPE_TABLE}").fetchall())


def finish_build(build: Path, store: FactsStore) -> None:
    """What the published file keeps of an incremental build: no scope table, and staging views that read
    the whole facts store again (dbt made them over the scope's copy, which is deleted)."""
    facts = scope_facts_path(build)
    with duckdb.connect(str(build)) as conn:
        conn.execute(f"drop table if exists {SCOPE_TABLE}")
        views = conn.execute("select sql from duckdb_views() where not internal and contains(sql, ?)", [str(facts)]).fetchall()
        for (sql,) in views:
            conn.execute(sql.replace(str(facts), store.version_dir).replace("CREATE VIEW", "CREATE OR REPLACE VIEW", 1))
    shutil.rmtree(facts, ignore_errors=True)
