"""Extraction in parallel worker processes, each writing its reports straight to the facts store.

The parent only schedules files and collects short outcomes, so memory stays flat
however many reports there are. A worker that overruns the time limit is stopped
and its report rejected; one that dies (memory, a crash in a native library) costs
only its report.
"""

import gc
import logging
import multiprocessing
import os
import resource
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace

from pebble import ProcessExpired, ProcessPool

from ..facts.store import FactsStore
from ..landing.models import ReportFile
from ..untrusted_text import for_terminal
from .report import GC_THRESHOLDS, RETRIED, Outcome, extract_report, rejection_tables

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkerLimits:
    workers: int
    timeout_seconds: float
    memory_mb: int


# Workers start from a small clean process, not forked from the run's (Dagster, the dbt manifest): forked,
# each PDF took about 17% longer (copy-on-write of the parent's heap), and every worker counted the
# parent's memory as its own.
START_METHOD = "forkserver"
# The forkserver listens on a Unix socket at <temporary folder>/pymp-XXXXXXXX/listener-XXXXXXXX, and a socket's
# path has at most 107 bytes: under a longer TMPDIR the workers are spawned instead (each imports the parsers
# itself, so they start slower; what they extract is the same).
SOCKET_PATH_MAX, SOCKET_PATH_SUFFIX = 107, len("/pymp-XXXXXXXX/listener-XXXXXXXX")


def start_method() -> str:
    folder = os.fsencode(tempfile.gettempdir())
    return START_METHOD if len(folder) + SOCKET_PATH_SUFFIX <= SOCKET_PATH_MAX else "spawn"


def _start_worker(memory_mb: int, environment: dict[str, str], cwd: str) -> None:
    # A forkserver's children inherit the server's environment and folder, fixed when it first started:
    # a later run in the same process (a test, a long-lived Dagster code server) must not get stale ones.
    os.environ.clear()
    os.environ.update(environment)
    os.chdir(cwd)
    # Address space, not RSS: an allocation past it raises MemoryError inside the worker.
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
    gc.set_threshold(*GC_THRESHOLDS)


def extract_into_store(report_file: ReportFile, store_root: str, version: str) -> Outcome:
    """Worker entry point: one report extracted and written; bad input becomes a rejection."""
    started = time.monotonic()
    extraction = extract_report(report_file, version)
    outcome = extraction.outcome
    tables = extraction.tables or rejection_tables(report_file, outcome.reject_reason, version)
    FactsStore(store_root, version).write_report(report_file.report_id, tables, retry=extraction.retry)
    return _timed(outcome, time.monotonic() - started)


def _timed(outcome: Outcome, seconds: float) -> Outcome:
    return replace(outcome, seconds=round(seconds, 3))


def _reject(store: FactsStore, report_file: ReportFile, reason: str, retry: bool = False) -> Outcome:
    """retry: a rejection for time or memory, which the machine's load may have caused: the next run tries again."""
    reason += RETRIED if retry else ""
    store.write_report(report_file.report_id, rejection_tables(report_file, reason, store.version), retry=retry)
    return Outcome(report_file.report_id, report_file.source_file, "rejected", reason)


def worker_pool(workers: int, memory_mb: int) -> ProcessPool:
    context = multiprocessing.get_context(start_method())
    if context.get_start_method() == "forkserver":
        # the server imports pdfplumber and the parsers once, not each worker
        context.set_forkserver_preload([__name__, "juesuan.landing.pdf_reader"])
    return ProcessPool(
        max_workers=workers,
        initializer=_start_worker,
        initargs=(memory_mb, dict(os.environ), os.getcwd()),
        context=context,
    )


def extract_all(
    report_files: Sequence[ReportFile],
    store: FactsStore,
    limits: WorkerLimits,
    on_outcome: Callable[[Outcome], None] = lambda outcome: None,
) -> Iterator[Outcome]:
    """Extract every file in worker processes; yields outcomes as reports finish."""
    if not report_files:
        return
    store.prepare()
    with worker_pool(max(1, min(limits.workers, len(report_files))), limits.memory_mb) as pool:
        futures = [
            (
                report_file,
                pool.schedule(
                    extract_into_store, args=(report_file, store.root, store.version), timeout=limits.timeout_seconds
                ),
            )
            # Largest first: a big PDF started last would leave the other workers idle at the end.
            for report_file in sorted(report_files, key=lambda r: r.bytes, reverse=True)
        ]
        for report_file, future in futures:
            try:
                outcome = future.result()
            except FutureTimeout:
                outcome = _reject(
                    store,
                    report_file,
                    f"took longer than {limits.timeout_seconds:g} s to extract (JUESUAN_TIMEOUT_S)",
                    retry=True,
                )
            except ProcessExpired as error:
                outcome = _reject(
                    store,
                    report_file,
                    f"the extraction worker died (exit code {error.exitcode}); "
                    f"likely out of memory (JUESUAN_WORKER_MEMORY_MB={limits.memory_mb})",
                    retry=True,
                )
            except Exception as error:
                outcome = _reject(
                    store, report_file, f"extraction failed unexpectedly: {type(error).__name__}: {error}"[:500]
                )
            if outcome.status == "rejected":
                # to the terminal: the name and reason shown escaped
                log.warning("rejected %s: %s", for_terminal(outcome.source_file), for_terminal(outcome.reject_reason))
            on_outcome(outcome)
            yield outcome
