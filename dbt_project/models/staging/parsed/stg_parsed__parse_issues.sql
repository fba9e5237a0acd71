with source as (
    select * from {{ source('parsed', 'parse_issues') }}
),

renamed as (
    select
        report_id,
        stage,
        message
    from source
)

select * from renamed
