-- Claims the template implies beyond sums: orderings (机关运行经费 ≤ 公用经费, 保有量 ≤ 共有车辆),
-- reasons wherever 决算 differs from 年初预算 or a change is stated, rates on a zero or missing base.
with statements as (
    select * from {{ report_rows(ref('int_reconciliation__metric_statements')) }} where statement_no = 1
),

-- the table's 公用经费 where T06 states it, else the narrative's
public_cost as (
    select * from statements
    where metric = 'public_cost'
    qualify row_number() over (partition by report_id order by source_key = 'narrative', source_key) = 1
),

-- (rule, smaller metric, larger metric)
orderings (rule_id, smaller_metric, larger_metric) as (
    values ('SE_OPERATING_LE_PUBLIC', 'operating_cost', 'public_cost'),
           ('SE_VEHICLES_HELD_LE_OWNED', 'vehicles_held', 'vehicles_owned')
),

larger as (
    select * from public_cost
    union all by name select * from statements where metric = 'vehicles_owned'
),

ordering_checks as (
    select
        smaller.report_id,
        {{ check_columns(
            'orderings.rule_id',
            "smaller.source_key || ' ' || smaller.metric || ' vs ' || larger.source_key || ' ' || larger.metric",
            'larger.value', 'smaller.value',
            "case when smaller.unit = 'count' then 0 else " ~ pair_tolerance('larger.value_decimals', 'smaller.value_decimals') ~ " end",
            'larger', 'smaller',
            passed="smaller.value <= larger.value + case when smaller.unit = 'count' then 0 else "
                   ~ pair_tolerance('larger.value_decimals', 'smaller.value_decimals') ~ " end") }}
    from orderings
    inner join statements as smaller on smaller.metric = orderings.smaller_metric
    inner join larger on larger.report_id = smaller.report_id and larger.metric = orderings.larger_metric
),

lines as (
    select * from {{ ref('stg_raw__lines') }}
),

-- An administrative unit (the overview says 行政单位, never 事业单位) spends its whole 公用经费 as 机关运行经费.
administrative_units as (
    select report_id
    from (select report_id, replace(text, ' ', '') as compact_text from lines)
    -- each pattern holds 行政 or 事业: only those lines are matched (2.3 million lines at 1,000 reports)
    where contains(compact_text, '行政') or contains(compact_text, '事业')
    group by report_id
    having bool_or(regexp_matches(compact_text, '(为|是|属于|属)(一级|正处级|副处级|正科级)?行政单位|单位性质[为：:]?行政'))
        and not bool_or(regexp_matches(compact_text, '(为|是|属于|属)[^。，]{0,8}事业单位|单位性质[为：:]?[^。，]{0,6}事业'))
),

admin_checks as (
    select
        operating.report_id,
        {{ check_columns(
            "'SE_OPERATING_EQ_PUBLIC_ADMIN'",
            "'operating_cost vs ' || public_cost.source_key || ' public_cost'",
            'public_cost.value', 'operating.value',
            pair_tolerance('public_cost.value_decimals', 'operating.value_decimals'),
            'public_cost', 'operating',
            note="'the overview describes an administrative unit (行政单位)'") }}
    from statements as operating
    inner join administrative_units using (report_id)
    inner join public_cost on public_cost.report_id = operating.report_id
    where operating.metric = 'operating_cost'
),

executions as (
    select * from {{ ref('stg_parsed__budget_execution') }}
),

-- "主要原因是…" within the sentence or the few lines after it: was it read, or is it printed at all?
reason_lines as (
    select executions.report_id, executions.line_no, count(*) as lines
    from executions
    inner join lines
        on lines.report_id = executions.report_id
        -- blank lines separate wrapped lines in some extractions: look a few printed lines further
        and lines.line_no between executions.line_no and executions.line_no + 8
        and (contains(lines.text, '原因') or contains(lines.text, '用于'))
        and not regexp_matches(lines.text, '^\s*[0-9]+[.、．][^0-9]')
    group by all
),

reason_checks as (
    select
        executions.report_id,
        {{ check_columns(
            "'SE_REASON_GIVEN'",
            'executions.function_path',
            'executions.initial_budget_wan', 'executions.final_wan',
            pair_tolerance('executions.initial_decimals', 'executions.final_decimals'),
            'executions', 'executions',
            note="case when executions.reason_text is not null then 'reason: ' || executions.reason_text
                       when reason_lines.lines > 0 or position('原因' in executions.source_text) > 0
                           then 'a reason is printed nearby but was not read'
                       else '决算 differs from 年初预算 and no reason is given' end",
            passed='executions.reason_text is not null',
            missing="executions.reason_text is null and (reason_lines.lines > 0 or position('原因' in executions.source_text) > 0)") }}
    from executions
    left join reason_lines using (report_id, line_no)
    where abs(executions.final_wan - executions.initial_budget_wan)
        > {{ pair_tolerance('executions.initial_decimals', 'executions.final_decimals') }}
),

costs as (
    select *, coalesce(source_table, 'narrative') as source_key
    from {{ ref('stg_parsed__three_public_costs') }}
),

-- the item's own paragraph: up to the next numbered item ("2、", "（1）") or heading
next_items as (
    select costs.report_id, costs.item, costs.line_no, min(lines.line_no) as next_line_no
    from costs
    inner join lines
        on lines.report_id = costs.report_id and lines.line_no > costs.line_no
        and regexp_matches(lines.text, '^\s*([0-9]+|[一二三四五六七八九十]+)[、.．][^0-9]|^\s*[（(][0-9一二三四五六七八九十]+[)）]')
    where costs.source_key = 'narrative'
    group by all
),

change_reason_lines as (
    select costs.report_id, costs.item, costs.line_no, count(*) as lines
    from costs
    left join next_items using (report_id, item, line_no)
    inner join lines
        on lines.report_id = costs.report_id
        and lines.line_no >= costs.line_no and lines.line_no < coalesce(next_items.next_line_no, costs.line_no + 9)
        and regexp_matches(lines.text, '原因')
    where costs.source_key = 'narrative'
    group by all
),

-- The template gives the reasons item by item ("其中：（二）公务用车购置及运行费…减少 10 万元，主要原因是…"):
-- a total whose change is the sum of its items' explained changes is explained by them.
explained_by_items as (
    select costs.report_id, sum(costs.change_vs_prior_wan) as explained_change
    from costs
    inner join change_reason_lines using (report_id, item, line_no)
    where costs.source_key = 'narrative' and costs.item in ('overseas_travel', 'vehicle_total', 'reception')
        and costs.change_vs_prior_wan <> 0
    group by all
),

change_reason_checks as (
    select
        costs.report_id,
        {{ check_columns(
            "'SE_CHANGE_REASON'",
            "'narrative ' || costs.item",
            'null', 'costs.change_vs_prior_wan', 'null', 'costs', 'costs',
            note="case when change_reason_lines.lines > 0 then 'a reason follows the change'
                       when explained_by_items.explained_change = costs.change_vs_prior_wan then 'the items'' reasons explain the change'
                       else 'a change of ' || costs.change_vs_prior_wan || ' 万元 against last year is stated without a reason' end",
            passed="coalesce(change_reason_lines.lines, 0) > 0
                    or (costs.item = 'total' and explained_by_items.explained_change = costs.change_vs_prior_wan)") }}
    from costs
    left join change_reason_lines using (report_id, item, line_no)
    left join explained_by_items using (report_id)
    where costs.source_key = 'narrative' and costs.change_vs_prior_wan <> 0
),

-- A growth rate on a zero base cannot be computed: "增长100%" from 0 is not a rate.
growths as (
    select report_id, source_key, '三公 ' || item as subject, actual_wan as value, change_vs_prior_wan as change,
           change_vs_prior_pct as growth, source_table, page_no, line_no, source_text
    from costs
    where change_vs_prior_pct is not null and change_vs_prior_wan is not null and actual_wan is not null
    union all
    select growth.report_id, growth.source_key, growth.metric, base.value, change.value, growth.value,
           growth.source_table, growth.page_no, growth.line_no, growth.source_text
    from statements as growth
    inner join statements as change
        on change.report_id = growth.report_id and change.source_key = growth.source_key
        and change.metric = replace(growth.metric, '_pct', '_wan')
    inner join statements as base
        on base.report_id = growth.report_id and base.source_key = growth.source_key
        and base.metric = case when growth.metric like 'total_change%' then 'grand_total' else 'operating_cost' end
    where growth.metric in ('total_change_vs_prior_pct', 'operating_cost_change_vs_prior_pct')
),

zero_base_checks as (
    select
        growths.report_id,
        {{ check_columns(
            "'YY_ZERO_BASE'",
            'growths.subject',
            'null', 'growths.growth', 'null', 'growths', 'growths',
            note="'last year''s figure is ' || (growths.value - growths.change) || ' 万元'",
            passed='growths.value - growths.change <> 0 or growths.growth = 0') }}
    from growths
),

-- A completion rate needs a 年初预算 to be a rate of: zero is a finding, not stated is a gap. A rate of
-- 0% on a budget of 0 ("预算为 0.00 万元，支出决算为 0.00 万元，完成预算的 0%") misstates nothing, as
-- YY_ZERO_BASE lets a growth of 0 on a zero base pass.
completions as (
    select report_id, function_path as subject, initial_budget_wan as budget, completion_rate_reported_pct as rate,
           source_table, page_no, line_no, source_text
    from executions where completion_rate_reported_pct is not null
    union all
    select report_id, source_key || ' ' || item, budget_wan, completion_rate_reported_pct,
           source_table, page_no, line_no, source_text
    from costs where completion_rate_reported_pct is not null
),

zero_budget_checks as (
    select
        completions.report_id,
        {{ check_columns(
            "'PC_COMPLETION_BASE'",
            'completions.subject',
            'completions.budget', 'completions.rate', 'null', 'completions', 'completions',
            note="case when completions.budget is null then 'the 年初预算 is not printed beside the rate'
                       when completions.budget = 0 and completions.rate = 0 then 'a rate of 0% on a 年初预算 of 0 states that nothing was spent'
                       when completions.budget = 0 then 'a completion rate of ' || completions.rate || '% is stated on a 年初预算 of 0'
                       else '年初预算 ' || completions.budget || ' 万元' end",
            passed='completions.budget <> 0 or completions.rate = 0') }}
    from completions
),

-- A self-evaluation indicator scores at most its weight (分值).
score_checks as (
    select
        indicators.report_id,
        {{ check_columns(
            "'PC_INDICATOR_SCORE_LE_WEIGHT'",
            "indicators.scope || ' ' || coalesce(indicators.project_name, '') || ' ' || coalesce(indicators.goal_no::varchar, '') || ' ' || indicators.indicator_name || ' line ' || coalesce(indicators.line_no, 0)",
            'indicators.weight', 'indicators.score', 'null', 'indicators', 'indicators',
            passed='indicators.score <= indicators.weight') }}
    from {{ ref('stg_parsed__performance_indicators') }} as indicators
    where indicators.score is not null and indicators.weight is not null
)

select * from ordering_checks
union all by name select * from score_checks
union all by name select * from admin_checks
union all by name select * from reason_checks
union all by name select * from change_reason_checks
union all by name select * from zero_base_checks
union all by name select * from zero_budget_checks
