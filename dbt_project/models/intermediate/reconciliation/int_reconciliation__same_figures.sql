-- The same metric stated twice must agree within both statements' rounding:
-- two tables (cross_table), narrative and table, or the narrative restating itself.
with statements as (
    select * from {{ report_rows(ref('int_reconciliation__metric_statements')) }}
    -- counts stated per category (foreign and domestic receptions) are not restatements
    where metric not in ('reception_batches', 'reception_person_times')
),

-- T04's fund columns against T05/T07/T08 are the fund-table rules' (int_reconciliation__fund_tables)
fund_columns (metric) as (
    values ('general_budget_expenditure'), ('government_fund_expenditure'), ('government_fund_income'),
           ('state_capital_expenditure')
),

pairs as (
    select
        first.report_id,
        case
            -- the template's own cross-table identities have rules of their own
            when first.source_key = 'T01' and second.source_key = 'T02' and first.metric = 'total_income' then 'CT_T01_T02_INCOME'
            when first.source_key = 'T01' and second.source_key = 'T03' and first.metric = 'total_expenditure' then 'CT_T01_T03_EXPENDITURE'
            when first.source_key <> 'narrative' and second.source_key <> 'narrative' then 'CT_SAME_METRIC'
            when first.source_key = 'narrative' and second.source_key = 'narrative' then 'NI_RESTATED'
            else 'NT_SAME_METRIC'
        end as rule_id,
        first.metric,
        first.source_key as first_key,
        second.source_key as second_key,
        first.value as first_value,
        second.value as second_value,
        -- counts are exact; amounts and rates stand for their rounding interval
        case when first.unit = 'count' then 0
             else {{ pair_tolerance('first.value_decimals', 'second.value_decimals') }} end as tolerance,
        first.source_table, first.page_no, first.line_no, first.source_text,
        second.source_table as second_source_table,
        second.page_no as second_page_no,
        second.line_no as second_line_no,
        second.source_text as second_source_text
    from statements as first
    inner join statements as second
        on second.report_id = first.report_id
        and second.metric = first.metric
        and (
            -- each table against the narrative and against every later table, headline statements only
            (first.statement_no = 1 and second.statement_no = 1 and first.source_key <> second.source_key
             and (first.source_key = 'narrative' or (second.source_key <> 'narrative' and first.source_key < second.source_key)))
            -- the narrative restating a figure
            or (first.source_key = 'narrative' and second.source_key = 'narrative'
                and first.statement_no = 1 and second.statement_no > 1)
        )
        and not (first.source_key = 'T04' and first.metric in (select metric from fund_columns)
                 and second.source_key in ('T05', 'T07', 'T08'))
),

sides as (
    select
        *,
        { 'source_table': second_source_table, 'page_no': second_page_no, 'line_no': second_line_no,
         'source_text': second_source_text } as second_side
    from pairs
),

checks as (
    select
        report_id,
        {{ check_columns(
            'rule_id',
            "metric || ' ' || first_key || ' vs ' || second_key",
            'first_value', 'second_value', 'tolerance', 'sides', 'second_side') }}
    from sides
)

select * from checks
