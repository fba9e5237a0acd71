with source as (
    select * from {{ source('parsed', 'metrics') }}
),

renamed as (
    select
        report_id,
        metric,
        case when unit = '万元' then {{ to_wan('value', 'reported_unit') }}
             else {{ to_decimal('value') }} end as value,
        unit,
        reported_unit,
        {{ printed_decimals('value') }} as value_decimals,
        {{ provenance_columns() }},
        -- the order the parser met the statements in (several can share a line)
        file_row_number as statement_order
    from source
)

select * from renamed
