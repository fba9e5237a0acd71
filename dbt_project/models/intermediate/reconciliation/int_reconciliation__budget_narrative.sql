-- A budget narrative's claims against each other and the tables: 财政拨款收入 and 财政拨款支出预算 said
-- to move in opposite directions against last year's budget (a budget balances its fiscal
-- appropriations, so both move together: "收入…比2024年预算减少2,389.52万元" and "支出预算…减少
-- 2,389.52万元"); the project funds under performance targets (绩效目标…涉及项目预算资金) within the
-- project expenditure of the 支出预算总表 (B03).
with statements as (
    select * from {{ report_rows(ref('int_reconciliation__budget_statements')) }}
),

income_change as (
    select * from statements
    where metric = 'fiscal_appropriation_income_change_vs_prior_wan' and source_key = 'narrative'
),

expenditure_change as (
    select * from statements
    where metric = 'fiscal_appropriation_expenditure_change_vs_prior_wan' and source_key = 'narrative'
),

direction_checks as (
    select
        income_change.report_id,
        {{ check_columns(
            "'BN_CHANGE_DIRECTION'",
            "'narrative fiscal_appropriation income vs expenditure change'",
            'income_change.value', 'expenditure_change.value', 'null',
            'income_change', 'expenditure_change',
            note="'财政拨款收入 ' || case when income_change.value > 0 then '增加' else '减少' end
                  || ', 财政拨款支出预算 ' || case when expenditure_change.value > 0 then '增加' else '减少' end",
            passed='sign(income_change.value) * sign(expenditure_change.value) >= 0') }}
    from income_change
    inner join expenditure_change using (report_id)
),

target_funds as (
    select * from statements where metric = 'performance_target_funds' and source_key = 'narrative'
),

project_expenditure as (
    select * from statements where metric = 'project_expenditure' and source_key = 'B03'
),

target_fund_checks as (
    select
        target_funds.report_id,
        {{ check_columns(
            "'BN_PERFORMANCE_TARGET_FUNDS'",
            "'narrative performance_target_funds vs B03 project_expenditure'",
            'project_expenditure.value', 'target_funds.value',
            pair_tolerance('project_expenditure.value_decimals', 'target_funds.value_decimals'),
            'project_expenditure', 'target_funds',
            passed='target_funds.value <= project_expenditure.value + '
                   ~ pair_tolerance('project_expenditure.value_decimals', 'target_funds.value_decimals')) }}
    from target_funds
    inner join project_expenditure using (report_id)
)

select * from direction_checks
union all by name select * from target_fund_checks
