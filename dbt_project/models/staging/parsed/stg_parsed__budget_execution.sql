with source as (
    select * from {{ source('parsed', 'budget_execution') }}
),

renamed as (
    select
        report_id,
        function_code,
        function_path,
        level,
        {{ to_wan('initial_budget', 'reported_unit') }} as initial_budget_wan,
        {{ to_wan('final', 'reported_unit') }} as final_wan,
        {{ to_decimal('completion_rate_reported') }} as completion_rate_reported_pct,
        direction_reported,
        reason_text,
        reported_unit,
        {{ printed_decimals('initial_budget') }} as initial_decimals,
        {{ printed_decimals('final') }} as final_decimals,
        {{ printed_decimals('completion_rate_reported') }} as completion_decimals,
        {{ provenance_columns() }}
    from source
)

select * from renamed
