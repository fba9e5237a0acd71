-- Analytic flags (severity info): not errors in the report, but what a reader should look at:
-- “三公” spending above its budget, a budget adjusted by more than 30%, a negative amount.
with costs as (
    select *, coalesce(source_table, 'narrative') as source_key
    from {{ ref('stg_parsed__three_public_costs') }}
),

over_budget_checks as (
    select
        costs.report_id,
        {{ check_columns(
            "'AN_THREE_PUBLIC_OVER_BUDGET'",
            "costs.source_key || ' ' || costs.item",
            'costs.budget_wan', 'costs.actual_wan', 'null', 'costs', 'costs',
            note="case when costs.actual_wan > costs.budget_wan then 'spent ' || costs.actual_wan || ' 万元 of a ' || costs.budget_wan || ' 万元 budget' end",
            passed='costs.actual_wan <= costs.budget_wan') }}
    from costs
    where costs.budget_wan is not null and costs.actual_wan is not null
),

-- 决算 against 年初预算 per item, and the general budget as a whole (each figure cited where it is
-- printed: the 年初预算 of the whole budget is stated in another sentence than its 决算)
adjustments as (
    select report_id, function_path as subject, initial_budget_wan as budget, final_wan as final,
           struct_pack(source_table, page_no, line_no, source_text) as budget_side,
           struct_pack(source_table, page_no, line_no, source_text) as final_side
    from {{ ref('stg_parsed__budget_execution') }}
    union all
    select final.report_id, 'general_budget_expenditure', budget.value, final.value,
           struct_pack(budget.source_table, budget.page_no, budget.line_no, budget.source_text),
           struct_pack(final.source_table, final.page_no, final.line_no, final.source_text)
    from {{ report_rows(ref('int_reconciliation__metric_statements')) }} as budget
    inner join {{ report_rows(ref('int_reconciliation__metric_statements')) }} as final
        on final.report_id = budget.report_id and final.metric = 'general_budget_expenditure'
        and final.source_key = budget.source_key and final.statement_no = 1
    where budget.metric = 'general_budget_initial_budget' and budget.statement_no = 1
),

adjustment_checks as (
    select
        adjustments.report_id,
        {{ check_columns(
            "'AN_BUDGET_ADJUSTED'",
            'adjustments.subject',
            'adjustments.budget', 'adjustments.final', 'adjustments.budget * 0.3', 'adjustments.budget_side', 'adjustments.final_side',
            note="case when adjustments.budget = 0 then 'spent ' || adjustments.final || ' 万元 with no 年初预算'
                       else 'final is ' || " ~ pct_of('adjustments.final', 'adjustments.budget') ~ "::decimal(20, 2) || '% of the 年初预算' end",
            passed='abs(adjustments.final - adjustments.budget) <= adjustments.budget * 0.3') }}
    from adjustments
    where adjustments.budget is not null and adjustments.final is not null
        and not (adjustments.budget = 0 and adjustments.final = 0)
),

-- Amounts below zero (changes against last year are signed by nature and excluded).
amounts as (
    select report_id, 'metric ' || metric as subject, value, source_table, page_no, line_no, source_text
    from {{ ref('stg_parsed__metrics') }}
    where unit = '万元' and metric not like '%change%'
    union all
    select report_id, coalesce(source_table, 'narrative') || ' ' || coalesce(function_code, function_name), total_wan,
           source_table, page_no, line_no, source_text
    from {{ ref('stg_parsed__function_amounts') }}
    union all
    select report_id, 'T06 ' || economic_code, amount_wan, source_table, page_no, line_no, source_text
    from {{ ref('stg_parsed__economic_amounts') }}
),

negatives as (
    select
        report_id,
        count(*) filter (where value < 0) as negative_count,
        string_agg(subject || ' ' || value, '; ' order by subject) filter (where value < 0) as negative_subjects,
        min(source_table) filter (where value < 0) as source_table,
        min(page_no) filter (where value < 0) as page_no,
        min(line_no) filter (where value < 0) as line_no,
        min(source_text) filter (where value < 0) as source_text
    from amounts
    group by all
),

negative_checks as (
    select
        negatives.report_id,
        {{ check_columns(
            "'AN_NEGATIVE_AMOUNT'",
            "'report'",
            'null', 'negatives.negative_count', 'null', 'negatives', 'negatives',
            note="coalesce('negative: ' || negatives.negative_subjects, 'no negative amount')",
            passed='negatives.negative_count = 0') }}
    from negatives
)

select * from over_budget_checks
union all by name select * from adjustment_checks
union all by name select * from negative_checks
