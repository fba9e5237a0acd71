-- A tolerance is a width (half units of the printed decimals, or a rate interval): never below zero.
select check_id, rule_id, subject, tolerance
from {{ ref('fct_reconciliation_checks') }}
where tolerance < 0
