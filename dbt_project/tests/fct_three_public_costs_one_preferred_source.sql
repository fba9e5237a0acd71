-- Exactly one is_preferred_source row per report and item: summing over them never counts an item twice.
select report_id, item, count(*) filter (where is_preferred_source) as preferred_rows
from {{ ref('fct_three_public_costs') }}
group by report_id, item
having count(*) filter (where is_preferred_source) <> 1
