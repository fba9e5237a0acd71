with source as (
    select * from {{ source('parsed', 'project_performance') }}
),

renamed as (
    select
        report_id,
        project_name,
        {{ to_wan('budget', 'budget_unit') }} as budget_wan,
        {{ to_wan('executed', 'executed_unit') }} as executed_wan,
        {{ to_decimal('execution_rate_reported') }} as execution_rate_reported_pct,
        {{ to_decimal('self_score') }} as self_score,
        budget_unit as budget_reported_unit,
        executed_unit as executed_reported_unit,
        {{ printed_decimals('budget') }} as budget_decimals,
        {{ printed_decimals('executed') }} as executed_decimals,
        {{ printed_decimals('execution_rate_reported') }} as rate_decimals,
        {{ provenance_columns() }}
    from source
)

select * from renamed
