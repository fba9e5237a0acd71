-- Totals that equal the sum of stated parts, as data: (rule, total, part) per line.
-- Blank parts count as zero; a total is checked when it and at least one part are stated.
with identities (rule_id, total_source, total_metric, part_source, part_metric, formula) as (
    values
        ('TA_T01_INCOME_ITEMS', 'T01', 'total_income', 'T01', 'general_budget_income', '本年收入合计 = Σ收入项'),
        ('TA_T01_INCOME_ITEMS', 'T01', 'total_income', 'T01', 'fiscal_appropriation_income', '本年收入合计 = Σ收入项'),
        ('TA_T01_INCOME_ITEMS', 'T01', 'total_income', 'T01', 'government_fund_income', '本年收入合计 = Σ收入项'),
        ('TA_T01_INCOME_ITEMS', 'T01', 'total_income', 'T01', 'state_capital_income', '本年收入合计 = Σ收入项'),
        ('TA_T01_INCOME_ITEMS', 'T01', 'total_income', 'T01', 'superior_grant_income', '本年收入合计 = Σ收入项'),
        ('TA_T01_INCOME_ITEMS', 'T01', 'total_income', 'T01', 'business_income', '本年收入合计 = Σ收入项'),
        ('TA_T01_INCOME_ITEMS', 'T01', 'total_income', 'T01', 'operating_income', '本年收入合计 = Σ收入项'),
        ('TA_T01_INCOME_ITEMS', 'T01', 'total_income', 'T01', 'affiliated_unit_income', '本年收入合计 = Σ收入项'),
        ('TA_T01_INCOME_ITEMS', 'T01', 'total_income', 'T01', 'other_income', '本年收入合计 = Σ收入项'),
        ('TA_T01_INCOME_SIDE', 'T01', 'grand_total', 'T01', 'total_income', '总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余'),
        ('TA_T01_INCOME_SIDE', 'T01', 'grand_total', 'T01', 'non_fiscal_balance_used', '总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余'),
        ('TA_T01_INCOME_SIDE', 'T01', 'grand_total', 'T01', 'carryover_begin', '总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余'),
        ('TA_T01_EXPENDITURE_SIDE', 'T01', 'grand_total_expenditure', 'T01', 'total_expenditure', '总计 = 本年支出合计 + 结余分配 + 年末结转和结余'),
        ('TA_T01_EXPENDITURE_SIDE', 'T01', 'grand_total_expenditure', 'T01', 'balance_distribution', '总计 = 本年支出合计 + 结余分配 + 年末结转和结余'),
        ('TA_T01_EXPENDITURE_SIDE', 'T01', 'grand_total_expenditure', 'T01', 'carryover_end', '总计 = 本年支出合计 + 结余分配 + 年末结转和结余'),
        ('TA_T01_BALANCE', 'T01', 'grand_total_expenditure', 'T01', 'grand_total', '收入总计 = 支出总计'),
        ('TA_T04_INCOME_FUNDS', 'T04', 'fiscal_appropriation_income', 'T04', 'general_budget_income', '27行=（1+2+3）行'),
        ('TA_T04_INCOME_FUNDS', 'T04', 'fiscal_appropriation_income', 'T04', 'government_fund_income', '27行=（1+2+3）行'),
        ('TA_T04_INCOME_FUNDS', 'T04', 'fiscal_appropriation_income', 'T04', 'state_capital_income', '27行=（1+2+3）行'),
        ('TA_T04_EXPENDITURE_FUNDS', 'T04', 'fiscal_appropriation_expenditure', 'T04', 'general_budget_expenditure', '2栏=（3+4+5）栏'),
        ('TA_T04_EXPENDITURE_FUNDS', 'T04', 'fiscal_appropriation_expenditure', 'T04', 'government_fund_expenditure', '2栏=（3+4+5）栏'),
        ('TA_T04_EXPENDITURE_FUNDS', 'T04', 'fiscal_appropriation_expenditure', 'T04', 'state_capital_expenditure', '2栏=（3+4+5）栏'),
        ('TA_T04_CARRYOVER_FUNDS', 'T04', 'fiscal_carryover_begin', 'T04', 'fiscal_carryover_begin_general_budget', '28行=（29+30+31）行'),
        ('TA_T04_CARRYOVER_FUNDS', 'T04', 'fiscal_carryover_begin', 'T04', 'fiscal_carryover_begin_government_fund', '28行=（29+30+31）行'),
        ('TA_T04_CARRYOVER_FUNDS', 'T04', 'fiscal_carryover_begin', 'T04', 'fiscal_carryover_begin_state_capital', '28行=（29+30+31）行'),
        ('TA_T04_CARRYOVER_FUNDS', 'T04', 'fiscal_carryover_end', 'T04', 'fiscal_carryover_end_general_budget', '60行 2栏=（3+4+5）栏'),
        ('TA_T04_CARRYOVER_FUNDS', 'T04', 'fiscal_carryover_end', 'T04', 'fiscal_carryover_end_government_fund', '60行 2栏=（3+4+5）栏'),
        ('TA_T04_CARRYOVER_FUNDS', 'T04', 'fiscal_carryover_end', 'T04', 'fiscal_carryover_end_state_capital', '60行 2栏=（3+4+5）栏'),
        ('TA_T04_INCOME_SIDE', 'T04', 'fiscal_grand_total', 'T04', 'fiscal_appropriation_income', '32行=（27+28）行'),
        ('TA_T04_INCOME_SIDE', 'T04', 'fiscal_grand_total', 'T04', 'fiscal_carryover_begin', '32行=（27+28）行'),
        ('TA_T04_EXPENDITURE_SIDE', 'T04', 'fiscal_grand_total_expenditure', 'T04', 'fiscal_appropriation_expenditure', '64行=（59+60）行'),
        ('TA_T04_EXPENDITURE_SIDE', 'T04', 'fiscal_grand_total_expenditure', 'T04', 'fiscal_carryover_end', '64行=（59+60）行'),
        ('TA_T04_BALANCE', 'T04', 'fiscal_grand_total_expenditure', 'T04', 'fiscal_grand_total', '收入总计 = 支出总计'),
        ('TA_T03_BASIC_PROJECT', 'T03', 'total_expenditure', 'T03', 'basic_expenditure', '合计：1栏=（2+3+…）栏'),
        ('TA_T03_BASIC_PROJECT', 'T03', 'total_expenditure', 'T03', 'project_expenditure', '合计：1栏=（2+3+…）栏'),
        ('TA_T05_BASIC_PROJECT', 'T05', 'general_budget_expenditure', 'T05', 'general_budget_basic_expenditure', '合计：1栏=（2+3）栏'),
        ('TA_T05_BASIC_PROJECT', 'T05', 'general_budget_expenditure', 'T05', 'general_budget_project_expenditure', '合计：1栏=（2+3）栏'),
        ('CT_METRIC_SUM', 'T05', 'general_budget_basic_expenditure', 'T06', 'personnel_cost', 'T05 基本支出 = T06 人员经费 + 公用经费'),
        ('CT_METRIC_SUM', 'T05', 'general_budget_basic_expenditure', 'T06', 'public_cost', 'T05 基本支出 = T06 人员经费 + 公用经费'),
        ('NI_BASIC_COSTS', 'narrative', 'general_budget_basic_expenditure', 'narrative', 'personnel_cost', '基本支出 = 人员经费 + 公用经费'),
        ('NI_BASIC_COSTS', 'narrative', 'general_budget_basic_expenditure', 'narrative', 'public_cost', '基本支出 = 人员经费 + 公用经费'),
        ('NI_EXPENDITURE_SPLIT', 'narrative', 'total_expenditure', 'narrative', 'basic_expenditure', '支出合计 = 基本支出 + 项目支出'),
        ('NI_EXPENDITURE_SPLIT', 'narrative', 'total_expenditure', 'narrative', 'project_expenditure', '支出合计 = 基本支出 + 项目支出'),
        ('NI_PROCUREMENT_SUM', 'narrative', 'procurement_total', 'narrative', 'procurement_goods', '政府采购支出总额 = 货物 + 工程 + 服务'),
        ('NI_PROCUREMENT_SUM', 'narrative', 'procurement_total', 'narrative', 'procurement_works', '政府采购支出总额 = 货物 + 工程 + 服务'),
        ('NI_PROCUREMENT_SUM', 'narrative', 'procurement_total', 'narrative', 'procurement_services', '政府采购支出总额 = 货物 + 工程 + 服务'),
        -- 收支总计 = 本年收入合计 + 年初结转和结余 (the carry-over is stated in T01 only)
<<<<<<< HEAD
        ('NI_METRIC_SUM', 'narrative', 'grand_total', 'narrative', 'total_income', '收支总计 = 本年收入合计 + 年初结转和结余'),
        ('NI_METRIC_SUM', 'narrative', 'grand_total', 'T01', 'carryover_begin', '收支总计 = 本年收入合计 + 年初结转和结余'),
        -- a budget's narrative states its carry-overs itself (上年结转, 使用非财政拨款结余)
        ('NI_METRIC_SUM', 'narrative', 'grand_total', 'narrative', 'carryover_begin', '收支总计 = 本年收入合计 + 年初结转和结余'),
        ('NI_METRIC_SUM', 'narrative', 'grand_total', 'narrative', 'non_fiscal_balance_used', '收支总计 = 本年收入合计 + 年初结转和结余')
=======
        ('NI_GRAND_TOTAL', 'narrative', 'grand_total', 'narrative', 'total_income', '收支总计 = 本年收入合计 + 年初结转和结余'),
        ('NI_GRAND_TOTAL', 'narrative', 'grand_total', 'T01', 'carryover_begin', '收支总计 = 本年收入合计 + 年初结转和结余')
>>>>>>> reconciliation
),

{{ metric_sum_checks() }}
