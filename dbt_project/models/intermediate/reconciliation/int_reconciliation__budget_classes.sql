-- Income classes against expenditure classes in a budget: a budget balances (收支平衡), so where it spends
-- only the year's income — its 收支总表 (B01) states no 上年结转 and no 使用非财政拨款结余 — each function
-- class's income budget (收入预算表, B02) equals its expenditure budget (支出预算表, B03), and each fund's
-- appropriation income (财政拨款收支总表, B04) equals that fund's expenditure table (B05, B07, B08).
-- A budget that spends carried-over money (the universities' 24 and 25) balances only in total
-- (BT_TABLE_SUM): its classes are not applicable here, with the carried-over amount in the note.
with budgets as (
    select report_id from {{ report_rows(ref('dim_reports')) }} where report_type = 'budget'
),

statements as (
    select * from {{ report_rows(ref('int_reconciliation__budget_statements')) }}
),

-- blank carry-over rows are zero (the template leaves them empty)
carried_over as (
    select
        budgets.report_id,
        coalesce(sum(abs(statements.value)), 0) as amount
    from budgets
    left join statements
        on statements.report_id = budgets.report_id and statements.source_key = 'B01'
        and statements.metric in ('carryover_begin', 'non_fiscal_balance_used')
    group by all
),

class_amounts as (
    select amounts.*
    from {{ ref('stg_parsed__function_amounts') }} as amounts
    inner join budgets using (report_id)
    where amounts.source_table in ('B02', 'B03') and amounts.function_code is not null and amounts.total_wan is not null
),

-- a fund's appropriation income in B04 against the total of the fund's own expenditure table
funds (income_metric, expenditure_metric, expenditure_table) as (
    values ('general_budget_income', 'general_budget_expenditure', 'B05'),
           ('government_fund_income', 'government_fund_expenditure', 'B07'),
           ('state_capital_income', 'state_capital_expenditure', 'B08')
),

-- each pair, income side and expenditure side with their provenance; a class printed on one side only is
-- zero on the other (a blank row is not printed)
pairs as (
    select
        coalesce(income.report_id, spending.report_id) as report_id,
        'BC_CLASS_INCOME_EXPENDITURE' as rule_id,
        'B02 vs B03 ' || coalesce(income.function_code, spending.function_code) || ' '
        || coalesce(income.function_name, spending.function_name, '') as subject,
        '收入预算表 该类款项 合计 = 支出预算表 该类款项 合计' as formula,
        coalesce(income.total_wan, 0) as income_value,
        coalesce(spending.total_wan, 0) as expenditure_value,
        coalesce(income.total_decimals, 2) as income_decimals,
        coalesce(spending.total_decimals, 2) as expenditure_decimals,
        struct_pack(source_table := coalesce(income.source_table, 'B02'), page_no := income.page_no,
                    line_no := income.line_no, source_text := income.source_text) as income_side,
        struct_pack(source_table := coalesce(spending.source_table, 'B03'), page_no := spending.page_no,
                    line_no := spending.line_no, source_text := spending.source_text) as spending_side
    from (select * from class_amounts where source_table = 'B02') as income
    full join (select * from class_amounts where source_table = 'B03') as spending
        on spending.report_id = income.report_id and spending.function_code = income.function_code
    union all
    select
        income.report_id,
        'BC_FUND_INCOME_EXPENDITURE' as rule_id,
        'B04 vs ' || funds.expenditure_table || ' ' || funds.income_metric as subject,
        '财政拨款收支总表 该资金收入 = 该资金支出表 合计' as formula,
        income.value as income_value,
        spending.value as expenditure_value,
        income.value_decimals as income_decimals,
        spending.value_decimals as expenditure_decimals,
        struct_pack(source_table := income.source_table, page_no := income.page_no,
                    line_no := income.line_no, source_text := income.source_text) as income_side,
        struct_pack(source_table := spending.source_table, page_no := spending.page_no,
                    line_no := spending.line_no, source_text := spending.source_text) as spending_side
    from funds
    inner join statements as income
        on income.metric = funds.income_metric and income.source_key = 'B04'
    inner join statements as spending
        on spending.report_id = income.report_id and spending.metric = funds.expenditure_metric
        and spending.source_key = funds.expenditure_table
)

select
    pairs.report_id,
    {{ check_columns(
        'pairs.rule_id', 'pairs.subject',
        'pairs.income_value', 'pairs.expenditure_value',
        pair_tolerance('pairs.income_decimals', 'pairs.expenditure_decimals'),
        'pairs.income_side', 'pairs.spending_side',
        formula='pairs.formula',
        note="case when carried_over.amount > 0 then 'B01 states ' || round(carried_over.amount, 2)
                   || ' 万元 of 上年结转 or 使用非财政拨款结余: the budget balances only in total' end",
        passed="case when carried_over.amount > 0 then null else abs(pairs.expenditure_value - pairs.income_value) <= "
               ~ pair_tolerance('pairs.income_decimals', 'pairs.expenditure_decimals') ~ " end") }}
from pairs
inner join carried_over using (report_id)
