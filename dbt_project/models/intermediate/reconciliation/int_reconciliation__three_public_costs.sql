-- “三公”经费: total and vehicle subtotal against their items (table and narrative),
-- narrative against T09, completion rates, and changes against last year.
with costs as (
    select *, coalesce(source_table, 'narrative') as source_key
    from {{ ref('stg_parsed__three_public_costs') }}
),

measures as (
    select report_id, source_key, item, 'budget' as measure, budget_wan as value, budget_decimals as decimals,
           source_table, page_no, line_no, source_text
    from costs where budget_wan is not null
    union all
    select report_id, source_key, item, 'actual', actual_wan, actual_decimals,
           source_table, page_no, line_no, source_text
    from costs where actual_wan is not null
    union all
    -- 会议费 and 培训费 printed beside the three items (several provinces' tables): their 合计 counts them too
    select report_id, source_table, metric, case when source_table = 'B09' then 'budget' else 'actual' end,
           value, value_decimals, source_table, page_no, line_no, source_text
    from {{ ref('stg_parsed__metrics') }}
    where metric in ('meeting_cost', 'training_cost') and source_table in ('B09', 'T09')
),

subtotals (rule_table, rule_narrative, total_item, part_item, formula, optional) as (
    values
        ('TA_THREE_PUBLIC_TOTAL', 'NI_THREE_PUBLIC_SUM', 'total', 'overseas_travel', '合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费', false),
        ('TA_THREE_PUBLIC_TOTAL', 'NI_THREE_PUBLIC_SUM', 'total', 'vehicle_total', '合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费', false),
        ('TA_THREE_PUBLIC_TOTAL', 'NI_THREE_PUBLIC_SUM', 'total', 'reception', '合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费', false),
        ('TA_THREE_PUBLIC_TOTAL', 'NI_THREE_PUBLIC_SUM', 'total', 'meeting_cost', '合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费（+ 会议费 + 培训费，表中列出时）', true),
        ('TA_THREE_PUBLIC_TOTAL', 'NI_THREE_PUBLIC_SUM', 'total', 'training_cost', '合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费（+ 会议费 + 培训费，表中列出时）', true),
        ('TA_THREE_PUBLIC_VEHICLE', 'NI_THREE_PUBLIC_SUM', 'vehicle_total', 'vehicle_purchase', '公务用车购置及运行费 = 购置费 + 运行费', false),
        ('TA_THREE_PUBLIC_VEHICLE', 'NI_THREE_PUBLIC_SUM', 'vehicle_total', 'vehicle_operation', '公务用车购置及运行费 = 购置费 + 运行费', false)
),

parts as (
    select
        total.report_id,
        total.source_key,
        total.item,
        total.measure,
        any_value(case when total.source_key = 'narrative' then subtotals.rule_narrative else subtotals.rule_table end) as rule_id,
        max(case when part.value is not null then subtotals.formula end) as formula,  -- names 会议费/培训费 where the table has them
        {{ parts_side('part', 'value', 'decimals') }}
    from measures as total
    inner join subtotals on subtotals.total_item = total.item
    left join measures as part
        on part.report_id = total.report_id
        and part.source_key = total.source_key
        and part.measure = total.measure
        and part.item = subtotals.part_item
    group by all
    -- a narrative that names only some items is not a sum of them
    having count(part.value) filter (where not subtotals.optional) = count(*) filter (where not subtotals.optional)
        or total.source_key <> 'narrative' and count(part.value) > 0
),

sum_checks as (
    select
        measures.report_id,
        {{ check_columns(
            'parts.rule_id',
            "measures.source_key || ' ' || measures.item || ' ' || measures.measure",
            'parts.parts_sum', 'measures.value',
            sum_tolerance('least(parts.parts_decimals, measures.decimals)', 'parts.parts_count'),
            'parts', 'measures', formula='parts.formula') }}
    from measures
    inner join parts using (report_id, source_key, item, measure)
),

narrative_vs_table as (
    select
        narrative.report_id,
        {{ check_columns(
            "'NT_THREE_PUBLIC'",
            "'narrative vs T09 ' || narrative.item || ' ' || narrative.measure",
            'table_side.value', 'narrative.value',
            pair_tolerance('narrative.decimals', 'table_side.decimals'),
            'table_side', 'narrative') }}
    from measures as narrative
    inner join measures as table_side
        on table_side.report_id = narrative.report_id
        and table_side.source_key = 'T09'
        and table_side.item = narrative.item
        and table_side.measure = narrative.measure
    where narrative.source_key = 'narrative'
),

completion_checks as (
    select
        costs.report_id,
        {{ check_columns(
            "'PC_THREE_PUBLIC_COMPLETION'",
            "costs.source_key || ' ' || costs.item",
            pct_of('costs.actual_wan', 'costs.budget_wan'), 'costs.completion_rate_reported_pct',
            rate_tolerance('costs.actual_wan', half_unit('costs.actual_decimals'), 'costs.budget_wan',
                           half_unit('costs.budget_decimals'), 'costs.completion_decimals'),
            'costs', 'costs', actual_decimals='costs.completion_decimals') }}
    from costs
    where costs.completion_rate_reported_pct is not null and costs.budget_wan > 0 and costs.actual_wan is not null
),

-- change against last year: growth % = change ÷ (this year − change) × 100
growth_checks as (
    select
        costs.report_id,
        {{ check_columns(
            "'YY_THREE_PUBLIC_GROWTH'",
            "'三公 ' || costs.source_key || ' ' || costs.item",
            pct_of('costs.change_vs_prior_wan', '(costs.actual_wan - costs.change_vs_prior_wan)'),
            'costs.change_vs_prior_pct',
            rate_tolerance('costs.change_vs_prior_wan', half_unit('costs.change_decimals'),
                           '(costs.actual_wan - costs.change_vs_prior_wan)',
                           pair_tolerance('costs.actual_decimals', 'costs.change_decimals'),
                           'costs.change_pct_decimals'),
            'costs', 'costs', actual_decimals='costs.change_pct_decimals') }}
    from costs
    where costs.change_vs_prior_pct is not null and costs.change_vs_prior_wan is not null
        and costs.actual_wan is not null and costs.actual_wan <> costs.change_vs_prior_wan
)

select * from sum_checks
union all by name select * from narrative_vs_table
union all by name select * from completion_checks
union all by name select * from growth_checks
