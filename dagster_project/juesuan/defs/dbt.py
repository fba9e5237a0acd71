"""dbt models as Dagster assets: `dbt build`, so dbt tests become asset checks."""

from dagster import AssetExecutionContext
from dagster_dbt import DbtCliResource, dbt_assets

from .dbt_project import dbt_project


# dbt sources are named after the landing schemas, so the default translator maps
# source raw.lines to asset key raw/lines: one lineage graph from file to mart.
@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project)
def warehouse_models(context: AssetExecutionContext, dbt: DbtCliResource):
    yield from dbt.cli(["build"], context=context).stream()
