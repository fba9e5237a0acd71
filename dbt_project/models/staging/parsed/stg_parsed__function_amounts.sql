with source as (
    select * from {{ source('parsed', 'function_amounts') }}
),

renamed as (
    select
        report_id,
        function_code,
        function_name,
        {{ to_wan('total', 'reported_unit') }} as total_wan,
        {{ to_wan('basic', 'reported_unit') }} as basic_wan,
        {{ to_wan('project', 'reported_unit') }} as project_wan,
        {{ to_decimal('share_pct') }} as share_reported_pct,
        code_recovered_from,
        reported_unit,
        {{ printed_decimals('total') }} as total_decimals,
        {{ printed_decimals('basic') }} as basic_decimals,
        {{ printed_decimals('project') }} as project_decimals,
        {{ printed_decimals('share_pct') }} as share_decimals,
        {{ provenance_columns() }}
    from source
)

select * from renamed
