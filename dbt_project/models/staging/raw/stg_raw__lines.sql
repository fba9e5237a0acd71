with source as (
    select * from {{ source('raw', 'lines') }}
),

renamed as (
    select
        report_id,
        page_no,
        line_no,
        text,
        extraction_method,
        confidence
    from source
)

select * from renamed
