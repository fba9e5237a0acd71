-- “三公”经费 per item, one row per item per source (T09 or narrative).
with costs as (
    select * from {{ ref('stg_parsed__three_public_costs') }}
),

final as (
    select
        costs.report_id,
        costs.item,
        costs.budget_wan,
        costs.actual_wan,
        costs.change_vs_prior_wan,
        costs.change_vs_prior_pct,
        costs.completion_rate_reported_pct,
        costs.reported_unit,
        {{ provenance_columns() }}
    from costs
)

select * from final
