{{ config(materialized='table') }}  -- over every report: rebuilt whole
-- Plan vs outcome: for each organisation, year and scope with both a budget (预算) and a final
-- account (决算), each item's budget figure beside the final figure and the final account's own
-- 年初预算, with the difference and execution rate. Items: totals (metrics), function rows
-- (支出表 B03↔T03 on basis 'expenditure', 一般公共预算 B05↔T05 on 'general_budget'), economic
-- classes (B06↔T06) and “三公” items (B09 budget ↔ T09 actual). Tables are preferred over the
-- narrative where both state an item.
with reports as (
    select report_id, organization_key, fiscal_year, report_type, report_scope
    from {{ ref('dim_reports') }}
    where organization_key is not null and fiscal_year is not null
),

pairs as (
    select
        budgets.organization_key,
        budgets.fiscal_year,
        budgets.report_id as budget_report_id,
        finals.report_id as final_report_id
    from reports as budgets
    inner join reports as finals
        on finals.organization_key = budgets.organization_key
        and finals.fiscal_year = budgets.fiscal_year
        and finals.report_scope is not distinct from budgets.report_scope
        and finals.report_type = 'final_account'
    where budgets.report_type = 'budget'
),

-- totals and “三公” items are codes: their names are the national template's (dim_metrics.label_zh)
labels as (
    select metric, label_zh from {{ ref('dim_metrics') }}
),

total_items as (
    select
        report_id, 'total' as item_kind, 'total' as basis, metric as item_code,
        (select label_zh from labels where labels.metric = metrics.metric) as item_name,
        value as value_wan, null::decimal(20, 6) as initial_wan,
        source_kind, source_table, page_no, line_no, source_text
    from {{ ref('fct_report_metrics') }} as metrics
    where unit = '万元'
      and metric in ('grand_total', 'total_income', 'total_expenditure', 'fiscal_appropriation_income',
                     'basic_expenditure', 'project_expenditure', 'general_budget_expenditure',
                     'general_budget_basic_expenditure', 'personnel_cost', 'public_cost', 'operating_cost',
                     'procurement_total')
),

function_items as (
    select
        report_id, 'function' as item_kind,
        case when source_table in ('B03', 'T03') then 'expenditure' else 'general_budget' end as basis,
        function_code as item_code, function_name as item_name,
        total_wan as value_wan, null::decimal(20, 6) as initial_wan,
        source_kind, source_table, page_no, line_no, source_text
    from {{ ref('fct_expenditure_by_function') }}
    where source_table in ('B03', 'T03', 'B05', 'T05') and function_code is not null
),

economic_items as (
    select
        report_id, 'economic_class' as item_kind, 'general_budget_basic' as basis,
        economic_code as item_code, economic_name as item_name,
        amount_wan as value_wan, null::decimal(20, 6) as initial_wan,
        source_kind, source_table, page_no, line_no, source_text
    from {{ ref('fct_basic_expenditure_by_economic_class') }}
),

-- a budget states “三公” budgets; a final account states actuals beside its own 年初预算
three_public_items as (
    select
        costs.report_id, 'three_public' as item_kind, 'fiscal' as basis, costs.item as item_code,
        (select label_zh from labels where labels.metric = costs.item) as item_name,
        case when reports.report_type = 'budget' then costs.budget_wan else costs.actual_wan end as value_wan,
        case when reports.report_type = 'final_account' then costs.budget_wan end as initial_wan,
        costs.source_kind, costs.source_table, costs.page_no, costs.line_no, costs.source_text
    from {{ ref('fct_three_public_costs') }} as costs
    inner join reports using (report_id)
),

items as (
    select * from total_items
    union all by name select * from function_items
    union all by name select * from economic_items
    union all by name select * from three_public_items
),

-- one statement per report and item: a table's before the narrative's, the first printed
ranked as (
    select *
    from items
    where value_wan is not null
    qualify row_number() over (
        partition by report_id, item_kind, basis, item_code
        order by source_kind = 'table' desc, page_no nulls last, line_no nulls last
    ) = 1
),

-- the final account's 年初预算 per function item as its narrative states it
initial_budgets as (
    select report_id, 'function' as item_kind, 'general_budget' as basis, function_code as item_code,
           min(initial_budget_wan) as initial_wan
    from {{ ref('fct_budget_execution') }}
    where function_code is not null
    group by all
    union all by name
    select report_id, 'total' as item_kind, 'total' as basis, 'general_budget_expenditure' as item_code,
           min(value) as initial_wan
    from {{ ref('fct_report_metrics') }}
    where metric = 'general_budget_initial_budget'
    group by all
),

budget_side as (
    select pairs.*, ranked.*
    from pairs inner join ranked on ranked.report_id = pairs.budget_report_id
),

final_side as (
    select pairs.*, ranked.*
    from pairs inner join ranked on ranked.report_id = pairs.final_report_id
),

joined as (
    select
        coalesce(b.organization_key, f.organization_key) as organization_key,
        coalesce(b.fiscal_year, f.fiscal_year) as fiscal_year,
        coalesce(b.item_kind, f.item_kind) as item_kind,
        coalesce(b.basis, f.basis) as basis,
        coalesce(b.item_code, f.item_code) as item_code,
        coalesce(b.item_name, f.item_name) as item_name,
        coalesce(b.budget_report_id, f.budget_report_id) as budget_report_id,
        coalesce(b.final_report_id, f.final_report_id) as final_report_id,
        b.value_wan as budget_wan,
        coalesce(f.initial_wan, initial_budgets.initial_wan) as final_initial_budget_wan,
        f.value_wan as final_wan,
        b.source_kind as budget_source_kind,
        b.source_table as budget_source_table,
        b.page_no as budget_page_no,
        b.line_no as budget_line_no,
        b.source_text as budget_source_text,
        f.source_kind as final_source_kind,
        f.source_table as final_source_table,
        f.page_no as final_page_no,
        f.line_no as final_line_no,
        f.source_text as final_source_text
    from budget_side as b
    full outer join final_side as f
        on f.budget_report_id = b.budget_report_id
        and f.final_report_id = b.final_report_id
        and f.item_kind = b.item_kind
        and f.basis = b.basis
        and f.item_code = b.item_code
    left join initial_budgets
        on initial_budgets.report_id = f.final_report_id
        and initial_budgets.item_kind = f.item_kind
        and initial_budgets.basis = f.basis
        and initial_budgets.item_code = f.item_code
),

final as (
    select
        organization_key,
        fiscal_year,
        item_kind,
        basis,
        item_code,
        item_name,
        budget_report_id,
        final_report_id,
        budget_wan,
        final_initial_budget_wan,
        final_wan,
        final_wan - budget_wan as difference_wan,
        {{ pct_of('final_wan', 'budget_wan') }} as execution_rate_pct,
        budget_source_kind,
        budget_source_table,
        budget_page_no,
        budget_line_no,
        budget_source_text,
        final_source_kind,
        final_source_table,
        final_page_no,
        final_line_no,
        final_source_text
    from joined
)

select * from final
