"""`juesuan-dbt`: dbt, as a child that dies with the run that started it.

dagster-dbt starts dbt as a plain subprocess: when the run is killed (kill -9, the OOM killer), dbt went on
building and holding the build file. On Linux the kernel sends this process SIGKILL when its parent dies
(PR_SET_PDEATHSIG), so a killed run takes its dbt build with it. The signal follows the thread that
started the child: the run starts dbt from the thread that waits for it, so that thread outlives it.
"""

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the call: nothing would signal this process
        os._exit(1)


def main() -> None:
    die_with_parent()
    from dbt.cli.main import cli

    sys.exit(cli())
