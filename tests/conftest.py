"""Shared fixtures: the bundled samples, the shared real PDFs, synthetic PDFs and temp warehouses."""

import os
from pathlib import Path

import pytest
from juesuan.landing.models import Line

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "raw"
SHARED_PDFS = REPO.parent / "shared" / "samples" / "pdf"
SHARED_BUDGETS = REPO.parent / "shared" / "samples" / "budget"

# Real lines from sample 003's 收入决算表 (T02), used to build the synthetic PDF.
T02_ROWS = [
    ["功能分类科目编码", "科目名称", "本年收入合计", "财政拨款收入"],
    ["合 计", "", "3,061.55", "3,061.55"],
    ["201", "一般公共服务支出", "1,857.73", "1,857.73"],
    ["2010301", "行政运行", "1,400.04", "1,400.04"],
]
REPORT_PARAGRAPHS = [
    "2021 年度武汉市洪山区人民政府办公室 部门决算公开",
    "第一部分 武汉市洪山区人民政府办公室概况",
    "2021年度收入决算表（表2）",
    "金额单位：万元",
]


def free_port() -> int:
    """A TCP port nothing listens on, for a server a test starts."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sample_path(prefix: str) -> Path:
    return next(SAMPLES.glob(f"{prefix}_*.txt"))


def sample_lines(prefix: str) -> list[Line]:
    from juesuan.landing.text_reader import read_text_report

    return read_text_report(sample_path(prefix).read_bytes()).lines


@pytest.fixture(scope="session", autouse=True)
def ocr_cache(request):
    """OCR results persist in pytest's cache folder, so the slow tests OCR each page image once."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUESUAN_OCR_CACHE", str(request.config.cache.mkdir("ocr_cache")))
        yield


@pytest.fixture(scope="session", autouse=True)
def ocr_threads_of_a_test_process():
    """A test process's share of the cores for the OCR engine, as an extraction worker gets its share
    (landing/ocr/engine.py): pytest-xdist runs a process per core and one more, so an engine with a thread per
    core waits for a core with its threads spinning. One thread a page took 3.0-3.5 CPU s, two 4.7-6.0 (same page,
    2 cores busy, wall no longer)."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "0"))
    if not workers:
        yield
        return
    from juesuan.landing.ocr import engine

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "_threads", lambda: max(1, (os.cpu_count() or 1) // workers))
        yield


@pytest.fixture
def shared_pdf_dir() -> Path:
    if not any(SHARED_PDFS.glob("*.pdf")):
        pytest.skip(f"real sample PDFs not present at {SHARED_PDFS} (they are never committed)")
    return SHARED_PDFS


@pytest.fixture
def synthetic_report_pdf(tmp_path) -> Path:
    from tests.pdf_factory import report_pdf

    return report_pdf(tmp_path / "synthetic.pdf", REPORT_PARAGRAPHS, T02_ROWS)


@pytest.fixture
def warehouse_env(tmp_path, monkeypatch) -> Path:
    """A private input folder and warehouse for one test."""
    raw = tmp_path / "raw"
    raw.mkdir()
    monkeypatch.setenv("JUESUAN_RAW_DIR", str(raw))
    monkeypatch.setenv("JUESUAN_WAREHOUSE", str(tmp_path / "warehouse" / "juesuan.duckdb"))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    return raw


def session_folder(tmp_path_factory) -> Path:
    """This test session's temporary folder, shared by its processes (pytest-xdist's workers each have a
    folder of their own inside it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once_for_all_workers(tmp_path_factory, name: str):
    """A lock the session's test processes share, for work one of them does for all."""
    from filelock import FileLock

    return FileLock(session_folder(tmp_path_factory) / f"{name}.lock")


@pytest.fixture(scope="session")
def dbt_manifest(tmp_path_factory) -> None:
    """Build the dbt manifest once, as `make run` does before loading the definitions."""
    from juesuan.cli import _put_interpreter_bin_on_path, prepare

    _put_interpreter_bin_on_path()
    with once_for_all_workers(tmp_path_factory, "dbt_manifest"):
        prepare()


def build_warehouse(root: Path):
    """Run the whole pipeline over root/raw into root/juesuan.duckdb; a read-only connection to it."""
    import duckdb
    from dagster import DagsterInstance
    from juesuan.pipeline import run_pipeline

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUESUAN_RAW_DIR", str(root / "raw"))
        patch.setenv("JUESUAN_WAREHOUSE", str(root / "juesuan.duckdb"))
        run_pipeline(DagsterInstance.ephemeral())
    return duckdb.connect(str(root / "juesuan.duckdb"), read_only=True)


def warehouse_rows(warehouse: Path) -> dict[str, list[str]]:
    """Every row of every table of the contract's schemas and the intermediate models, sorted, without
    the run-timestamp columns (`*_at`): two builds of the same reports must give equal results."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as conn:
        tables = conn.execute("""select schema_name, table_name from duckdb_tables()
                                 where schema_name in ('raw', 'parsed', 'intermediate', 'marts') order by 1, 2""").fetchall()
        rows = {}
        for schema, table in tables:
            columns = [
                f'"{name}"'
                for (name,) in conn.execute(
                    """select column_name from duckdb_columns() where schema_name = ? and table_name = ?
                   and not suffix(column_name, '_at') order by column_index""",
                    [schema, table],
                ).fetchall()
            ]
            rows[f"{schema}.{table}"] = sorted(
                map(repr, conn.execute(f'select {", ".join(columns)} from "{schema}"."{table}"').fetchall())
            )
        return rows


def query(sql: str, params: dict | None = None) -> list[tuple]:
    import duckdb
    from juesuan.config import warehouse_path

    with duckdb.connect(str(warehouse_path()), read_only=True) as conn:
        return conn.execute(sql, params or {}).fetchall()


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory, dbt_manifest) -> Path:
    """One warehouse built from the bundled samples and, when present, the shared real PDFs, for the tests of
    what users see (dashboard, report, export, docs): built by the first test process that asks, read by all."""
    import shutil

    from dagster import DagsterInstance
    from juesuan.pipeline import run_pipeline

    root = session_folder(tmp_path_factory) / "users"
    warehouse = root / "warehouse" / "juesuan.duckdb"
    with once_for_all_workers(tmp_path_factory, "sample_warehouse"):
        if not warehouse.exists():
            shutil.rmtree(root, ignore_errors=True)  # a build that failed in another process
            shutil.copytree(SAMPLES, root / "raw")
            for pdf in SHARED_PDFS.glob("*.pdf"):
                shutil.copy(pdf, root / "raw")
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("JUESUAN_RAW_DIR", str(root / "raw"))
                patch.setenv("JUESUAN_WAREHOUSE", str(warehouse))
                run_pipeline(DagsterInstance.ephemeral())
    return warehouse


@pytest.fixture
def sample_warehouse_env(sample_warehouse, monkeypatch) -> Path:
    """The sample warehouse as JUESUAN_WAREHOUSE, its input folder as JUESUAN_RAW_DIR."""
    monkeypatch.setenv("JUESUAN_WAREHOUSE", str(sample_warehouse))
    monkeypatch.setenv("JUESUAN_RAW_DIR", str(sample_warehouse.parent.parent / "raw"))
    return sample_warehouse


# Files whose tests start whole runs, daemons, servers or OCR (a minute or more each), the most CPU first
# (measured per test over a whole run, docs/testing.md). pytest-xdist hands out files in collection order
# (`--no-loadscope-reorder`: by default it reorders them by their number of tests): these go first, so the short files
# fill the processes at the end instead of one process finishing a long file alone. The tests mostly waiting on other
# processes go where the other processes use the cores meanwhile: `make dev` (test_sensor.py) first, the daemon
# (test_scale_out.py, minutes of wall time on a busy machine) among the long files, not at the end.
LONG_FILES = (
    "test_sensor.py",
    "test_incremental_build.py",
    "test_scan_corpus.py",
    "test_orchestration.py",
    "test_in_process_build.py",
    "test_scale.py",
    "test_scale_out.py",
    "test_pipeline.py",
    "test_isolation.py",
    "test_write_boundary.py",
    "test_dashboard_surface.py",
    "test_bad_inputs.py",
    "test_ocr.py",
    "test_ocr_samples.py",
    "test_dashboard.py",
    "test_marts.py",
    "test_reconciliation.py",
)


def pytest_collection_modifyitems(items):
    # stable: each file's own order stays
    items.sort(key=lambda item: LONG_FILES.index(item.path.name) if item.path.name in LONG_FILES else len(LONG_FILES))


def pytest_xdist_auto_num_workers(config) -> int:
    """One test process more than cores (`-n auto`; `--maxprocesses` caps it): the daemon, sensor, kill -9 and
    server tests spend much of their time waiting on another process, and a third process uses those cores
    (on 2 cores, from a fresh clone: pytest 615.6 s with two processes, docs/testing.md for three)."""
    return (os.cpu_count() or 1) + 1
