"""The dbt project and CLI resource, importable without the manifest (which `prepare` builds)."""

from dagster_dbt import DbtCliResource, DbtProject

from ..config import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
# Under `dagster dev` the manifest is rebuilt on load; `juesuan prepare` builds it otherwise.
dbt_project.prepare_if_dev()

# dbt through juesuan-dbt (warehouse_build/dbt_child.py): a killed run takes its dbt build with it.
dbt_resource = DbtCliResource(project_dir=dbt_project, dbt_executable="juesuan-dbt")
