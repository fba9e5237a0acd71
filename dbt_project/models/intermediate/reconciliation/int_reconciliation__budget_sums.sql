-- Budget tables' own arithmetic (B01, B03–B06), across budget tables, and the budget narrative's
-- sums, as data: (rule, total, part) per line. The university's 总表 states 本年收入合计 and its
-- carry-overs; Shanghai's states 财政拨款收入 and its three funds.
with identities (rule_id, total_source, total_metric, part_source, part_metric, formula) as (
    values
        ('BT_TABLE_SUM', 'B01', 'total_income', 'B01', 'fiscal_appropriation_income', '本年收入合计 = Σ收入项'),
        ('BT_TABLE_SUM', 'B01', 'total_income', 'B01', 'business_income', '本年收入合计 = Σ收入项'),
        ('BT_TABLE_SUM', 'B01', 'total_income', 'B01', 'operating_income', '本年收入合计 = Σ收入项'),
        ('BT_TABLE_SUM', 'B01', 'total_income', 'B01', 'other_income', '本年收入合计 = Σ收入项'),
        ('BT_TABLE_SUM', 'B01', 'grand_total', 'B01', 'total_income', '收入总计 = 本年收入合计 + 使用非财政拨款结余 + 上年结转'),
        ('BT_TABLE_SUM', 'B01', 'grand_total', 'B01', 'non_fiscal_balance_used', '收入总计 = 本年收入合计 + 使用非财政拨款结余 + 上年结转'),
        ('BT_TABLE_SUM', 'B01', 'grand_total', 'B01', 'carryover_begin', '收入总计 = 本年收入合计 + 使用非财政拨款结余 + 上年结转'),
        ('BT_TABLE_SUM', 'B01', 'grand_total_expenditure', 'B01', 'total_expenditure', '支出总计 = 本年支出合计 + 结转下年'),
        ('BT_TABLE_SUM', 'B01', 'grand_total_expenditure', 'B01', 'carryover_end', '支出总计 = 本年支出合计 + 结转下年'),
        ('BT_TABLE_SUM', 'B01', 'grand_total_expenditure', 'B01', 'grand_total', '收入总计 = 支出总计'),
        ('BT_TABLE_SUM', 'B01', 'fiscal_appropriation_income', 'B01', 'general_budget_income', '财政拨款收入 = 一般公共预算 + 政府性基金 + 国有资本经营预算'),
        ('BT_TABLE_SUM', 'B01', 'fiscal_appropriation_income', 'B01', 'government_fund_income', '财政拨款收入 = 一般公共预算 + 政府性基金 + 国有资本经营预算'),
        ('BT_TABLE_SUM', 'B01', 'fiscal_appropriation_income', 'B01', 'state_capital_income', '财政拨款收入 = 一般公共预算 + 政府性基金 + 国有资本经营预算'),
        ('BT_TABLE_SUM', 'B04', 'fiscal_grand_total', 'B04', 'general_budget_income', '收入总计 = 一般公共预算 + 政府性基金 + 国有资本经营预算'),
        ('BT_TABLE_SUM', 'B04', 'fiscal_grand_total', 'B04', 'government_fund_income', '收入总计 = 一般公共预算 + 政府性基金 + 国有资本经营预算'),
        ('BT_TABLE_SUM', 'B04', 'fiscal_grand_total', 'B04', 'state_capital_income', '收入总计 = 一般公共预算 + 政府性基金 + 国有资本经营预算'),
        ('BT_TABLE_SUM', 'B04', 'fiscal_grand_total_expenditure', 'B04', 'fiscal_grand_total', '收入总计 = 支出总计'),
        ('BT_TABLE_SUM', 'B03', 'total_expenditure', 'B03', 'basic_expenditure', '合计 = 基本支出 + 项目支出'),
        ('BT_TABLE_SUM', 'B03', 'total_expenditure', 'B03', 'project_expenditure', '合计 = 基本支出 + 项目支出'),
        ('BT_TABLE_SUM', 'B05', 'general_budget_expenditure', 'B05', 'general_budget_basic_expenditure', '合计 = 基本支出 + 项目支出'),
        ('BT_TABLE_SUM', 'B05', 'general_budget_expenditure', 'B05', 'general_budget_project_expenditure', '合计 = 基本支出 + 项目支出'),
        ('BT_TABLE_SUM', 'B06', 'general_budget_basic_expenditure', 'B06', 'personnel_cost', '合计 = 人员经费 + 公用经费'),
        ('BT_TABLE_SUM', 'B06', 'general_budget_basic_expenditure', 'B06', 'public_cost', '合计 = 人员经费 + 公用经费'),
        ('BC_METRIC_SUM', 'B05', 'general_budget_basic_expenditure', 'B06', 'personnel_cost', 'B05 基本支出 = B06 人员经费 + 公用经费'),
        ('BC_METRIC_SUM', 'B05', 'general_budget_basic_expenditure', 'B06', 'public_cost', 'B05 基本支出 = B06 人员经费 + 公用经费'),
        ('BC_METRIC_SUM', 'B04', 'fiscal_grand_total', 'B01', 'fiscal_appropriation_income', 'B04 财政拨款收支总计 = B01 财政拨款收入'),
        ('BN_METRIC_SUM', 'narrative', 'fiscal_appropriation_expenditure', 'narrative', 'general_budget_expenditure', '财政拨款支出预算 = 一般公共预算 + 政府性基金 + 国有资本经营预算'),
        ('BN_METRIC_SUM', 'narrative', 'fiscal_appropriation_expenditure', 'narrative', 'government_fund_expenditure', '财政拨款支出预算 = 一般公共预算 + 政府性基金 + 国有资本经营预算'),
        ('BN_METRIC_SUM', 'narrative', 'fiscal_appropriation_expenditure', 'narrative', 'state_capital_expenditure', '财政拨款支出预算 = 一般公共预算 + 政府性基金 + 国有资本经营预算'),
        -- income against expenditure: a budget balances, 收入预算 = 支出预算 (收支平衡)
        ('BN_INCOME_EXPENDITURE', 'narrative', 'grand_total_expenditure', 'narrative', 'grand_total', '支出预算 = 收入预算')
),

{{ metric_sum_checks() }}
