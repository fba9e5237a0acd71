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
        {{ provenance_columns() }}
    from source
)

select * from renamed
