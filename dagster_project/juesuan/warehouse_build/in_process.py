"""A full build of a few reports without starting dbt: the dbt project's own compiled SQL, run in this process.

`dbt build` spends most of a small build outside DuckDB: start-up and parsing (about 5 s), loading the seeds
row by row (about 15 s) and a round trip per model and test. The rules stay the dbt project's alone: once per
version of dbt_project/ and of this module (a hash of their files, so a changed model is compiled again, never
served stale), `dbt seed` and `dbt compile` run against an empty database, which makes every model's compiled SQL its
full-build form (is_incremental() is false, no build scope). What they leave (plan.json: each seed, model and
data test in dbt's order with its compiled SQL; seeds.duckdb: the seeds as dbt loaded them) is kept under
dbt_project/target/in_process/<version>/. A build then creates each model from its compiled SQL as dbt-duckdb's
table and view materialisations do, copies the seeds, adds the descriptions dbt persists as comments, and runs
every data test's compiled SQL as dbt's test materialisation does: a failing error-severity test stops the
build, as it stops `dbt build`, so nothing it gates is published.

Incremental builds and builds in several chunks stay with dbt (their SQL depends on the tables already built).
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
from .chunks import chunk_reports
from .fingerprint import dbt_project_version
from .incremental import BuildPlan
from .sql_text import sql_string

PLAN_ROOT = DBT_PROJECT_DIR / "target" / "in_process"
PLAN_FILE, SEEDS_FILE = "plan.json", "seeds.duckdb"
# The database dbt compiles against: its name qualifies every relation in the compiled SQL, so a build attaches
# its file under this name.
COMPILE_DATABASE = "juesuan_build"
# Full builds of at most this many reports run here (JUESUAN_IN_PROCESS_MAX_REPORTS; 0: always dbt).
DEFAULT_MAX_REPORTS = 200


def max_reports() -> int:
    value = os.environ.get("JUESUAN_IN_PROCESS_MAX_REPORTS", str(DEFAULT_MAX_REPORTS))
    if not value.isdigit():
        raise ValueError(
            f"JUESUAN_IN_PROCESS_MAX_REPORTS must be a whole number of reports, 0 or more; it is {value!r}"
        )
    return int(value)


def whole_build_up_to() -> int:
    """The most reports a full build of one chunk runs in process: a folder that small is rebuilt whole
    (incremental.prepare_build) rather than by an incremental `dbt build`."""
    return min(max_reports(), chunk_reports())


def runs_in_process(plan: BuildPlan) -> bool:
    """A full build of few enough reports for one build in this process; the rest is `dbt build`'s."""
    return not plan.incremental and len(plan.chunks) == 1 and len(plan.chunks[0]) <= max_reports()


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

    @property
    def steps(self) -> list[dict]:
        return json.loads((self.folder / PLAN_FILE).read_text(encoding="utf-8"))["steps"]

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
    scratch.mkdir(parents=True)
    facts = scratch / "facts.duckdb"
    duckdb.connect(str(facts)).close()  # profiles.yml attaches it; compiling reads none of its tables
    env = {
        **os.environ,
        "JUESUAN_BUILD_FILE": str(scratch / f"{COMPILE_DATABASE}.duckdb"),
        "JUESUAN_FACTS_DB": str(facts),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "DBT_USE_COLORS": "False",
    }
    dbt = str(Path(sys.executable).with_name("dbt"))
    for command in ("seed", "compile"):
        subprocess.run(
            [
                dbt,
                command,
                "--quiet",
                "--project-dir",
                str(DBT_PROJECT_DIR),
                "--profiles-dir",
                str(DBT_PROJECT_DIR),
                "--target-path",
                str(scratch / "target"),
                "--log-path",
                str(scratch / "logs"),
            ],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    manifest = json.loads((scratch / "target" / "manifest.json").read_text(encoding="utf-8"))
    (scratch / PLAN_FILE).write_text(json.dumps({"steps": plan_steps(manifest)}, ensure_ascii=False), encoding="utf-8")
    (scratch / f"{COMPILE_DATABASE}.duckdb").rename(scratch / SEEDS_FILE)
    shutil.rmtree(scratch / "target")
    shutil.rmtree(scratch / "logs", ignore_errors=True)
    facts.unlink()
    scratch.rename(folder)
    for other in PLAN_ROOT.iterdir():  # other versions' plans are never read again
        if other.is_dir() and other != folder and not other.name.startswith("."):
            shutil.rmtree(other, ignore_errors=True)


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
    build: Path, facts_db: Path, memory_limit: str, on_result: Callable[[NodeResult], None] = lambda result: None
) -> list[NodeResult]:
    """Build every seed and model of the compiled project into `build` (an empty build file) from the facts in
    `facts_db`, testing as it goes; raises BuildFailed as `dbt build` fails."""
    project = compiled_project()
    results = []
    # dbt's settings (profiles.yml); spills go beside the build file, as with dbt's connection to it
    conn = duckdb.connect(
        config={"memory_limit": memory_limit, "preserve_insertion_order": False, "temp_directory": f"{build}.tmp"}
    )
    try:
        conn.execute(f"attach {sql_string(build)} as {COMPILE_DATABASE}")
        conn.execute(f"attach {sql_string(facts_db)} as facts (read_only)")
        conn.execute(f"attach {sql_string(project.seeds)} as seeds (read_only)")
        conn.execute(f"use {COMPILE_DATABASE}")
        schemas = set()
        for step in project.steps:
            started = time.time()
            if step["resource_type"] != "test" and step["schema"] not in schemas:
                conn.execute(f"create schema if not exists {_quoted(COMPILE_DATABASE, step['schema'])}")
                schemas.add(step["schema"])
            try:
                result = _run_step(conn, step, started)
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


def _run_step(conn: duckdb.DuckDBPyConnection, step: Mapping, started: float) -> NodeResult:
    relation = _quoted(COMPILE_DATABASE, step["schema"], step["alias"])
    if step["resource_type"] == "test":
        return _test(conn, step, started)
    if step["resource_type"] == "seed":
        conn.execute(f"create table {relation} as select * from {_quoted('seeds', step['schema'], step['alias'])}")
    elif step["materialized"] == "view":
        conn.execute(f"create view {relation} as (\n{step['sql']}\n)")
    else:  # table and incremental: an incremental model's first build is a table
        conn.execute(f"create table {relation} as (\n{step['sql']}\n)")
    kind = "view" if step["materialized"] == "view" else "table"
    if step["relation_comment"]:
        conn.execute(f"comment on {kind} {relation} is {_comment(step['relation_comment'])}")
    if step["column_comments"]:
        existing = {
            name
            for (name,) in conn.execute(
                "select column_name from duckdb_columns() where database_name = ? and schema_name = ? and table_name = ?",
                [COMPILE_DATABASE, step["schema"], step["alias"]],
            ).fetchall()
        }
        for name, (text, quote) in step["column_comments"].items():
            if name in existing:
                conn.execute(f"comment on column {relation}.{_quoted(name) if quote else name} is {_comment(text)}")
    return NodeResult(step["unique_id"], step["resource_type"], "success", started, time.time())


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
