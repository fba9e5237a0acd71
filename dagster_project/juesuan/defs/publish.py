"""The publish asset: the checked build file replaces the published warehouse atomically."""

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, asset

from ..config import build_path, warehouse_path
from ..facts.inventory import facts_store
from ..warehouse_build.fingerprint import build_fingerprint
from ..warehouse_build.incremental import finish_build, models_version
from ..warehouse_build.publish import publish
from .reconciliation import FINDINGS_REPORT_KEY, RECONCILIATION_KEY
from .warehouse_lock import WarehouseLock

PUBLISHED_KEY = AssetKey(["warehouse", "published"])


@asset(
    key=PUBLISHED_KEY,
    deps=[RECONCILIATION_KEY, FINDINGS_REPORT_KEY],
    group_name="warehouse",
    description="warehouse/juesuan.duckdb: the last complete build, swapped in atomically (readers are never blocked).",
)
def published_warehouse(context: AssetExecutionContext, warehouse_lock: WarehouseLock) -> MaterializeResult:
    store = facts_store()
    fingerprint = build_fingerprint(store)
    finish_build(build_path())
    publish(build_path(), warehouse_path(), fingerprint, models_version(store), store.read_inputs())
    store.remove_other_versions()  # facts written by other code versions are never read again
    return MaterializeResult(
        metadata={"path": str(warehouse_path()), "fingerprint": fingerprint, "bytes": warehouse_path().stat().st_size}
    )
