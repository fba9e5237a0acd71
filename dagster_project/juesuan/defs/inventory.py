"""The inventory asset: every report file in the input folder, by content hash."""

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, asset

from ..config import raw_dir
from ..facts.inventory import facts_store, take_inventory
from ..landing.discovery import unique_reports
from ..warehouse_build.inputs import input_fingerprint

INVENTORY_KEY = AssetKey(["raw", "source_files"])


@asset(
    key=INVENTORY_KEY, group_name="extraction", description="Every report file in the input folder, by content hash."
)
def report_inventory(context: AssetExecutionContext) -> MaterializeResult:
    store = facts_store()
    inputs = input_fingerprint()  # before the folder is read: a file changed meanwhile makes it differ
    files, removed = take_inventory(store)
    store.write_inputs(inputs)  # what publish stamps on the warehouse, for the next refresh to compare
    return MaterializeResult(
        metadata={
            "files": len(files),
            "reports": len(unique_reports(files)),
            "removed_reports": len(removed),
            "ignored_files": len(store.read_ignored()),
            "input_folder": str(raw_dir()),
            "facts_store": store.version_dir,
        }
    )
