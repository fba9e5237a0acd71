"""Great Expectations in a process of its own, started when a build starts.

Importing GX costs about 2.5 s of CPU: in the build's own process it came after the build, on the run's
critical path (a sixth of a cold run of five reports). Started with the build, the process imports GX on the
other core while the build runs, and later validates while the findings report is written. A process, not a
thread: importing GX parses source with `ast`, which Python 3.11.2 cannot do in two threads at once
(python/cpython#106905), and the run's own thread may be parsing too (Streamlit, dbt, `inspect`).

A plain child (`python -m`), not multiprocessing's: spawn would run the run's main script again in the child,
and a child waiting on its standard input ends when the run's process dies, even by kill -9 (its input closes).
Requests and replies are pickles on the child's standard input and on a copy of its standard output; what GX
prints goes to the run's standard output (the run's log). One process serves every run of the process that
started it (a test session runs many), so GX is imported once per process, as it was in the run's own."""

import atexit
import os
import pickle
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .validation import CategoryResult, validate_categories


class ExpectationsFailed(RuntimeError):
    """The validation raised, or its process ended without a result."""


class _Process:
    """The child, which has imported GX (or is importing it) and validates one build a request."""

    def __init__(self):
        self._child = subprocess.Popen(
            # its standard error to the run's standard output, as GX's messages went before (the run's log)
            [sys.executable, "-m", __name__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=1,
        )

    def alive(self) -> bool:
        return self._child.poll() is None

    def validate(self, build: Path, docs: Path) -> None:
        try:
            pickle.dump((build, docs), self._child.stdin)
            self._child.stdin.flush()
        except BrokenPipeError:  # the child has ended: results() says how
            pass

    def results(self) -> list[CategoryResult]:
        try:
            status, reply = pickle.load(self._child.stdout)
        except EOFError:
            raise ExpectationsFailed(
                f"the Great Expectations process ended without a result (exit code {self._child.wait()})"
            ) from None
        if status != "ok":
            raise ExpectationsFailed(f"Great Expectations failed on the build file:\n{reply}")
        return reply

    def stop(self) -> None:
        """End the child at once: its answers are read or no longer wanted, and Data Docs are written before an
        answer (waiting would cost a failed run the rest of GX's import)."""
        self._child.kill()
        self._child.wait()
        self._child.stdin.close()
        self._child.stdout.close()


_process: _Process | None = None


def start() -> None:
    """Start the process now if none is running, so that GX is imported beside the build."""
    global _process
    if _process is None or not _process.alive():
        _process = _Process()


def _stop() -> None:
    global _process
    if _process is not None:
        _process.stop()
        _process = None


atexit.register(_stop)


@contextmanager
def validating(build: Path, docs: Path) -> Iterator[Callable[[], list[CategoryResult]]]:
    """Ask for each rule category's result on the build file, its Data Docs written to `docs`; yields the function
    that waits for them. If the caller fails or does not ask, the process is stopped: its answer would be left
    unread, for the next request to take as its own."""
    start()
    process, asked = _process, []
    process.validate(build, docs)

    def results() -> list[CategoryResult]:
        asked.append(True)
        return process.results()

    try:
        yield results
    except BaseException:
        _stop()
        raise
    if not asked:
        _stop()


def _serve() -> None:
    """The child: import GX, then validate each build asked for, until its input closes."""
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # GX's prints must not reach the replies
    import great_expectations  # noqa: F401  (now, while the build runs)

    while True:
        try:
            build, docs = pickle.load(sys.stdin.buffer)
        except EOFError:  # the run's process has ended (or died)
            return
        try:
            answer = ("ok", validate_categories(build, docs))
        except Exception:
            answer = ("error", traceback.format_exc())
        pickle.dump(answer, replies)
        replies.flush()


if __name__ == "__main__":
    _serve()
