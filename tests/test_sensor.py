"""The input-folder sensor: a new file launches a refresh that carries it to the published marts."""

import shutil

from dagster import DagsterInstance, RunRequest, SkipReason, build_sensor_context

from juesuan.defs.sensor import input_folder_sensor
from tests.conftest import query, sample_path


def _evaluate(instance, cursor):
    context = build_sensor_context(instance=instance, cursor=cursor)
    return input_folder_sensor(context), context.cursor


def test_a_dropped_file_is_refreshed_into_the_marts(dbt_manifest, warehouse_env):
    from juesuan.definitions import defs

    instance = DagsterInstance.ephemeral()
    shutil.copy(sample_path("003"), warehouse_env)
    request, cursor = _evaluate(instance, None)
    assert isinstance(request, RunRequest)
    assert isinstance(_evaluate(instance, cursor)[0], SkipReason)  # nothing changed since

    shutil.copy(sample_path("004"), warehouse_env)  # dropped in while the UI runs
    request, cursor = _evaluate(instance, cursor)
    assert isinstance(request, RunRequest)
    defs.resolve_job_def(request.job_name or "refresh_job").execute_in_process(instance=instance, tags=request.tags)
    assert query("select count(*) from marts.dim_reports") == [(2,)]
