-- Dagster shows this test of two seeds as a check of the registry (a singular test with several parents needs one).
{{ config(meta={'dagster': {'ref': {'name': 'reconciliation_rules'}}}) }}
-- Every rule of the registry has its report label (rule_labels), and every label names a registered rule:
-- a rule added to one seed and not the other would show in the report without its Chinese label.
select coalesce(rules.rule_id, labels.rule_id) as rule_id,
       rules.rule_id is null as label_without_rule,
       labels.rule_id is null as rule_without_label
from {{ ref('reconciliation_rules') }} as rules
full outer join {{ ref('rule_labels') }} as labels using (rule_id)
where rules.rule_id is null or labels.rule_id is null
