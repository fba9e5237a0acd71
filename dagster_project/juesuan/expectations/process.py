"""Great Expectations in a process of its own, started when a build starts.

Importing GX costs about 2.5 s of CPU: in the build's own process it came after the build, on the run's
critical path (a sixth of a cold run of five reports). Started with the build, the process imports GX on the
other core while the build runs, and later validates while the findings report is written. A process, not a
thread: importing GX parses source with `ast`, which Python 3.11.2 cannot do in two threads at once
(python/cpython#106905), and the run's own thread may be parsing too (Streamlit, dbt, `inspect`).

A plain child (`python -m`), not multiprocessing's: spawn would run the run's main script again in the child,
and a child waiting on its standard input ends when the run's process dies, even by kill -9 (its input closes).
The request and the reply are pickles on the child's standard input and on a copy of its standard output; what
GX prints goes to the run's standard output (the run's log)."""

import os
import pickle
import subprocess
import sys
import traceback
from pathlib import Path

from .validation import CategoryResult, validate_categories


class ExpectationsFailed(RuntimeError):
    """The validation raised, or its process ended without a result."""


class ExpectationsProcess:
    """One process that has imported GX (or is importing it) and validates one build."""

    def __init__(self):
        self._process = subprocess.Popen(
            # its standard error to the run's standard output, as GX's messages went before (the run's log)
            [sys.executable, "-m", __name__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=1,
        )

    def validate(self, build: Path, docs: Path) -> None:
        """Send the build file to validate and the Data Docs folder; results() waits for the answer."""
        try:
            with self._process.stdin as request:
                pickle.dump((build, docs), request)
        except BrokenPipeError:  # the process has ended: results() says how
            pass

    def results(self) -> list[CategoryResult]:
        """Each category's result for the build file sent."""
        try:
            status, reply = pickle.load(self._process.stdout)
        except EOFError:
            raise ExpectationsFailed(
                f"the Great Expectations process ended without a result (exit code {self._process.wait()})"
            ) from None
        if status != "ok":
            raise ExpectationsFailed(f"Great Expectations failed on the build file:\n{reply}")
        return reply

    def close(self) -> None:
        """Stop the process if it is still working (the step failed before asking for its results)."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._process.stdout.close()


_started: ExpectationsProcess | None = None  # started by the build step, taken by the findings step of one run


def start() -> None:
    """Start the process now, so that GX is imported beside the build."""
    global _started
    if _started is None:
        _started = ExpectationsProcess()


def take() -> ExpectationsProcess:
    """The process the build started, or a new one (the findings step run on its own, or after a failed build)."""
    global _started
    process, _started = _started or ExpectationsProcess(), None
    return process


def _serve() -> None:
    """The child: import GX, then validate the one build asked for."""
    reply = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # GX's prints must not reach the reply
    import great_expectations  # noqa: F401  (now, while the build runs)

    try:
        build, docs = pickle.load(sys.stdin.buffer)
    except EOFError:  # the run ended (or died) without asking
        return
    try:
        answer = ("ok", validate_categories(build, docs))
    except Exception:
        answer = ("error", traceback.format_exc())
    with reply:
        pickle.dump(answer, reply)


if __name__ == "__main__":
    _serve()
