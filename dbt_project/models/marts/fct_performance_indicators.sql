-- 绩效指标 of the department (整体) and project self-evaluation tables.
with indicators as (
    select * from {{ ref('stg_parsed__performance_indicators') }}
),

final as (
    select
        indicators.report_id,
        indicators.scope,
        indicators.project_name,
        indicators.goal_no,
        indicators.level1_indicator,
        indicators.level2_indicator,
        indicators.indicator_name,
        indicators.target_text,
        indicators.actual_text,
        indicators.target_value,
        indicators.actual_value,
        indicators.value_unit,
        indicators.comparator,
        indicators.weight,
        indicators.score,
        {{ provenance_columns() }}
    from indicators
)

select * from final
