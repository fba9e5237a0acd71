"""Command line: `juesuan run` (what `make run` calls) and `juesuan prepare`."""

import argparse
import os
import sys
from pathlib import Path

from .config import warehouse_path


DBT_SOURCE_SUFFIXES = {".sql", ".yml", ".yaml", ".csv"}


def manifest_is_current(manifest: Path, project_dir: Path) -> bool:
    """The manifest is newer than every model, macro, seed and YAML file of the project."""
    if not manifest.exists():
        return False
    sources = [
        path for path in project_dir.rglob("*")
        if path.suffix in DBT_SOURCE_SUFFIXES and not {"target", "logs", "dbt_packages"} & set(path.parts)
    ]
    return all(path.stat().st_mtime <= manifest.stat().st_mtime for path in sources)


def prepare() -> None:
    """Parse the dbt project so Dagster can load its manifest; skipped (14 s) when it is current."""
    from .config import DBT_PROJECT_DIR
    from .defs.dbt_project import dbt_project

    if not manifest_is_current(dbt_project.manifest_path, DBT_PROJECT_DIR):
        dbt_project.preparer.prepare(dbt_project)


def run(force: bool) -> int:
    import duckdb

    from .pipeline import dagster_instance, run_pipeline
    from .summary import summarize

    prepare()
    result = run_pipeline(dagster_instance(), force=force)
    with duckdb.connect(str(warehouse_path()), read_only=True) as conn:
        print(summarize(conn, result, str(warehouse_path())).render())
    return 0


def _put_interpreter_bin_on_path() -> None:
    """dagster-dbt runs `dbt` from PATH: use the one installed beside this interpreter."""
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")


def main(argv: list[str] | None = None) -> int:
    _put_interpreter_bin_on_path()
    parser = argparse.ArgumentParser(prog="juesuan", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="land every report, build every model, run every check")
    run_parser.add_argument(
        "--full-refresh", action="store_true", help="re-process reports even when the code that processed them is unchanged"
    )
    commands.add_parser("prepare", help="build the dbt manifest Dagster loads")
    args = parser.parse_args(argv)
    if args.command == "prepare":
        prepare()
        return 0
    return run(force=args.full_refresh)


if __name__ == "__main__":
    sys.exit(main())
