"""The per-report limits the worker pool enforces: a report over the time or memory limit, or whose
worker dies, is rejected with a reason naming the limit, its worker is gone, and the others land."""

import os
import re
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from juesuan.extract import workers as workers_module
from juesuan.extract.workers import WorkerLimits, extract_all, worker_pool
from juesuan.facts.store import FactsStore
from juesuan.landing.discovery import discover_report_files

from tests.bad_inputs import GOOD_TEXT, _huge_text, _pages_pdf
from tests.conftest import sample_path

TWO_THOUSAND_PAGES_SECONDS = 7  # landing it alone takes 7.4 s here (README's bad-input table), far over 3 s


def _child_pids(pid: int) -> set[int]:
    """A process's children, from every thread (pebble's manager thread starts the workers)."""
    return {
        int(child) for listing in Path(f"/proc/{pid}/task").glob("*/children") for child in listing.read_text().split()
    }


def _is_server(pid: int) -> bool:
    """multiprocessing's own helpers (the forkserver, the resource tracker), started as `python -c ...`.
    Only this process's direct children are asked: the forkserver's forked workers share its command line."""
    try:
        return b"from multiprocessing." in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _children() -> set[int]:
    """The worker processes: forked children of this process, or children of the forkserver."""
    direct = _child_pids(os.getpid())
    servers = {pid for pid in direct if _is_server(pid)}
    return (direct - servers).union(*(_child_pids(server) for server in servers))


@contextmanager
def _watched_children() -> Iterator[set[int]]:
    """Every child process seen while the block runs, sampled every 20 ms."""
    seen: set[int] = set()
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            seen.update(_children())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield seen
    finally:
        done.set()
        sampler.join()


def _alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


def _vm_size_mb() -> int:
    return int(re.search(r"VmSize:\s+(\d+)", Path("/proc/self/status").read_text()).group(1)) >> 10


def _extract(raw: Path, store: FactsStore, limits: WorkerLimits, only=None) -> tuple[dict[str, tuple], set[int], float]:
    """Outcomes by file (of every report, or those `only`), the worker processes seen, and the seconds the pool took."""
    before = _children()
    started = time.monotonic()
    with _watched_children() as seen:
        reports = discover_report_files(raw) if only is None else only
        outcomes = {o.source_file: (o.status, o.reject_reason) for o in extract_all(reports, store, limits)}
    # A server sampled between its fork and its exec still had this process's command line.
    return outcomes, {pid for pid in seen - before if not _is_server(pid)}, time.monotonic() - started


def _files(store: FactsStore, table: str) -> list[str]:
    return [store.schema_file(table), *store.report_files(table, store.complete_reports())]


def _documents(store: FactsStore) -> dict[str, tuple]:
    """What raw.documents will hold: the facts store's documents table, by file."""
    rows = duckdb.execute(
        "select source_file, status, reject_reason from read_parquet(?)", [_files(store, "documents")]
    ).fetchall()
    return {source_file: (status, reason) for source_file, status, reason in rows}


def _metrics_of(store: FactsStore, source_file: str) -> int:
    return duckdb.execute(
        "select count(*) from read_parquet($metrics) join read_parquet($documents) using (report_id) where source_file = $f",
        {"metrics": _files(store, "metrics"), "documents": _files(store, "documents"), "f": source_file},
    ).fetchone()[0]


def test_a_report_over_the_time_limit_is_stopped_and_rejected(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(sample_path("003"), raw / GOOD_TEXT)
    _pages_pdf(raw / "two_thousand_pages.pdf", 2000)
    store = FactsStore(str(tmp_path / "facts"), "test")

    # 3 s: well below the 2,000 pages' time, and above a text report's in a fresh worker on a loaded machine
    # (with 1 s, the text's worker, importing the readers, was timed out too on a shared 2-core machine)
    outcomes, workers, seconds = _extract(raw, store, WorkerLimits(workers=2, timeout_seconds=3, memory_mb=8192))

    reason = "took longer than 3 s to extract (JUESUAN_TIMEOUT_S); tried again on the next run"
    assert outcomes == {GOOD_TEXT: ("landed", None), "two_thousand_pages.pdf": ("rejected", reason)}
    assert _documents(store) == outcomes
    # a rejection for time is the machine's as much as the file's: the next run extracts it again
    assert len(store.complete_reports()) == 2 and len(store.settled_reports()) == 1
    assert _metrics_of(store, GOOD_TEXT) > 50
    # The worker was stopped, not waited for: the pool finished long before the PDF could have,
    # and no process it started is left.
    assert seconds < TWO_THOUSAND_PAGES_SECONDS - 2
    assert workers and not [pid for pid in workers if _alive(pid)]


def test_a_report_over_the_memory_limit_is_rejected_naming_the_limit(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(sample_path("003"), raw / GOOD_TEXT)
    _huge_text(raw / "huge.txt", megabytes=90)  # under the file-size limit; read and decoded, well over 150 MB
    store = FactsStore(str(tmp_path / "facts"), "test")
    # Forked workers start at this process's address space, and sample 003 needs under 30 MB more.
    monkeypatch.setattr(workers_module, "START_METHOD", "fork")
    limit_mb = _vm_size_mb() + 150

    outcomes, workers, _ = _extract(raw, store, WorkerLimits(workers=2, timeout_seconds=60, memory_mb=limit_mb))

    reason = f"ran out of memory while extracting: needs more than {limit_mb} MB (JUESUAN_WORKER_MEMORY_MB); tried again on the next run"
    assert outcomes == {GOOD_TEXT: ("landed", None), "huge.txt": ("rejected", reason)}
    assert _documents(store) == outcomes
    assert len(store.settled_reports()) == 1
    assert _metrics_of(store, GOOD_TEXT) > 50
    assert workers and not [pid for pid in workers if _alive(pid)]


def test_a_worker_that_dies_costs_only_its_report(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    for prefix in ("003", "004"):
        shutil.copy(sample_path(prefix), raw)
    dying = sample_path("004").name
    extract_report = workers_module.extract_report

    def killed_on_dying(report_file, version):
        if report_file.source_file == dying:  # what the kernel's OOM killer or a crash in a native library does
            os.kill(os.getpid(), signal.SIGKILL)
        return extract_report(report_file, version)

    # Forked workers carry the patch (forkserver's would import the module afresh).
    monkeypatch.setattr(workers_module, "START_METHOD", "fork")
    monkeypatch.setattr(workers_module, "extract_report", killed_on_dying)
    store = FactsStore(str(tmp_path / "facts"), "test")

    outcomes, workers, _ = _extract(raw, store, WorkerLimits(workers=2, timeout_seconds=60, memory_mb=8192))

    reason = (
        "the extraction worker died (exit code -9); likely out of memory (JUESUAN_WORKER_MEMORY_MB=8192); "
        "tried again on the next run"
    )
    assert outcomes == {sample_path("003").name: ("landed", None), dying: ("rejected", reason)}
    assert _documents(store) == outcomes
    assert len(store.settled_reports()) == 1
    monkeypatch.setattr(workers_module, "extract_report", extract_report)  # the next run: it lands, and is settled
    outcomes, _, _ = _extract(
        raw,
        store,
        WorkerLimits(workers=2, timeout_seconds=60, memory_mb=8192),
        only=[r for r in discover_report_files(raw) if r.source_file == dying],
    )
    assert outcomes == {dying: ("landed", None)} and len(store.settled_reports()) == 2
    assert workers and not [pid for pid in workers if _alive(pid)]


def test_workers_see_the_environment_and_folder_of_the_run_that_starts_them(monkeypatch, tmp_path):
    # The first pool starts the forkserver; its children would keep that moment's environment and folder.
    with worker_pool(1, 8192) as pool:
        assert pool.schedule(os.getenv, args=("JUESUAN_OCR_CACHE",)).result() == os.getenv("JUESUAN_OCR_CACHE")
    monkeypatch.setenv("JUESUAN_OCR_CACHE", str(tmp_path / "ocr_cache"))
    monkeypatch.chdir(tmp_path)
    with worker_pool(1, 8192) as pool:
        assert pool.schedule(os.getenv, args=("JUESUAN_OCR_CACHE",)).result() == str(tmp_path / "ocr_cache")
        assert pool.schedule(os.getcwd).result() == str(tmp_path)


def test_under_a_temporary_folder_too_long_for_a_socket_workers_are_spawned(tmp_path, monkeypatch):
    """The forkserver's socket would lie past 107 bytes: the pool spawns its workers, which extract as usual."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", "/tmp")
    assert workers_module.start_method() == "forkserver"
    long_folder = tmp_path / ("t" * 90)
    long_folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(long_folder))
    assert workers_module.start_method() == "spawn"

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(sample_path("003"), raw)
    store = FactsStore(str(tmp_path / "facts"), "v1")
    (outcome,) = extract_all(discover_report_files(raw), store, WorkerLimits(1, 120, 2048))
    assert outcome.status == "landed", outcome.reject_reason
