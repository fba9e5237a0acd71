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
    select statements.*
    from {{ ref('int_reconciliation__metric_statements') }} as statements
    inner join budgets using (report_id)
    where statements.statement_no = 1
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

-- a class printed on one side only is zero on the other (a blank row is not printed)
class_pairs as (
    select
        coalesce(income.report_id, spending.report_id) as report_id,
        coalesce(income.function_code, spending.function_code) as function_code,
        coalesce(income.function_name, spending.function_name) as function_name,
        coalesce(income.total_wan, 0) as income_wan,
        coalesce(spending.total_wan, 0) as expenditure_wan,
        least(coalesce(income.total_decimals, 2), coalesce(spending.total_decimals, 2)) as decimals,
        coalesce(income.source_table, 'B02') as income_source_table,
        income.page_no as income_page_no,
        income.line_no as income_line_no,
        income.source_text as income_source_text,
        coalesce(spending.source_table, 'B03') as spending_source_table,
        spending.page_no as spending_page_no,
        spending.line_no as spending_line_no,
        spending.source_text as spending_source_text
    from (select * from class_amounts where source_table = 'B02') as income
    full join (select * from class_amounts where source_table = 'B03') as spending
        on spending.report_id = income.report_id and spending.function_code = income.function_code
),

class_checks as (
    select
        class_pairs.report_id,
        {{ check_columns(
            "'BC_CLASS_INCOME_EXPENDITURE'",
            "'B02 vs B03 ' || class_pairs.function_code || ' ' || coalesce(class_pairs.function_name, '')",
            'class_pairs.income_wan', 'class_pairs.expenditure_wan',
            pair_tolerance('class_pairs.decimals', 'class_pairs.decimals'),
            'income_side', 'spending_side',
            formula="'收入预算表 该类款项 合计 = 支出预算表 该类款项 合计'",
            note="case when carried_over.amount > 0 then 'B01 states ' || round(carried_over.amount, 2)
                       || ' 万元 of 上年结转 or 使用非财政拨款结余: classes balance only in total' end",
            passed="case when carried_over.amount > 0 then null else abs(class_pairs.expenditure_wan - class_pairs.income_wan) <= "
                   ~ pair_tolerance('class_pairs.decimals', 'class_pairs.decimals') ~ " end") }}
    from class_pairs
    inner join carried_over using (report_id)
    cross join lateral (
        select class_pairs.income_source_table as source_table, class_pairs.income_page_no as page_no,
               class_pairs.income_line_no as line_no, class_pairs.income_source_text as source_text
    ) as income_side
    cross join lateral (
        select class_pairs.spending_source_table as source_table, class_pairs.spending_page_no as page_no,
               class_pairs.spending_line_no as line_no, class_pairs.spending_source_text as source_text
    ) as spending_side
),

-- a fund's appropriation income in B04 against the total of the fund's own expenditure table
funds (income_metric, expenditure_metric, expenditure_table) as (
    values ('general_budget_income', 'general_budget_expenditure', 'B05'),
           ('government_fund_income', 'government_fund_expenditure', 'B07'),
           ('state_capital_income', 'state_capital_expenditure', 'B08')
),

fund_checks as (
    select
        income_side.report_id,
        {{ check_columns(
            "'BC_FUND_INCOME_EXPENDITURE'",
            "'B04 vs ' || funds.expenditure_table || ' ' || funds.income_metric",
            'income_side.value', 'spending_side.value',
            pair_tolerance('income_side.value_decimals', 'spending_side.value_decimals'),
            'income_side', 'spending_side',
            formula="'财政拨款收支总表 该资金收入 = 该资金支出表 合计'",
            note="case when carried_over.amount > 0 then 'B01 states ' || round(carried_over.amount, 2)
                       || ' 万元 of 上年结转 or 使用非财政拨款结余: funds balance only in total' end",
            passed="case when carried_over.amount > 0 then null else abs(spending_side.value - income_side.value) <= "
                   ~ pair_tolerance('income_side.value_decimals', 'spending_side.value_decimals') ~ " end") }}
    from funds
    inner join statements as income_side
        on income_side.metric = funds.income_metric and income_side.source_key = 'B04'
    inner join statements as spending_side
        on spending_side.report_id = income_side.report_id and spending_side.metric = funds.expenditure_metric
        and spending_side.source_key = funds.expenditure_table
    inner join carried_over on carried_over.report_id = income_side.report_id
)

select * from class_checks
union all by name select * from fund_checks
