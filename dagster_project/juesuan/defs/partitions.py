"""One dynamic partition per report, keyed by report_id."""

from dagster import BackfillPolicy, DynamicPartitionsDefinition

reports_partitions = DynamicPartitionsDefinition(name="reports")

# A backfill over many reports is one run, so ten thousand reports never mean ten thousand runs.
single_run = BackfillPolicy.single_run()
