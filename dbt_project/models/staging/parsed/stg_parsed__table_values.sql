with source as (
    select * from {{ source('parsed', 'table_values') }}
),

renamed as (
    select
        report_id,
        source_table,
        table_title,
        row_no,
        col_no,
        row_code,
        row_label,
        column_header,
        -- a table's unit line covers its money figures; counts (人, 辆) print in their own columns
        {{ to_wan('value', 'reported_unit') }} as value_wan,
        reported_unit,
        cell_text,
        -- the PDF cell's box on its page (points), null for text reports
        x0,
        top,
        x1,
        bottom,
        {{ provenance_columns() }}
    from source
)

select * from renamed
