-- Claims that must agree with the numbers: the stated direction, units, orderings,
-- and 机关运行经费 = 公用经费 where the text says they are the same.
with executions as (
    select * from {{ ref('stg_parsed__budget_execution') }}
    where direction_reported is not null
),

direction_checks as (
    select
        executions.report_id,
        {{ check_columns(
            "'SE_DIRECTION'",
            "executions.function_path",
            'executions.initial_budget_wan', 'executions.final_wan',
            pair_tolerance('executions.initial_decimals', 'executions.final_decimals'),
            'executions', 'executions',
            note="'the text says 决算 ' || executions.direction_reported || ' 年初预算'",
            passed="case executions.direction_reported
                when '大于' then executions.final_wan > executions.initial_budget_wan
                when '小于' then executions.final_wan < executions.initial_budget_wan
                else abs(executions.final_wan - executions.initial_budget_wan) <= "
                ~ pair_tolerance('executions.initial_decimals', 'executions.final_decimals') ~ " end") }}
    from executions
),

-- An amount printed in 元 beside a budget in 万元 whose stated rate only fits if it meant 万元.
projects as (
    select
        *,
        case when executed_reported_unit = '元' then executed_wan * 10000 else executed_wan end as executed_as_printed,
        case when budget_reported_unit = '元' then budget_wan * 10000 else budget_wan end as budget_as_printed
    from {{ ref('stg_parsed__project_performance') }}
    where budget_reported_unit <> executed_reported_unit and execution_rate_reported_pct is not null
),

unit_checks as (
    select
        projects.report_id,
        {{ check_columns(
            "'SE_UNIT'",
            "projects.source_kind || ' ' || coalesce(projects.project_name, '（all projects）')",
            pct_of('projects.executed_wan', 'projects.budget_wan'), 'projects.execution_rate_reported_pct',
            rate_tolerance('projects.executed_wan', half_unit('projects.executed_decimals'), 'projects.budget_wan',
                           half_unit('projects.budget_decimals'), 'projects.rate_decimals'),
            'projects', 'projects',
            note="'budget printed in ' || projects.budget_reported_unit || ', execution in ' || projects.executed_reported_unit
                  || '; the stated rate ' || case when abs(" ~ pct_of('projects.executed_as_printed', 'projects.budget_as_printed')
                  ~ " - projects.execution_rate_reported_pct) <= 1 then 'fits only if both were 万元' else 'fits neither reading' end", actual_decimals='projects.rate_decimals') }}
    from projects
    where projects.budget_wan > 0
),

statements as (
    select * from {{ report_rows(ref('int_reconciliation__metric_statements')) }} where statement_no = 1
),

small_micro_checks as (
    select
        small_micro.report_id,
        {{ check_columns(
            "'SE_SMALL_MICRO_LE_SME'",
            "small_micro.source_key || ' procurement_small_micro'",
            'sme.value', 'small_micro.value',
            pair_tolerance('sme.value_decimals', 'small_micro.value_decimals'),
            'sme', 'small_micro',
            passed='small_micro.value <= sme.value + ' ~ pair_tolerance('sme.value_decimals', 'small_micro.value_decimals')) }}
    from statements as small_micro
    inner join statements as sme
        on sme.report_id = small_micro.report_id and sme.metric = 'procurement_sme' and sme.source_key = small_micro.source_key
    where small_micro.metric = 'procurement_small_micro'
),

operating_checks as (
    select
        operating.report_id,
        {{ check_columns(
            "'NT_OPERATING_EQUALS_PUBLIC'",
            "'operating_cost vs ' || public.source_key || ' public_cost'",
            'public.value', 'operating.value',
            pair_tolerance('public.value_decimals', 'operating.value_decimals'),
            'public', 'operating') }}
    from statements as operating
    inner join statements as public
        on public.report_id = operating.report_id and public.metric = 'public_cost'
    -- only where the text itself says the two are the same ("…公用经费之和一致")
    where operating.metric = 'operating_cost' and position('一致' in operating.source_text) > 0
)

select * from direction_checks
union all by name select * from unit_checks
union all by name select * from small_micro_checks
union all by name select * from operating_checks
