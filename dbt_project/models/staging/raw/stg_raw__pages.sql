with source as (
    select * from {{ source('raw', 'pages') }}
),

renamed as (
    select
        report_id,
        page_no,
        extraction_method,
        reason,
        seconds,
        from_cache
    from source
)

select * from renamed
