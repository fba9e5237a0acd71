"""Dagster entry point: only loads the definitions from defs/."""

from dagster import AssetSelection, Definitions, define_asset_job, in_process_executor

from .defs.dbt import warehouse_models
from .defs.dbt_project import dbt_resource
from .defs.landing import landed_reports, report_inventory
from .defs.parsing import parsed_reports
from .defs.reconciliation import discrepancy_report, reconciliation_expectations

inventory_job = define_asset_job("inventory_job", selection=AssetSelection.assets(report_inventory))
reports_job = define_asset_job("reports_job", selection=AssetSelection.assets(landed_reports, parsed_reports))
warehouse_job = define_asset_job(
    "warehouse_job", selection=AssetSelection.assets(warehouse_models, discrepancy_report)
)

defs = Definitions(
    assets=[report_inventory, landed_reports, parsed_reports, warehouse_models, discrepancy_report],
    asset_checks=[reconciliation_expectations],
    jobs=[inventory_job, reports_job, warehouse_job],
    resources={"dbt": dbt_resource},
    # DuckDB has one writer: steps run one after another in one process.
    executor=in_process_executor,
)
