-- 项目绩效自评: budget, execution and score per project, one row per project per source.
with projects as (
    select * from {{ ref('stg_parsed__project_performance') }}
),

final as (
    select
        projects.report_id,
        projects.project_name,
        projects.budget_wan,
        projects.executed_wan,
        projects.execution_rate_reported_pct,
        {{ pct_of('projects.executed_wan', 'projects.budget_wan') }} as execution_rate_pct,
        projects.self_score,
        projects.budget_reported_unit,
        projects.executed_reported_unit,
        {{ provenance_columns() }}
    from projects
)

select * from final
