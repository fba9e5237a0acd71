"""Juesuan 决算: turn Chinese government budget and final-account disclosures into a DuckDB warehouse.

juesuan run                 land every report of the input folder, build the warehouse, print a summary
juesuan check FILE          one report's findings, no warehouse needed
juesuan export --format F   every marts table as Parquet, CSV or Excel
juesuan dashboard           the dashboard on http://localhost:8501
"""

import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, redirect_stdout
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .config import environment, warehouse_path
from .untrusted_text import for_terminal, lines_for_terminal

DASHBOARD_APP = Path(__file__).parent / "dashboard" / "app.py"

# The commands list themselves (with their short help); `juesuan COMMAND --help` gives the whole text.
# Lines up to 100 columns where the terminal has them; a short help fits an 80-column terminal whole.
app = typer.Typer(
    help=__doc__.split("\n\n")[0] + "\n\nSee `juesuan COMMAND --help` for a command's options.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"max_content_width": 100},
)


@app.command(hidden=True)
def prepare() -> None:
    """Set up the Dagster instance (its dagster.yaml turns telemetry and nux off, also for `make dev`);
    parse the dbt project so Dagster can load its manifest (skipped, 14 s, when it is current); compile it for
    builds in process (warehouse_build/in_process.py; skipped, about 20 s, when this version is compiled)."""
    from .defs.dbt_project import refresh_manifest
    from .pipeline import dagster_instance
    from .warehouse_build.in_process import compiled_project

    if os.environ.get("DAGSTER_HOME"):
        dagster_instance()
    refresh_manifest()
    compiled_project()


@contextmanager
def output_to(log_file: Path) -> Iterator[None]:
    """Send this process's standard output and its children's (dbt's log lines), and the libraries' Python
    logging, to the log file; standard error (the run's own warnings, the progress bar) stays on the terminal."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    saved = os.dup(1)
    with open(log_file, "a", encoding="utf-8", buffering=1) as log:
        os.dup2(log.fileno(), 1)
        # Without a handler, Python prints library log records (Dagster's notes on a build that was
        # skipped, for one) on standard error; the run's own warnings come through Dagster's console logger.
        libraries = logging.StreamHandler(log)
        logging.getLogger().addHandler(libraries)
        try:
            with redirect_stdout(log):
                yield
        finally:
            logging.getLogger().removeHandler(libraries)
            log.flush()
            os.dup2(saved, 1)
            os.close(saved)


def _input_folder(paths: Sequence[Path], warehouse: Path) -> Path | None:
    """One folder is the input folder; files (or several folders) are copied into one beside the warehouse."""
    if not paths:
        return None
    if len(paths) == 1 and paths[0].is_dir():
        return paths[0]
    folder = warehouse.parent / f"{warehouse.stem}-inputs"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for path in paths:
        if path.is_dir():
            shutil.copytree(path, folder / path.name)
        else:
            shutil.copy2(path, folder / path.name)
    return folder


@app.command(short_help="land every report, build the warehouse, print a summary")
def run(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="input folder, or report files (default: raw/ or JUESUAN_RAW_DIR)", exists=True),
    ] = None,
    warehouse: Annotated[Path | None, typer.Option(help="warehouse file to build (default: JUESUAN_WAREHOUSE)")] = None,
    full_refresh: Annotated[
        bool, typer.Option(help="re-process reports even when the code that processed them is unchanged")
    ] = False,
    verbose: Annotated[bool, typer.Option(help="also print one line per report, per mart and per parse issue")] = False,
    allow_empty: Annotated[
        bool,
        typer.Option(
            help="publish an empty warehouse when the folder holds no report (otherwise the published one is kept)"
        ),
    ] = False,
) -> None:
    """Land every report, build every model, run every check, write the findings report, print a summary."""
    from .config import raw_dir
    from .findings_report.files import latest_path
    from .pipeline import dagster_instance, run_pipeline
    from .summary import render_nothing_found, summarize
    from .warehouse_build.reading import read_only

    if warehouse is not None:
        os.environ["JUESUAN_WAREHOUSE"] = str(warehouse.resolve())
    target = warehouse_path()
    folder = _input_folder(paths or [], target)
    if folder is not None:
        os.environ["JUESUAN_RAW_DIR"] = str(folder.resolve())
    log_file = target.parent / "logs" / f"{target.stem}-{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}.log"
    print(for_terminal(f"building {target} (dbt and Dagster output: {log_file}) …"), flush=True)
    try:
        with output_to(log_file):
            prepare()
            result = run_pipeline(dagster_instance(), force=full_refresh, allow_empty=allow_empty)
    except Exception as error:
        _stop_if_disk_full(error, target)
        raise
    if result.nothing_found:
        print(render_nothing_found(result, str(raw_dir()), str(target)))
        return
    with read_only(target) as conn:
        summary = summarize(conn, result, str(target), str(latest_path(target, "html")), str(log_file))
    print(summary.render(verbose=verbose))


def _stop_if_disk_full(error: Exception, target: Path) -> None:
    """A full disk ends the run with one line instead of a traceback, and without its temporary files."""
    from .config import build_path, dbt_target_path, facts_root
    from .disk_full import full_path, remove_run_files

    path = full_path(error, target.parent)
    if path is None:
        return
    remove_run_files(build_path(), facts_root(), dbt_target_path())
    print(
        for_terminal(
            f"juesuan: no space left on the device holding {path}; the run stopped and removed its temporary files, "
            f"and the published warehouse {target} is unchanged"
        ),
        file=sys.stderr,
    )
    raise typer.Exit(1)


@app.command(short_help="one report's findings, in a temporary warehouse")
def check(
    file: Annotated[Path, typer.Argument(help="one report (.pdf, .txt or .md)", exists=True, dir_okay=False)],
) -> None:
    """Print one report's findings in Chinese and English; builds a temporary warehouse and leaves nothing behind."""
    from .one_file import check_input_folder

    with tempfile.TemporaryDirectory(prefix="juesuan-check-") as scratch:
        root = Path(scratch)
        (root / "raw").mkdir()
        shutil.copy2(file, root / "raw" / file.name)
        with environment(JUESUAN_RAW_DIR=str(root / "raw"), JUESUAN_WAREHOUSE=str(root / "check.duckdb")):
            text, landed = check_input_folder()
    print(lines_for_terminal(text))
    if not landed:
        raise typer.Exit(1)


class ExportFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"
    xlsx = "xlsx"


@app.command(short_help="every marts table as Parquet, CSV or Excel")
def export(
    file_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format", help="parquet or csv: one file per marts table; xlsx: one workbook, one sheet per table"
        ),
    ],
    out: Annotated[Path | None, typer.Option(help="folder to write to (default: export/ beside the warehouse)")] = None,
    warehouse: Annotated[Path | None, typer.Option(help="warehouse file to read (default: JUESUAN_WAREHOUSE)")] = None,
) -> None:
    """Export every marts table (read-only: a running build is not disturbed)."""
    from .export import export_marts

    source = (warehouse or warehouse_path()).resolve()
    if not source.exists():
        raise typer.BadParameter(f"no warehouse at {source}: run `juesuan run` first", param_hint="--warehouse")
    for path in export_marts(source, file_format.value, out or source.parent / "export"):
        print(for_terminal(path))


@app.command(short_help="the dashboard on http://localhost:8501 (read-only)")
def dashboard(
    port: Annotated[int, typer.Option(help="port to serve on (1-65535)", min=1, max=65535)] = 8501,
) -> None:
    """Serve the dashboard (reads the warehouse read-only; JUESUAN_WAREHOUSE picks the file)."""
    # Streamlit takes this process's place: a service manager's or a test's SIGTERM reaches the server itself
    # (as a child it stayed up, orphaned on its port, when only this process was stopped).
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(DASHBOARD_APP),
        "--server.port",
        str(port),
        # localhost only, no browser, no usage statistics, and no look-up of an external IP address
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        # a reader's dashboard: no "Deploy" button or developer menu
        "--client.toolbarMode",
        "viewer",
    ]
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, command)


def _put_interpreter_bin_on_path() -> None:
    """dagster-dbt runs `dbt` from PATH: use the one installed beside this interpreter."""
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")


def main(argv: list[str] | None = None) -> int:
    _put_interpreter_bin_on_path()
    os.environ.setdefault("DBT_USE_COLORS", "false")  # plain text in logs
    try:
        # standalone: usage errors print as usage and exit 2, failures as "Error: …" and exit 1
        typer.main.get_command(app).main(args=argv, prog_name="juesuan")
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
