"""Reports are grouped into 16 shards by the first hex digit of their id.

A per-report partition costs Dagster an event per report per run (seconds per
hundred reports); a shard costs one, and still runs alone when only its reports
changed. A backfill of all shards is two runs of eight, which any run launcher
(the local daemon, Kubernetes, Celery) can execute side by side.
"""

from dagster import BackfillPolicy, StaticPartitionsDefinition

SHARDS = [f"{digit:x}" for digit in range(16)]
report_shards = StaticPartitionsDefinition(SHARDS)
two_chunks = BackfillPolicy.multi_run(max_partitions_per_run=8)


# A run over every shard (the sensor's and `juesuan run`'s): the tags Dagster reads a partition range from.
ALL_SHARDS = {"dagster/asset_partition_range_start": SHARDS[0], "dagster/asset_partition_range_end": SHARDS[-1]}


def shard_of(report_id: str) -> str:
    return report_id[0]
