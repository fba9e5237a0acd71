with source as (
    select * from {{ source('parsed', 'three_public_costs') }}
),

renamed as (
    select
        report_id,
        item,
        {{ to_wan('budget', 'reported_unit') }} as budget_wan,
        {{ to_wan('actual', 'reported_unit') }} as actual_wan,
        {{ to_wan('change_vs_prior', 'reported_unit') }} as change_vs_prior_wan,
        {{ to_decimal('change_vs_prior_pct') }} as change_vs_prior_pct,
        {{ to_decimal('completion_rate_reported') }} as completion_rate_reported_pct,
        reported_unit,
        {{ printed_decimals('budget') }} as budget_decimals,
        {{ printed_decimals('actual') }} as actual_decimals,
        {{ printed_decimals('change_vs_prior') }} as change_decimals,
        {{ printed_decimals('change_vs_prior_pct') }} as change_pct_decimals,
        {{ printed_decimals('completion_rate_reported') }} as completion_decimals,
        {{ provenance_columns() }}
    from source
)

select * from renamed
