-- T06: economic classes against their items, and the 人员经费/公用经费 totals against the classes.
with amounts as (
    select
        *,
        row_number() over (partition by report_id, economic_code order by page_no nulls first, line_no nulls first) as statement_no
    from {{ ref('stg_parsed__economic_amounts') }}
),

rows as (
    select * from amounts where statement_no = 1
),

items as (
    select
        class.report_id,
        class.economic_code,
        {{ parts_side('item', 'amount_wan', 'amount_decimals') }}
    from rows as class
    inner join rows as item
        on item.report_id = class.report_id
        and length(item.economic_code) = 5
        and starts_with(item.economic_code, class.economic_code)
    where length(class.economic_code) = 3
    group by all
    having count(item.amount_wan) > 0
),

hierarchy_checks as (
    select
        rows.report_id,
        {{ check_columns(
            "'TA_ECONOMIC_HIERARCHY'",
            "'T06 ' || rows.economic_code",
            'items.parts_sum', 'coalesce(rows.amount_wan, 0)',
            sum_tolerance('least(items.parts_decimals, coalesce(rows.amount_decimals, items.parts_decimals))', 'items.parts_count'),
            'items', 'rows') }}
    from rows
    inner join items using (report_id, economic_code)
),

by_cost_type as (
    select
        report_id,
        case cost_type when 'personnel' then 'personnel_cost' else 'public_cost' end as metric,
        {{ parts_side('rows', 'amount_wan', 'amount_decimals') }}
    from rows
    where length(economic_code) = 3
    group by all
),

statements as (
    select * from {{ report_rows(ref('int_reconciliation__metric_statements')) }}
    where statement_no = 1 and source_key = 'T06' and metric in ('personnel_cost', 'public_cost')
),

total_checks as (
    select
        statements.report_id,
        {{ check_columns(
            "'TA_T06_COST_TOTALS'",
            "'T06 ' || statements.metric",
            'by_cost_type.parts_sum', 'statements.value',
            sum_tolerance('least(by_cost_type.parts_decimals, statements.value_decimals)', 'by_cost_type.parts_count'),
            'by_cost_type', 'statements') }}
    from statements
    inner join by_cost_type using (report_id, metric)
)

select * from hierarchy_checks
union all by name select * from total_checks
