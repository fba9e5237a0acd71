-- Stated shares, completion and execution rates, and growth rates against the figures
-- they are computed from, with interval arithmetic on the rounded inputs.
with statements as (
    select * from {{ report_rows(ref('int_reconciliation__metric_statements')) }} where statement_no = 1
),

-- (share, part, whole): the sentence states all three; small-micro awards are a share of
-- SME awards where the sentence says so, else of the procurement total.
shares (share_metric, part_metric, whole_metric, whole_phrase) as (
    values
        ('basic_expenditure_share_pct', 'basic_expenditure', 'total_expenditure', null),
        ('project_expenditure_share_pct', 'project_expenditure', 'total_expenditure', null),
        ('fiscal_appropriation_income_share_pct', 'fiscal_appropriation_income', 'total_income', null),
        ('general_budget_income_share_pct', 'general_budget_income', 'total_income', null),
        ('other_income_share_pct', 'other_income', 'total_income', null),
        ('procurement_sme_share_pct', 'procurement_sme', 'procurement_total', null),
        ('procurement_small_micro_share_pct', 'procurement_small_micro', 'procurement_sme', '授予中小企业合同金额的'),
        ('procurement_small_micro_share_pct', 'procurement_small_micro', 'procurement_total', '政府采购支出总额的'),
        ('performance_project_funds_share_pct', 'performance_project_funds', 'project_expenditure', null),
        -- a budget's shares are of its 收入总计 / 支出总计 ("占总收入的")
        ('fiscal_appropriation_income_share_of_total_pct', 'fiscal_appropriation_income', 'grand_total', null),
        ('general_budget_income_share_of_total_pct', 'general_budget_income', 'grand_total', null),
        ('business_income_share_of_total_pct', 'business_income', 'grand_total', null),
        ('other_income_share_of_total_pct', 'other_income', 'grand_total', null),
        ('non_fiscal_balance_used_share_of_total_pct', 'non_fiscal_balance_used', 'grand_total', null),
        ('carryover_begin_share_of_total_pct', 'carryover_begin', 'grand_total', null),
        ('carryover_end_share_of_total_pct', 'carryover_end', 'grand_total_expenditure', null)
),

-- One figure per metric, a table's where one states it: a rate the narrative computed from the
-- table is not failed for a typo in the narrative's restatement of its inputs.
figures as (
    select * from statements
    qualify row_number() over (partition by report_id, metric order by source_key = 'narrative', source_key) = 1
),

share_checks as (
    select
        share.report_id,
        {{ check_columns(
            "'PC_SHARE'",
            "share.metric",
            pct_of('part.value', 'whole.value'), 'share.value',
            rate_tolerance('part.value', half_unit('part.value_decimals'), 'whole.value',
                           half_unit('whole.value_decimals'), 'share.value_decimals'),
            'part', 'share', formula="shares.part_metric || ' ÷ ' || shares.whole_metric || ' × 100'", actual_decimals='share.value_decimals') }}
    from shares
    inner join statements as share on share.metric = shares.share_metric
    inner join figures as part on part.report_id = share.report_id and part.metric = shares.part_metric
    inner join figures as whole on whole.report_id = share.report_id and whole.metric = shares.whole_metric
    where whole.value > 0
        -- the denominator the sentence names after the part ("…小微企业合同金额…，占授予中小企业合同金额的 100%")
        and (shares.whole_phrase is null or position(shares.whole_phrase in split_part(
            replace(replace(share.source_text, chr(10), ''), ' ', ''), '小微企业', 2)) > 0)
),

general_budget as (
    select * from statements where metric = 'general_budget_expenditure' and source_key = 'narrative'
),

class_share_checks as (
    select
        classes.report_id,
        {{ check_columns(
            "'PC_CLASS_SHARE'",
            "'narrative ' || classes.function_name",
            pct_of('classes.total_wan', 'general_budget.value'), 'classes.share_reported_pct',
            rate_tolerance('classes.total_wan', half_unit('classes.total_decimals'), 'general_budget.value',
                           half_unit('general_budget.value_decimals'), 'classes.share_decimals'),
            'general_budget', 'classes', actual_decimals='classes.share_decimals') }}
    from {{ ref('stg_parsed__function_amounts') }} as classes
    inner join general_budget using (report_id)
    where classes.share_reported_pct is not null and general_budget.value > 0
),

completion_checks as (
    select
        execution.report_id,
        {{ check_columns(
            "'PC_BUDGET_COMPLETION'",
            "execution.function_path",
            pct_of('execution.final_wan', 'execution.initial_budget_wan'), 'execution.completion_rate_reported_pct',
            rate_tolerance('execution.final_wan', half_unit('execution.final_decimals'), 'execution.initial_budget_wan',
                           half_unit('execution.initial_decimals'), 'execution.completion_decimals'),
            'execution', 'execution', actual_decimals='execution.completion_decimals') }}
    from {{ ref('stg_parsed__budget_execution') }} as execution
    where execution.completion_rate_reported_pct is not null and execution.initial_budget_wan > 0
),

-- Only where both amounts are printed in the same unit; mixed units are a semantic finding.
execution_checks as (
    select
        project.report_id,
        {{ check_columns(
            "'PC_PROJECT_EXECUTION'",
            "project.source_kind || ' ' || coalesce(project.project_name, '（all projects）')",
            pct_of('project.executed_wan', 'project.budget_wan'), 'project.execution_rate_reported_pct',
            rate_tolerance('project.executed_wan', half_unit('project.executed_decimals'), 'project.budget_wan',
                           half_unit('project.budget_decimals'), 'project.rate_decimals'),
            'project', 'project', actual_decimals='project.rate_decimals') }}
    from {{ ref('stg_parsed__project_performance') }} as project
    where project.execution_rate_reported_pct is not null and project.budget_wan > 0
        and project.executed_wan is not null and project.budget_reported_unit = project.executed_reported_unit
),

-- (change metric, growth metric, this year's figure): growth = change ÷ (this year − change) × 100
growths (change_metric, growth_metric, value_metric) as (
    values
        ('total_change_vs_prior_wan', 'total_change_vs_prior_pct', 'grand_total'),
        ('operating_cost_change_vs_prior_wan', 'operating_cost_change_vs_prior_pct', 'operating_cost'),
        ('operating_cost_change_vs_budget_wan', 'operating_cost_change_vs_budget_pct', 'operating_cost')
),

growth_checks as (
    select
        growth.report_id,
        {{ check_columns(
            "case when growths.change_metric like '%budget%' then 'PC_BUDGET_COMPLETION' else 'YY_GROWTH' end",
            "growth.metric",
            pct_of('change.value', '(base.value - change.value)'), 'growth.value',
            rate_tolerance('change.value', half_unit('change.value_decimals'), '(base.value - change.value)',
                           pair_tolerance('base.value_decimals', 'change.value_decimals'),
                           'growth.value_decimals'),
            'base', 'growth', formula="growths.change_metric || ' ÷ (' || growths.value_metric || ' − ' || growths.change_metric || ') × 100'", actual_decimals='growth.value_decimals') }}
    from growths
    inner join statements as growth on growth.metric = growths.growth_metric
    inner join statements as change
        on change.report_id = growth.report_id and change.metric = growths.change_metric and change.source_key = growth.source_key
    -- this year's figure from a table where one states it: a typo in the narrative's restatement
    -- of it must not fail a rate that is right
    inner join statements as base
        on base.report_id = growth.report_id and base.metric = growths.value_metric
    where base.value <> change.value
    qualify row_number() over (partition by growth.report_id, growth.metric order by base.source_key = 'narrative', base.source_key) = 1
)

select * from share_checks
union all by name select * from class_share_checks
union all by name select * from completion_checks
union all by name select * from execution_checks
union all by name select * from growth_checks
