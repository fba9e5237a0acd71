with source as (
    select * from {{ source('parsed', 'performance_indicators') }}
),

renamed as (
    select
        report_id,
        scope,
        project_name,
        goal_no,
        level1_indicator,
        level2_indicator,
        indicator_name,
        target_text,
        actual_text,
        {{ to_decimal('target_value') }} as target_value,
        {{ to_decimal('actual_value') }} as actual_value,
        value_unit,
        comparator,
        {{ to_decimal('weight') }} as weight,
        {{ to_decimal('score') }} as score,
        {{ provenance_columns() }}
    from source
)

select * from renamed
