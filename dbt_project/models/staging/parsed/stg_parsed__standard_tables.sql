with source as (
    select * from {{ source('parsed', 'standard_tables') }}
),

renamed as (
    select
        report_id,
        table_code,
        page_no,
        line_no,
        source_text,
        row_count,
        declared_empty,
        formulas,
        numeric_cells,
        cells_read
    from source
)

select * from renamed
