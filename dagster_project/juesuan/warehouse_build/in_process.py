"""A build of a few reports without starting dbt: the dbt project's own compiled SQL, run in this process.

`dbt build` spends most of a small build outside DuckDB: starting, parsing, and a round trip per seed, model and
test (docs/one-file-check.md measures them). The rules stay the dbt project's alone: once per
version of dbt_project/ and of this module (a hash of their files, so a changed model is compiled again, never
served stale), `dbt seed` runs once and `dbt compile` twice: against an empty database, which makes every model's
compiled SQL its full-build form (is_incremental() is false, no build scope), and against a database holding
every table (with no rows) and a build scope, which makes it the incremental form (each model reads the scope's
rows, each data test checks them). What they leave (plan.json: each seed, model and data test in dbt's order
with its compiled SQL, in both forms; seeds.duckdb: the seeds as dbt loaded them) is kept under
dbt_project/target/in_process/<version>/. A build then makes each model from its compiled SQL as dbt-duckdb's
materialisations do — a table or view created, or, in an incremental build, an incremental model's scope rows
deleted and inserted again as macros/incremental_by_report.sql's strategy does — copies the seeds, adds the
descriptions dbt persists as comments, and runs every data test's compiled SQL as dbt's test materialisation
does: a failing error-severity test stops the build, as it stops `dbt build`, so nothing it gates is published.

A build in several chunks (chunks.py) runs each in turn, the first of a full build in the full form and every
other in the incremental form, as with `dbt build`.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb
from filelock import FileLock

from ..config import DBT_PROJECT_DIR
from ..facts.inventory import empty_store
from .facts_db import load_facts
from .fingerprint import dbt_project_version
from .incremental import SCOPE_TABLE, BuildPlan
from .sql_text import sql_string

PLAN_ROOT = DBT_PROJECT_DIR / "target" / "in_process"
PLAN_FILE, SEEDS_FILE = "plan.json", "seeds.duckdb"
# The database dbt compiles against: its name qualifies every relation in the compiled SQL, so a build attaches
# its file under this name.
COMPILE_DATABASE = "juesuan_build"
# Builds of at most this many reports a chunk (a full build's, an incremental build's scope) run here
# (JUESUAN_IN_PROCESS_MAX_REPORTS; 0: always dbt).
DEFAULT_MAX_REPORTS = 200


def max_reports() -> int:
    value = os.environ.get("JUESUAN_IN_PROCESS_MAX_REPORTS", str(DEFAULT_MAX_REPORTS))
    if not value.isdigit():
        raise ValueError(
            f"JUESUAN_IN_PROCESS_MAX_REPORTS must be a whole number of reports, 0 or more; it is {value!r}"
        )
    return int(value)


def runs_in_process(plan: BuildPlan) -> bool:
    """A build whose every chunk is few enough reports for this process; the rest is `dbt build`'s."""
    return all(len(chunk) <= max_reports() for chunk in plan.chunks)


def build_memory() -> str:
    """DuckDB's buffer pool for a build: profiles.yml's setting (JUESUAN_BUILD_MEMORY, default 1GB)."""
    return os.environ.get("JUESUAN_BUILD_MEMORY", "1GB")


class BuildFailed(RuntimeError):
    """A model failed, or an error-severity data test found rows: the build must not be published."""

    def __init__(self, message: str, result: "NodeResult | None" = None, sql: str | None = None):
        super().__init__(message)
        self.result = result  # the failing node, when a node failed
        self.sql = sql  # its compiled query (a test's: the failing rows)


@dataclass(frozen=True)
class NodeResult:
    """One seed, model or test as `dbt build` reports it (dbt's statuses: success, pass, warn, fail)."""

    unique_id: str
    resource_type: str
    status: str
    started_at: float
    finished_at: float
    failures: int | None = None
    message: str = ""


@dataclass(frozen=True)
class CompiledProject:
    folder: Path

    def steps(self, incremental: bool = False) -> list[dict]:
        """Every seed, model and data test in dbt's order with its compiled SQL, in the full or incremental form."""
        plan = json.loads((self.folder / PLAN_FILE).read_text(encoding="utf-8"))
        return plan["incremental" if incremental else "full"]

    @property
    def seeds(self) -> Path:
        return self.folder / SEEDS_FILE


def done_line(results: list[NodeResult]) -> str:
    """dbt's closing line for these results: models, seeds and passing tests count as PASS, failures as ERROR."""
    counts = {
        status: sum(r.status == status for r in results) for status in ("success", "pass", "warn", "fail", "error")
    }
    return (
        f"Done. PASS={counts['success'] + counts['pass']} WARN={counts['warn']} "
        f"ERROR={counts['fail'] + counts['error']} SKIP=0 TOTAL={len(results)}"
    )


def plan_version() -> str:
    """The dbt project's files and this module's code: a change in either compiles the plan again."""
    digest = hashlib.sha256(dbt_project_version().encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:12]


def compiled_project() -> CompiledProject:
    """The current dbt project's compiled plan, compiled (about 20 s, once per version) when missing."""
    folder = PLAN_ROOT / plan_version()
    if (folder / PLAN_FILE).exists():
        return CompiledProject(folder)
    PLAN_ROOT.mkdir(parents=True, exist_ok=True)
    with FileLock(str(PLAN_ROOT / ".lock")):
        if not (folder / PLAN_FILE).exists():  # another process may have compiled it while this one waited
            _compile(folder)
    return CompiledProject(folder)


def _compile(folder: Path) -> None:
    scratch = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(scratch, ignore_errors=True)
    work = scratch / "work"  # what compiling needs and the plan does not keep
    work.mkdir(parents=True)
    facts, build = work / "facts.duckdb", work / f"{COMPILE_DATABASE}.duckdb"
    load_facts(empty_store(str(work / "facts_store")), facts, [])  # every facts table, with no rows
    _dbt("seed", work, build, facts)
    full = plan_steps(_dbt("compile", work, build, facts))
    shutil.copyfile(build, scratch / SEEDS_FILE)
    # The incremental form: compiled against every table a published warehouse has, and a build scope.
    _run_steps(build, facts, scratch / SEEDS_FILE, full, "1GB", incremental=False)
    with duckdb.connect(str(build)) as conn:
        conn.execute(f"create table {SCOPE_TABLE} (report_id varchar)")
    incremental = plan_steps(_dbt("compile", work, build, facts))
    (scratch / PLAN_FILE).write_text(
        json.dumps({"full": full, "incremental": incremental}, ensure_ascii=False), encoding="utf-8"
    )
    shutil.rmtree(work)
    scratch.rename(folder)
    for other in PLAN_ROOT.iterdir():  # other versions' plans are never read again
        if other.is_dir() and other != folder and not other.name.startswith("."):
            shutil.rmtree(other, ignore_errors=True)


def _dbt(command: str, work: Path, build: Path, facts: Path) -> dict:
    """`dbt <command>` writing `build` from `facts` (profiles.yml); the manifest it leaves."""
    env = {
        **os.environ,
        "JUESUAN_BUILD_FILE": str(build),
        "JUESUAN_FACTS_DB": str(facts),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "DBT_USE_COLORS": "False",
    }
    subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt")),
            command,
            "--quiet",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
        ],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return json.loads((work / "target" / "manifest.json").read_text(encoding="utf-8"))


def plan_steps(manifest: Mapping) -> list[dict]:
    """Seeds and models in dependency order, each data test right after the last node it reads."""
    nodes = {uid: node for uid, node in manifest["nodes"].items() if node["config"].get("enabled", True)}
    built = {uid for uid, node in nodes.items() if node["resource_type"] in ("seed", "model")}
    graph = {
        uid: [parent for parent in nodes[uid]["depends_on"].get("nodes", []) if parent in built]
        for uid in sorted(built)
    }
    order = list(TopologicalSorter(graph).static_order())
    position = {uid: index for index, uid in enumerate(order)}
    tests: dict[str | None, list[str]] = {}
    for uid in sorted(uid for uid, node in nodes.items() if node["resource_type"] == "test"):
        parents = [parent for parent in nodes[uid]["depends_on"].get("nodes", []) if parent in built]
        tests.setdefault(max(parents, key=position.__getitem__) if parents else None, []).append(uid)
    steps = [_step(nodes[test]) for test in tests.get(None, [])]  # tests of sources only
    for uid in order:
        steps.append(_step(nodes[uid]))
        steps += [_step(nodes[test]) for test in tests.get(uid, [])]
    return steps


def _step(node: Mapping) -> dict:
    config = node["config"]
    step = {
        "unique_id": node["unique_id"],
        "resource_type": node["resource_type"],
        "schema": node["schema"],
        "alias": node["alias"],
        "materialized": config.get("materialized"),
    }
    if node["resource_type"] == "test":
        step |= {
            "sql": node["compiled_code"],
            "severity": config["severity"].upper(),
            "fail_calc": config["fail_calc"],
            "warn_if": config["warn_if"],
            "error_if": config["error_if"],
            "limit": config.get("limit"),
        }
        return step
    if node["resource_type"] == "model":
        step["sql"] = node["compiled_code"]
    docs = config.get("persist_docs") or {}
    step["relation_comment"] = node.get("description") if docs.get("relation") else None
    # every documented column, an empty description too (dbt's persist_docs comments it as '')
    step["column_comments"] = (
        {
            name: [column.get("description") or "", bool(column.get("quote"))]
            for name, column in node.get("columns", {}).items()
        }
        if docs.get("columns")
        else {}
    )
    return step


def _quoted(*names: str) -> str:
    return ".".join('"' + name.replace('"', '""') + '"' for name in names)


def _comment(text: str) -> str:
    """dbt-duckdb's dollar quoting of a persisted description."""
    magic = "$dbt_comment_literal_block$"
    if magic in text:
        raise BuildFailed(f"the string {magic} is not allowed in a description")
    return f"{magic}{text}{magic}"


def run_compiled(
    build: Path,
    facts_db: Path,
    memory_limit: str,
    incremental: bool = False,
    on_result: Callable[[NodeResult], None] = lambda result: None,
) -> list[NodeResult]:
    """Build every seed and model of the compiled project into `build` from the facts in `facts_db`, testing as it
    goes; raises BuildFailed as `dbt build` fails. A full build starts from an empty build file; an incremental one
    from a copy of the published warehouse whose SCOPE_TABLE names the reports to rebuild (incremental.py)."""
    project = compiled_project()
    return _run_steps(build, facts_db, project.seeds, project.steps(incremental), memory_limit, incremental, on_result)


def _run_steps(
    build: Path,
    facts_db: Path,
    seeds: Path,
    steps: list[dict],
    memory_limit: str,
    incremental: bool,
    on_result: Callable[[NodeResult], None] = lambda result: None,
) -> list[NodeResult]:
    results = []
    # dbt's settings (profiles.yml); spills go beside the build file, as with dbt's connection to it
    conn = duckdb.connect(
        config={"memory_limit": memory_limit, "preserve_insertion_order": False, "temp_directory": f"{build}.tmp"}
    )
    try:
        conn.execute(f"attach {sql_string(build)} as {COMPILE_DATABASE}")
        conn.execute(f"attach {sql_string(facts_db)} as facts (read_only)")
        conn.execute(f"attach {sql_string(seeds)} as seeds (read_only)")
        conn.execute(f"use {COMPILE_DATABASE}")
        schemas = set()
        for step in steps:
            started = time.time()
            if step["resource_type"] != "test" and step["schema"] not in schemas:
                conn.execute(f"create schema if not exists {_quoted(COMPILE_DATABASE, step['schema'])}")
                schemas.add(step["schema"])
            try:
                result = _run_step(conn, step, started, incremental)
            except duckdb.Error as error:
                result = NodeResult(
                    step["unique_id"], step["resource_type"], "error", started, time.time(), message=str(error)
                )
            results.append(result)
            on_result(result)
            if result.status in ("error", "fail"):
                raise BuildFailed(f"{result.unique_id}: {result.message}", result, step.get("sql"))
        conn.execute("checkpoint")
    finally:
        conn.close()
    return results


def _run_step(conn: duckdb.DuckDBPyConnection, step: Mapping, started: float, incremental: bool) -> NodeResult:
    relation = _quoted(COMPILE_DATABASE, step["schema"], step["alias"])
    if step["resource_type"] == "test":
        return _test(conn, step, started)
    if incremental and step["materialized"] == "incremental":
        # the table, and the comments on it, are the published warehouse's: only the scope's rows change
        _replace_scope_rows(conn, step, relation)
        return NodeResult(step["unique_id"], step["resource_type"], "success", started, time.time())
    if step["resource_type"] == "seed":
        conn.execute(
            f"create or replace table {relation} as select * from {_quoted('seeds', step['schema'], step['alias'])}"
        )
    elif step["materialized"] == "view":
        conn.execute(f"create or replace view {relation} as (\n{step['sql']}\n)")
    else:  # table, and an incremental model's first build
        conn.execute(f"create or replace table {relation} as (\n{step['sql']}\n)")
    kind = "view" if step["materialized"] == "view" else "table"
    if step["relation_comment"]:
        conn.execute(f"comment on {kind} {relation} is {_comment(step['relation_comment'])}")
    if step["column_comments"]:
        existing = _columns(conn, step)
        for name, (text, quote) in step["column_comments"].items():
            if name in existing:
                conn.execute(f"comment on column {relation}.{_quoted(name) if quote else name} is {_comment(text)}")
    return NodeResult(step["unique_id"], step["resource_type"], "success", started, time.time())


def _columns(conn: duckdb.DuckDBPyConnection, step: Mapping) -> list[str]:
    return [
        name
        for (name,) in conn.execute(
            "select column_name from duckdb_columns() where database_name = ? and schema_name = ? and table_name = ? "
            "order by column_index",
            [COMPILE_DATABASE, step["schema"], step["alias"]],
        ).fetchall()
    ]


def _replace_scope_rows(conn: duckdb.DuckDBPyConnection, step: Mapping, relation: str) -> None:
    """dbt-duckdb's incremental materialisation with the `by_report` strategy (macros/incremental_by_report.sql):
    the model's rows into a temporary table, then the target's scope rows deleted and the new ones inserted, by the
    target's columns."""
    columns = ", ".join(_quoted(name) for name in _columns(conn, step))
    scope = f"report_id in (select report_id from {SCOPE_TABLE})"
    conn.execute(f"create or replace temp table juesuan_model_rows as (\n{step['sql']}\n)")
    conn.execute(f"delete from {relation} where {scope}")
    conn.execute(f"insert into {relation} ({columns}) select {columns} from juesuan_model_rows where {scope}")
    conn.execute("drop table juesuan_model_rows")


def _test(conn: duckdb.DuckDBPyConnection, step: Mapping, started: float) -> NodeResult:
    """dbt's test materialisation: failures counted by fail_calc, judged by warn_if and error_if."""
    calc, limit = step["fail_calc"], f"limit {step['limit']}" if step["limit"] is not None else ""
    failures, should_warn, should_error = conn.execute(
        f"select {calc} as failures, {calc} {step['warn_if']} as should_warn, {calc} {step['error_if']} as should_error "
        f"from (\n{step['sql']}\n{limit}\n) dbt_internal_test"
    ).fetchone()
    if step["severity"] == "ERROR" and should_error:
        status = "fail"
    elif should_warn:
        status = "warn"
    else:
        status = "pass"
    message = f"{failures} rows fail {step['unique_id']}" if status != "pass" else ""
    return NodeResult(step["unique_id"], "test", status, started, time.time(), int(failures), message)
