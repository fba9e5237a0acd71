-- Key figures, one row per metric per source (table or narrative), with provenance.
with metrics as (
    select * from {{ ref('stg_parsed__metrics') }}
),

final as (
    select
        metrics.report_id,
        metrics.metric,
        metrics.value,
        metrics.unit,
        metrics.reported_unit,
        {{ provenance_columns() }}
    from metrics
)

select * from final
