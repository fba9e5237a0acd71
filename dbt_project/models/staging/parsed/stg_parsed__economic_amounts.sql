with source as (
    select * from {{ source('parsed', 'economic_amounts') }}
),

renamed as (
    select
        report_id,
        economic_code,
        economic_name,
        cost_type,
        {{ to_wan('amount', 'reported_unit') }} as amount_wan,
        reported_unit,
        {{ printed_decimals('amount') }} as amount_decimals,
        {{ provenance_columns() }}
    from source
)

select * from renamed
