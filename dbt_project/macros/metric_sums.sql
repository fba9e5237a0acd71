{# Checks of sum identities given as data: a CTE `identities` (rule_id, total_source, total_metric,
   part_source, part_metric, formula) precedes the call. Blank parts count as zero; a total is
   checked when it and at least one part are stated. #}
{% macro metric_sum_checks() -%}
statements as (
    select * from {{ report_rows(ref('int_reconciliation__metric_statements')) }}
    where statement_no = 1
),

totals as (
    select distinct
        statements.*,
        identities.rule_id,
        identities.formula
    from identities
    inner join statements
        on statements.metric = identities.total_metric and statements.source_key = identities.total_source
),

parts as (
    select
        totals.report_id,
        totals.rule_id,
        totals.metric,
        totals.source_key,
        totals.formula,
        {{ parts_side('part', 'value', 'value_decimals') }}
    from totals
    inner join identities
        on identities.rule_id = totals.rule_id
        and identities.total_metric = totals.metric
        and identities.total_source = totals.source_key
        and identities.formula = totals.formula
    left join statements as part
        on part.report_id = totals.report_id
        and part.metric = identities.part_metric
        and part.source_key = identities.part_source
    group by all
    having count(part.value) > 0
),

checks as (
    select
        totals.report_id,
        {{ check_columns(
            'totals.rule_id',
            "totals.source_key || ' ' || totals.metric || ' (' || totals.formula || ')'",
            'parts.parts_sum', 'totals.value',
            sum_tolerance('least(parts.parts_decimals, totals.value_decimals)', 'parts.parts_count'),
            'parts', 'totals', formula='totals.formula') }}
    from totals
    inner join parts
        on parts.report_id = totals.report_id
        and parts.rule_id = totals.rule_id
        and parts.metric = totals.metric
        and parts.source_key = totals.source_key
        and parts.formula = totals.formula
)

select * from checks
{%- endmacro %}
