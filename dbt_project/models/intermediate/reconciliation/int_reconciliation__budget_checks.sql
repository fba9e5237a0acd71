-- Budget checks beyond sums (budget shares of the total are PC_SHARE rows in the rates model):
-- the narrative's “三公” budgets against B09, and the budget against the same year's final
-- account (年初预算 must match).
with budgets as (
    select report_id from {{ report_rows(ref('dim_reports')) }} where report_type = 'budget'
),

three_public as (
    select costs.*, coalesce(costs.source_table, 'narrative') as source_key
    from {{ ref('stg_parsed__three_public_costs') }} as costs
    inner join budgets using (report_id)
    where costs.budget_wan is not null
),

three_public_checks as (
    select
        narrative.report_id,
        {{ check_columns(
            "'BN_THREE_PUBLIC'",
            "'narrative vs B09 ' || narrative.item",
            'table_side.budget_wan', 'narrative.budget_wan',
            pair_tolerance('narrative.budget_decimals', 'table_side.budget_decimals'),
            'table_side', 'narrative') }}
    from three_public as narrative
    inner join three_public as table_side
        on table_side.report_id = narrative.report_id and table_side.source_key = 'B09' and table_side.item = narrative.item
    where narrative.source_key = 'narrative'
),

-- The budget's figure against the final account's own 年初预算, where the final account prints one.
-- Both sides are printed to at most two decimals of 万元 (a 元 figure is exact in 万元).
plan_vs_initial as (
    select
        *,
        budget_source_table as source_table, budget_page_no as page_no, budget_line_no as line_no,
        budget_source_text as source_text
    from {{ ref('fct_budget_vs_final') }}
),

initial_checks as (
    select
        plan.budget_report_id as report_id,
        {{ check_columns(
            "'BX_FINAL_INITIAL_BUDGET'",
            "plan.item_kind || ' ' || plan.basis || ' ' || plan.item_code",
            'plan.budget_wan', 'plan.final_initial_budget_wan', pair_tolerance(2, 2),
            'plan', 'final_side') }}
    from plan_vs_initial as plan
    inner join (
        select final_report_id, item_kind, basis, item_code, final_source_table as source_table,
               final_page_no as page_no, final_line_no as line_no, final_source_text as source_text
        from {{ ref('fct_budget_vs_final') }}
    ) as final_side using (final_report_id, item_kind, basis, item_code)
    where plan.budget_wan is not null and plan.final_initial_budget_wan is not null
),

-- Budgets with nothing to compare say why: no final account of the same organisation and year,
-- or a final account that prints no 年初预算 for any item the budget states.
unmatched as (
    select
        budgets.report_id,
        count(plan.budget_report_id) > 0 as has_final,
        count(plan.final_initial_budget_wan) > 0 as has_initial
    from budgets
    left join {{ ref('fct_budget_vs_final') }} as plan
        on plan.budget_report_id = budgets.report_id and plan.budget_wan is not null
    group by budgets.report_id
),

unmatched_checks as (
    select
        unmatched.report_id,
        {{ check_columns(
            "'BX_FINAL_INITIAL_BUDGET'", "'budget vs final account'", 'null', 'null', 'null', 'nothing', 'nothing',
            note="case when not unmatched.has_final
                       then 'no final account of the same organisation, year and scope in the warehouse'
                       else 'the final account of the same year prints no 年初预算 for the items this budget states' end",
            passed='null') }}
    from unmatched
    cross join (select null::varchar as source_table, null::int as page_no, null::int as line_no,
                       null::varchar as source_text) as nothing
    where not unmatched.has_initial
)

select * from three_public_checks
union all by name select * from initial_checks
union all by name select * from unmatched_checks
