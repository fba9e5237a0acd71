"""Incremental builds: the published warehouse, copied, with only the changed reports' rows rebuilt.

A build made by the same code (facts version and dbt project) as the published warehouse starts
from a copy of it. `main.juesuan_build_scope` names the reports to rebuild: those added or removed
since, and every report of the same organisations (the cross-year and budget-vs-final rules pair
a report with its organisation's others). dbt's sources hold only the scope's facts (facts_db.py), and its
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
from .facts_db import facts_db_path, load_facts, remove_facts_db
from .fingerprint import dbt_project_version
from .publish import BUILD_INFO, new_build_file
from .reading import read_only

SCOPE_TABLE = "main.juesuan_build_scope"
STAGING_SCHEMA = "staging"  # dbt's views over the facts file (dbt_project.yml)
# Past a fifth of the reports (and 50), rebuilding every model is about as fast as deleting and re-inserting.
MAX_SCOPE_SHARE, MAX_SCOPE_ALWAYS_INCREMENTAL = 0.2, 50


@dataclass(frozen=True)
class BuildPlan:
    facts_db: Path  # the facts dbt's sources read (facts_db.py)
    scope: frozenset[str] | None  # the reports rebuilt; None: every report (a full build)
    reason: str  # why this kind of build, for the log

    @property
    def incremental(self) -> bool:
        return self.scope is not None


def models_version(store: FactsStore) -> str:
    """What the marts' rows depend on besides the facts: equal versions make an incremental build safe."""
    return hashlib.sha256(f"{store.version}|{dbt_project_version()}".encode()).hexdigest()[:16]


def _published_state(published: Path, store: FactsStore) -> tuple[set[str], dict[str, str]] | str:
    """The published warehouse's reports and their organisation keys, or why it cannot be the base."""
    if not published.exists():
        return "no published warehouse yet"
    try:
        with read_only(published) as conn:
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
    """Make the build file dbt writes (a copy of the published warehouse, or an empty one), load the facts
    it reads, and say what to build."""
    current = store.complete_reports()
    state = "a full build was asked for" if full_build else _published_state(published, store)
    if isinstance(state, str):
        return _full_build(store, build, current, state)
    published_reports, published_keys = state
    added, removed = current - published_reports, published_reports - current
    keys = {key for key in store.read_column("report_identity", added, "organization_key") if key is not None}
    keys |= {published_keys[r] for r in removed if r in published_keys}
    partners = {r for r, key in published_keys.items() if key in keys and r in current} - added
    scope = frozenset(added | removed | partners)
    if len(scope) > max(MAX_SCOPE_ALWAYS_INCREMENTAL, MAX_SCOPE_SHARE * len(current)):
        return _full_build(store, build, current, f"{len(scope)} of {len(current)} reports changed or share their organisation")
    shutil.copyfile(published, build)
    with duckdb.connect(str(build)) as conn:
        conn.execute(f"create or replace table {SCOPE_TABLE} as select unnest(?::varchar[]) as report_id", [sorted(scope)])
    load_facts(store, facts_db_path(build), added | partners)
    return BuildPlan(facts_db_path(build), scope, f"{len(added)} added, {len(removed)} removed, {len(partners)} of the same "
                                                  f"organisations: {len(scope)} of {len(current)} reports rebuilt")


def _full_build(store: FactsStore, build: Path, reports: set[str], reason: str) -> BuildPlan:
    new_build_file(build)
    load_facts(store, facts_db_path(build), reports)
    return BuildPlan(facts_db_path(build), None, f"every report rebuilt: {reason}")


def rebuilt_reports(conn: duckdb.DuckDBPyConnection) -> frozenset[str] | None:
    """The reports an incremental build rebuilt, read from its build file; None in a full build."""
    schema, table = SCOPE_TABLE.split(".")
    if not conn.execute("select count(*) from duckdb_tables() where schema_name = ? and table_name = ?",
                        [schema, table]).fetchone()[0]:
        return None
    return frozenset(r for (r,) in conn.execute(f"select report_id from {SCOPE_TABLE}").fetchall())


def finish_build(build: Path) -> None:
    """What the published file keeps of a build: no scope table and no staging views (they read the build's
    facts file, which is deleted: the published file stands alone, its raw.* and marts.* are tables)."""
    with duckdb.connect(str(build)) as conn:
        conn.execute(f"drop table if exists {SCOPE_TABLE}")
        conn.execute(f"drop schema if exists {STAGING_SCHEMA} cascade")
    remove_facts_db(facts_db_path(build))
