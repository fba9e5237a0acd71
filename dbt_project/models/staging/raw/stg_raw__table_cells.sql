with source as (
    select * from {{ source('raw', 'table_cells') }}
),

renamed as (
    select
        report_id,
        page_no,
        table_no,
        row_no,
        col_no,
        text,
        x0,
        top,
        x1,
        bottom,
        extraction_method,
        confidence
    from source
)

select * from renamed
