"""`juesuan-dbt`: dbt, as a child that dies with the run that started it, run from the build's folder.

dagster-dbt starts dbt as a plain subprocess: when the run is killed (kill -9, the OOM killer), dbt went on
building and holding the build file. On Linux the kernel sends this process SIGKILL when its parent dies
(PR_SET_PDEATHSIG), so a killed run takes its dbt build with it. The signal follows the thread that
started the child: the run starts dbt from the thread that waits for it, so that thread outlives it.
"""

import ctypes
import os
import signal
import sys
from contextlib import AbstractContextManager
from pathlib import Path

from ..config import environment

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
# profiles.yml reads the build file and the facts file dbt attaches from these.
FILE_VARIABLES = ("JUESUAN_BUILD_FILE", "JUESUAN_FACTS_DB")


def die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the call: nothing would signal this process
        os._exit(1)


def run_in_build_folder() -> None:
    """dbt parses the whole project again (twice the CPU of a partial parse) whenever its profile differs from
    the one its saved parse was made with, and the profile holds the build and facts files' paths. Run from
    their folder and given their names only, every warehouse's dbt has the profile `juesuan prepare` parsed
    with (`named_build_files`), so even a new warehouse's first build parses partially."""
    files = [Path(os.environ[name]) for name in FILE_VARIABLES if os.environ.get(name)]
    folders = {file.parent for file in files}
    if len(files) < len(FILE_VARIABLES) or len(folders) != 1:
        return
    project = os.environ.setdefault("DBT_PROJECT_DIR", os.getcwd())  # dagster-dbt starts dbt in the project
    os.environ.setdefault("DBT_PROFILES_DIR", project)
    os.chdir(folders.pop())
    for name, file in zip(FILE_VARIABLES, files, strict=True):
        os.environ[name] = file.name


def named_build_files(build: Path, facts_db: Path) -> AbstractContextManager[None]:
    """The profile `run_in_build_folder` gives dbt for this build, for a parse outside any build (it opens no file)."""
    return environment(**dict(zip(FILE_VARIABLES, (build.name, facts_db.name), strict=True)))


def main() -> None:
    die_with_parent()
    run_in_build_folder()
    from dbt.cli.main import cli

    sys.exit(cli())
