"""The dbt project and CLI resource, importable without the manifest (which `prepare` builds)."""

from dagster_dbt import DbtCliResource, DbtProject

from ..config import DBT_PROJECT_DIR, build_path
from ..warehouse_build.dbt_child import named_build_files
from ..warehouse_build.facts_db import facts_db_path

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def prepare_manifest(dev_only: bool = False) -> None:
    """dbt's parse of the project: the manifest Dagster loads, and the saved parse dagster-dbt copies into every
    build's target folder, made with the profile juesuan-dbt gives dbt so that builds parse partially."""
    with named_build_files(build_path(), facts_db_path(build_path())):
        if dev_only:
            dbt_project.prepare_if_dev()
        else:
            dbt_project.preparer.prepare(dbt_project)


# Under `dagster dev` the manifest is rebuilt on load; `juesuan prepare` builds it otherwise.
prepare_manifest(dev_only=True)

# dbt through juesuan-dbt (warehouse_build/dbt_child.py): a killed run takes its dbt build with it.
dbt_resource = DbtCliResource(project_dir=dbt_project, dbt_executable="juesuan-dbt")
