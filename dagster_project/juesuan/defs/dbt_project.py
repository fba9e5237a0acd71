"""The dbt project and CLI resource, importable without the manifest (which `prepare` builds)."""

from dagster_dbt import DbtCliResource, DbtProject

from ..config import DBT_PROJECT_DIR, build_path
from ..warehouse_build.dbt_child import named_build_files
from ..warehouse_build.facts_db import facts_db_path
from ..warehouse_build.fingerprint import manifest_is_current

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def refresh_manifest() -> None:
    """dbt's parse of the project, when a file of it is newer than the manifest: the manifest Dagster loads, and the
    saved parse dagster-dbt copies into every build's target folder, made with the profile juesuan-dbt gives dbt so
    that builds parse partially."""
    if manifest_is_current(dbt_project.manifest_path):
        return
    with named_build_files(build_path(), facts_db_path(build_path())):
        dbt_project.preparer.prepare(dbt_project)


# `juesuan prepare` parses the project at install and before `make dev`. Under `dagster dev`, every load of the code
# location (the webserver's, the daemon's, each run's) also picks up edits to the project, as dagster-dbt's
# prepare_if_dev does, but without parsing again when nothing changed: the parse writes into dbt_project/target.
if dbt_project.preparer.using_dagster_dev():
    refresh_manifest()

# dbt through juesuan-dbt (warehouse_build/dbt_child.py): a killed run takes its dbt build with it.
dbt_resource = DbtCliResource(project_dir=dbt_project, dbt_executable="juesuan-dbt")
