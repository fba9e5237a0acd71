"""Incremental builds: the published warehouse, copied, with only the changed reports' rows rebuilt.

A build made by the same code (facts version and dbt project) as the published warehouse starts
from a copy of it. `main.juesuan_build_scope` names the reports to rebuild: those added or removed
since, and every report of the same organisations (the cross-year and budget-vs-final rules pair
a report with its organisation's others). dbt's sources hold only the scope's facts (facts_db.py), and its
incremental models delete and re-insert the scope's rows (macros/incremental_by_report.sql). A large
build runs as several dbt builds of a chunk of reports each (chunks.py), the later ones incremental. Any
other build — first run, new code, `juesuan run --full-refresh`, or a change touching more than a fifth of
the reports (and more than 50) — starts from an empty file.
"""

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..facts.store import FactsStore
from .chunks import chunk_reports, report_chunks
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
    facts_db: Path  # the facts dbt's sources read (facts_db.py): one chunk's at a time
    scope: frozenset[str] | None  # the reports rebuilt; None: every report (a full build)
    chunks: tuple[frozenset[str], ...]  # the reports of each dbt build, in order (chunks.py)
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
            keys = dict(
                conn.execute(
                    "select report_id, organization_key from marts.dim_reports where organization_key is not null"
                ).fetchall()
            )
    except duckdb.Error as error:
        return f"the published warehouse cannot be read as a base ({str(error).splitlines()[0]})"
    return reports, keys


def prepare_build(store: FactsStore, published: Path, build: Path, full_build: bool = False) -> BuildPlan:
    """Make the build file dbt writes (a copy of the published warehouse, or an empty one) and say what to
    build, in which chunks; stage_chunk() then loads each chunk's facts."""
    current = store.complete_reports()
    if full_build:
        state = "a full build was asked for"
    else:
        state = _published_state(published, store)
    if isinstance(state, str):
        return _full_build(store, build, current, state)
    published_reports, published_keys = state
    added, removed = current - published_reports, published_reports - current
    added_keys = _organization_keys(store, added)
    keys = {key for key in added_keys.values() if key is not None}
    keys |= {published_keys[r] for r in removed if r in published_keys}
    partners = {r for r, key in published_keys.items() if key in keys and r in current} - added
    scope = frozenset(added | removed | partners)
    if len(scope) > max(MAX_SCOPE_ALWAYS_INCREMENTAL, MAX_SCOPE_SHARE * len(current)):
        return _full_build(
            store, build, current, f"{len(scope)} of {len(current)} reports changed or share their organisation"
        )
    shutil.copyfile(published, build)
    chunks = report_chunks({r: added_keys.get(r, published_keys.get(r)) for r in scope}, chunk_reports())
    return BuildPlan(
        facts_db_path(build),
        scope,
        tuple(chunks),
        f"{len(added)} added, {len(removed)} removed, {len(partners)} of the same organisations: "
        f"{len(scope)} of {len(current)} reports rebuilt{_in_chunks(chunks)}",
    )


def _full_build(store: FactsStore, build: Path, reports: set[str], reason: str) -> BuildPlan:
    new_build_file(build)
    size = chunk_reports()
    # The organisations are read only when they matter: a build that fits one chunk needs none.
    chunks = report_chunks(_organization_keys(store, reports) if len(reports) > size else dict.fromkeys(reports), size)
    return BuildPlan(facts_db_path(build), None, tuple(chunks), f"every report rebuilt: {reason}{_in_chunks(chunks)}")


def _organization_keys(store: FactsStore, reports: set[str]) -> dict[str, str | None]:
    identities = store.read_columns("report_identity", reports, ["report_id", "organization_key"]).to_pylist()
    return dict.fromkeys(reports) | {row["report_id"]: row["organization_key"] for row in identities}


def _in_chunks(chunks: list[frozenset[str]]) -> str:
    return f", in {len(chunks)} chunks of up to {max(map(len, chunks))} reports" if len(chunks) > 1 else ""


def stage_chunk(store: FactsStore, build: Path, plan: BuildPlan, index: int) -> None:
    """Ready the build file for dbt's build of chunk `index`: its reports' facts, and its reports as the scope
    (a full build's first chunk has none: dbt creates every table; each next chunk adds its reports)."""
    chunk = plan.chunks[index]
    if plan.incremental or index > 0:
        _write_scope(build, chunk)
    load_facts(store, plan.facts_db, chunk)


def end_chunks(build: Path, plan: BuildPlan) -> None:
    """After the last chunk, the scope names what the whole build rewrote, for the checks and the report run
    that read it (rebuilt_reports): an incremental build's scope, or none after a full build."""
    if plan.incremental:
        _write_scope(build, plan.scope)
    else:
        with duckdb.connect(str(build)) as conn:
            conn.execute(f"drop table if exists {SCOPE_TABLE}")


def _write_scope(build: Path, reports: frozenset[str]) -> None:
    with duckdb.connect(str(build)) as conn:
        conn.execute(
            f"create or replace table {SCOPE_TABLE} as select unnest(?::varchar[]) as report_id", [sorted(reports)]
        )


def rebuilt_reports(conn: duckdb.DuckDBPyConnection) -> frozenset[str] | None:
    """The reports an incremental build rebuilt, read from its build file; None in a full build."""
    schema, table = SCOPE_TABLE.split(".")
    if not conn.execute(
        "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?", [schema, table]
    ).fetchone()[0]:
        return None
    return frozenset(r for (r,) in conn.execute(f"select report_id from {SCOPE_TABLE}").fetchall())


def finish_build(build: Path) -> None:
    """What the published file keeps of a build: no scope table and no staging views (they read the build's
    facts file, which is deleted: the published file stands alone, its raw.* and marts.* are tables)."""
    with duckdb.connect(str(build)) as conn:
        conn.execute(f"drop table if exists {SCOPE_TABLE}")
        conn.execute(f"drop schema if exists {STAGING_SCHEMA} cascade")
    remove_facts_db(facts_db_path(build))
