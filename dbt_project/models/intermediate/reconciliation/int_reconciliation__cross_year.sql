-- Across years: when the same organisation's previous final account is in the warehouse, this
-- year's 年初结转和结余 is last year's 年末, and every "比上年" change leads back to last year's figure.
-- A report whose previous year is absent keeps the same checks, not applicable.
with reports as (
    select report_id, organization_name, region_name, fiscal_year
    from {{ report_rows(ref('dim_reports')) }}
    where report_type = 'final_account' and organization_name is not null and fiscal_year is not null
),

prior_reports as (
    select reports.report_id, prior.report_id as prior_report_id
    from reports
    inner join reports as prior
        on prior.organization_name = reports.organization_name
        and prior.region_name is not distinct from reports.region_name
        and prior.fiscal_year = reports.fiscal_year - 1
    qualify row_number() over (partition by reports.report_id order by prior.report_id) = 1
),

statements as (
    select * from {{ report_rows(ref('int_reconciliation__metric_statements')) }} where statement_no = 1
),

-- One figure per report and metric: the table's where a table states it.
figures as (
    select * from statements
    qualify row_number() over (partition by report_id, metric order by source_key = 'narrative', source_key) = 1
),

-- (rule, this year's metric, the change it is stated with (null: none), last year's metric)
carried (rule_id, this_metric, change_metric, prior_metric) as (
    values ('XY_CARRYOVER_BEGIN', 'carryover_begin', null, 'carryover_end'),
           ('XY_FISCAL_CARRYOVER_BEGIN', 'fiscal_carryover_begin', null, 'fiscal_carryover_end'),
           ('XY_PRIOR_GRAND_TOTAL', 'grand_total', 'total_change_vs_prior_wan', 'grand_total'),
           ('XY_PRIOR_OPERATING_COST', 'operating_cost', 'operating_cost_change_vs_prior_wan', 'operating_cost')
),

this_year as (
    select
        figures.report_id, carried.rule_id, carried.this_metric, carried.prior_metric,
        figures.value - coalesce(change.value, 0) as implied_prior,
        least(figures.value_decimals, coalesce(change.value_decimals, figures.value_decimals)) as decimals,
        figures.source_table, figures.page_no, figures.line_no, figures.source_text
    from carried
    inner join figures on figures.metric = carried.this_metric
    left join figures as change on change.report_id = figures.report_id and change.metric = carried.change_metric
    where carried.change_metric is null or change.value is not null
),

costs as (
    select *, coalesce(source_table, 'narrative') as source_key
    from {{ ref('stg_parsed__three_public_costs') }}
    where actual_wan is not null
),

three_public_this_year as (
    select report_id, 'XY_PRIOR_THREE_PUBLIC' as rule_id, '三公 ' || item as this_metric, item as prior_metric,
           actual_wan - change_vs_prior_wan as implied_prior,
           least(actual_decimals, change_decimals) as decimals,
           source_table, page_no, line_no, source_text
    from costs
    where change_vs_prior_wan is not null
    qualify row_number() over (partition by report_id, item order by source_key = 'narrative', source_key) = 1
),

prior_figures as (
    select report_id, metric, value, value_decimals as decimals, source_table, page_no, line_no, source_text
    from figures
    union all
    select report_id, item, actual_wan, actual_decimals, source_table, page_no, line_no, source_text
    from costs
    qualify row_number() over (partition by report_id, item order by source_key = 'narrative', source_key) = 1
),

sides as (
    select * from this_year
    union all by name select * from three_public_this_year
),

checks as (
    select
        sides.report_id,
        {{ check_columns(
            'sides.rule_id',
            "sides.this_metric || ' vs last year''s ' || sides.prior_metric",
            'prior.value', 'sides.implied_prior',
            pair_tolerance('coalesce(prior.decimals, 2)', 'coalesce(sides.decimals, 2)'),
            'prior', 'sides',
            note="case when prior_reports.prior_report_id is null then 'the previous year''s report of this organisation is not in the warehouse'
                       when prior.value is null then 'last year''s report does not state ' || sides.prior_metric
                       else 'last year''s report ' || prior_reports.prior_report_id end",
            passed="case when prior.value is not null then abs(sides.implied_prior - prior.value) <= "
                   ~ pair_tolerance('coalesce(prior.decimals, 2)', 'coalesce(sides.decimals, 2)') ~ " end") }}
    from sides
    left join prior_reports using (report_id)
    left join prior_figures as prior
        on prior.report_id = prior_reports.prior_report_id and prior.metric = sides.prior_metric
)

select * from checks
