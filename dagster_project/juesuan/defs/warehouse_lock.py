"""A run-scoped lock: runs that build one warehouse (from `make run`, the sensor or a click in the UI)
take turns, because they share its build file."""

from contextlib import contextmanager

from dagster import ConfigurableResource, InitResourceContext

from ..config import warehouse_path
from ..warehouse_build.publish import run_lock


class WarehouseLock(ConfigurableResource):
    """Held from the first build step to the publish: a second build of the same warehouse waits.

    Steps take it as a parameter they never call: requiring it is what holds the lock."""

    @contextmanager
    def yield_for_execution(self, context: InitResourceContext):
        with run_lock(warehouse_path(), context.log.warning):
            yield self
