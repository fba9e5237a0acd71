-- The headline statement of each metric in a budget (部门预算/单位预算), per source (table or narrative):
-- what the budget's own claims and balances are read from.
select statements.*
from {{ report_rows(ref('int_reconciliation__metric_statements')) }} as statements
inner join {{ report_rows(ref('dim_reports')) }} as reports using (report_id)
where reports.report_type = 'budget' and statements.statement_no = 1
