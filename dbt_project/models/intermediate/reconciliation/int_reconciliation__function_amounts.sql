-- Function-table arithmetic (row, hierarchy, table total), narrative classes against the
-- table and against the general-budget total.
with amounts as (
    select
        *,
        coalesce(source_table, 'narrative') as source_key,
        row_number() over (
            partition by report_id, coalesce(source_table, 'narrative'), function_code
            order by page_no nulls first, line_no nulls first
        ) as statement_no
    from {{ ref('stg_parsed__function_amounts') }}
),

rows as (
    select * from amounts where function_code is not null and statement_no = 1
),

table_notes as (  -- a table printed twice (its title repeated) keeps its first notes
    select report_id, table_code, formulas
    from {{ ref('stg_parsed__standard_tables') }}
    qualify row_number() over (partition by report_id, table_code order by page_no nulls first, line_no nulls first) = 1
),

statements as (
    select * from {{ report_rows(ref('int_reconciliation__metric_statements')) }} where statement_no = 1
),

row_checks as (
    select
        rows.report_id,
        {{ check_columns(
            "'TA_ROW_BASIC_PROJECT'",
            "rows.source_key || ' ' || rows.function_code",
            'coalesce(rows.basic_wan, 0) + coalesce(rows.project_wan, 0)', 'rows.total_wan',
            sum_tolerance('least(rows.total_decimals, coalesce(rows.basic_decimals, 9), coalesce(rows.project_decimals, 9))', 2),
            'rows', 'rows', formula="nullif(split_part(table_notes.formulas, chr(10), 1), '')") }}
    from rows
    left join table_notes on table_notes.report_id = rows.report_id and table_notes.table_code = rows.source_table
    where rows.source_key in ('T03', 'T05') and rows.total_wan is not null
        and (rows.basic_wan is not null or rows.project_wan is not null)
),

children as (
    select
        parent.report_id,
        parent.source_key,
        parent.function_code,
        {{ parts_side('child', 'total_wan', 'total_decimals') }}
    from rows as parent
    inner join rows as child
        on child.report_id = parent.report_id
        and child.source_key = parent.source_key
        and length(child.function_code) = length(parent.function_code) + 2
        and starts_with(child.function_code, parent.function_code)
    where length(parent.function_code) in (3, 5)
    group by all
),

hierarchy_checks as (
    select
        rows.report_id,
        {{ check_columns(
            "'TA_FUNCTION_HIERARCHY'",
            "rows.source_key || ' ' || rows.function_code",
            'children.parts_sum', 'rows.total_wan',
            sum_tolerance('least(children.parts_decimals, rows.total_decimals)', 'children.parts_count'),
            'children', 'rows') }}
    from rows
    inner join children using (report_id, source_key, function_code)
    where rows.total_wan is not null
),

-- The 合计 row each function table states, and the narrative's general-budget total.
table_totals (source_key, metric, rule_id) as (
    values
        ('T02', 'total_income', 'TA_TABLE_TOTAL'),
        ('T03', 'total_expenditure', 'TA_TABLE_TOTAL'),
        ('T05', 'general_budget_expenditure', 'TA_TABLE_TOTAL'),
        ('T04', 'fiscal_appropriation_expenditure', 'TA_TABLE_TOTAL'),
        ('narrative', 'general_budget_expenditure', 'CO_NARRATIVE_CLASSES')
),

classes as (
    select
        amounts.report_id,
        amounts.source_key,
        {{ parts_side('amounts', 'total_wan', 'total_decimals') }}
    from amounts
    -- T04 and the narrative list classes by name (codes recovered where possible); tables by code
    where (amounts.source_key in ('T04', 'narrative') and coalesce(length(amounts.function_code), 3) = 3)
        or (amounts.source_key not in ('T04', 'narrative') and length(amounts.function_code) = 3 and amounts.statement_no = 1)
    group by all
),

total_checks as (
    select
        statements.report_id,
        {{ check_columns(
            'table_totals.rule_id',
            "statements.source_key || ' ' || statements.metric",
            'classes.parts_sum', 'statements.value',
            sum_tolerance('least(classes.parts_decimals, statements.value_decimals)', 'classes.parts_count'),
            'classes', 'statements') }}
    from table_totals
    inner join statements on statements.metric = table_totals.metric and statements.source_key = table_totals.source_key
    inner join classes on classes.report_id = statements.report_id and classes.source_key = statements.source_key
),

narrative_classes as (
    select
        narrative.report_id,
        {{ check_columns(
            "'NT_CLASS_AMOUNT'",
            "'narrative vs T05 ' || narrative.function_code",
            'general_budget.total_wan', 'narrative.total_wan',
            pair_tolerance('narrative.total_decimals', 'general_budget.total_decimals'),
            'general_budget', 'narrative') }}
    from amounts as narrative
    inner join rows as general_budget
        on general_budget.report_id = narrative.report_id
        and general_budget.source_key = 'T05'
        and general_budget.function_code = narrative.function_code
    where narrative.source_key = 'narrative' and narrative.function_code is not null
)

select * from row_checks
union all by name select * from hierarchy_checks
union all by name select * from total_checks
union all by name select * from narrative_classes
