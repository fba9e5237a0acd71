-- 年初预算 vs 决算 per 功能分类 item as the narrative states it, with the rate recomputed.
with executions as (
    select * from {{ ref('stg_parsed__budget_execution') }}
),

final as (
    select
        executions.report_id,
        executions.function_code,
        executions.function_path,
        executions.level,
        executions.initial_budget_wan,
        executions.final_wan,
        executions.completion_rate_reported_pct,
        {{ pct_of('executions.final_wan', 'executions.initial_budget_wan') }} as completion_rate_pct,
        executions.direction_reported,
        executions.reason_text,
        executions.reported_unit,
        {{ provenance_columns() }}
    from executions
)

select * from final
