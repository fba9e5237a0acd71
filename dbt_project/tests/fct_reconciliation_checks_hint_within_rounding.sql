-- A hint is a difference within rounding: the two sides differ, and by no more than the tolerance.
select check_id, rule_id, subject, expected_value, actual_value, tolerance
from {{ ref('fct_reconciliation_checks') }}
where status = 'hint' and (difference = 0 or abs(difference) > tolerance)
