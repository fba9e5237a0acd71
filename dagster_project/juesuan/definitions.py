"""Dagster entry point: only loads the definitions from defs/."""

from dagster import AssetSelection, Definitions, JobDefinition, define_asset_job, in_process_executor

from .defs.dbt import facts_tables, warehouse_models
from .defs.dbt_project import dbt_resource
from .defs.extraction import extracted_reports
from .defs.inventory import report_inventory
from .defs.publish import published_warehouse
from .defs.reconciliation import findings_report
from .defs.sensor import REFRESH_JOB, input_folder_sensor
from .defs.terminal_log import terminal_logger
from .defs.warehouse_lock import WarehouseLock

# The stages as separate runs, for scale-out (two extraction runs side by side, then one build; README).
inventory_job = define_asset_job("inventory_job", selection=AssetSelection.assets(report_inventory))
extraction_job = define_asset_job("extraction_job", selection=AssetSelection.assets(extracted_reports))
warehouse_job = define_asset_job(
    "warehouse_job",
    selection=AssetSelection.assets(warehouse_models, findings_report, published_warehouse),
)

# What the sensor, `juesuan run` and a click in the UI launch: everything, inventory to publish, in one run over
# all shards; with nothing changed the build asset yields nothing and the run ends there (defs/dbt.py).
refresh_job = define_asset_job(
    REFRESH_JOB,
    selection=AssetSelection.assets(
        report_inventory, extracted_reports, warehouse_models, findings_report, published_warehouse
    ),
)

defs = Definitions(
    assets=[report_inventory, extracted_reports, *facts_tables, warehouse_models, findings_report, published_warehouse],
    jobs=[inventory_job, extraction_job, warehouse_job, refresh_job],
    sensors=[input_folder_sensor],
    resources={"dbt": dbt_resource, "warehouse_lock": WarehouseLock()},
    loggers={"console": terminal_logger},
    # Parallelism lives inside the extraction step (worker processes); steps run in one process.
    executor=in_process_executor,
)


def resolved_refresh_job() -> JobDefinition:
    """The refresh job, for `reconstructable()` (which takes a module-level function): `juesuan run` launches it."""
    return defs.resolve_job_def(REFRESH_JOB)
