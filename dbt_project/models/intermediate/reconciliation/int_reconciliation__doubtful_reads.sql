-- A read that cannot be right: one row rule failing on many rows of one table at once (three or more,
-- and at least half of the rows it checks there) is the pattern a shifted or merged column gives, not
-- the document's arithmetic. Those failures are a parse issue (parsed.parse_issues), never findings
-- (fct_reconciliation_checks gives them insufficient_data).
with row_checks as (
    select report_id, rule_id, actual_source_table as source_table, passed
    from {{ report_rows(ref('int_reconciliation__function_amounts')) }}
    where rule_id in ('TA_ROW_BASIC_PROJECT', 'TA_FUNCTION_HIERARCHY')
    union all
    select report_id, rule_id, actual_source_table, passed
    from {{ report_rows(ref('int_reconciliation__economic_classes')) }}
    where rule_id = 'TA_ECONOMIC_HIERARCHY'
),

tables as (
    select
        report_id,
        rule_id,
        source_table,
        count(*) filter (where not passed) as failing_rows,
        count(passed) as checked_rows
    from row_checks
    where source_table is not null
    group by all
)

select
    report_id,
    rule_id,
    source_table,
    failing_rows,
    checked_rows,
    failing_rows || ' of ' || checked_rows || ' rows of ' || source_table || ' fail ' || rule_id
        || ' at once: the pattern of a shifted or merged column read, so they are not reported as the document''s'
        || ' discrepancies; check the table''s columns' as message
from tables
where failing_rows >= 3 and failing_rows * 2 >= checked_rows
