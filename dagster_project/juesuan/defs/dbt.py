"""dbt models as Dagster assets: `dbt build` into a fresh build file, so dbt tests become asset checks."""

import os
from collections.abc import Mapping
from typing import Any

from dagster import AssetExecutionContext, AssetKey, AssetSpec
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from ..build.publish import new_build_file
from ..config import build_path
from ..facts.tables import FACT_TABLES
from .dbt_project import dbt_project
from .extraction import FACTS_KEY
from .inventory import INVENTORY_KEY, facts_store


def facts_table_key(table: str) -> AssetKey:
    return AssetKey(["facts", table])


# The facts store's tables, written by the extraction asset and read by dbt's sources: their
# keys make one lineage graph from file to mart without an event per table per run.
facts_tables = [
    AssetSpec(facts_table_key(table), deps=[FACTS_KEY], group_name="landing",
              description=f"Facts store table `{table}`: one Parquet file per report, written by facts/reports.")
    for table in FACT_TABLES
]


class FactsStoreTranslator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            name = dbt_resource_props["name"]
            return INVENTORY_KEY if name == "source_files" else facts_table_key(name)
        return super().get_asset_key(dbt_resource_props)


def point_dbt_at_build() -> None:
    """dbt reads the facts store of this code version and writes a new build file (see profiles.yml)."""
    store = facts_store()
    os.environ["JUESUAN_BUILD_FILE"] = str(build_path())
    os.environ["JUESUAN_FACTS_TABLES"] = store.version_dir
    os.environ["JUESUAN_FACTS_ROOT"] = store.root


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=FactsStoreTranslator())
def warehouse_models(context: AssetExecutionContext, dbt: DbtCliResource):
    point_dbt_at_build()
    new_build_file(build_path())
    yield from dbt.cli(["build"], context=context).stream()
