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
        {{ provenance_columns() }}
    from source
)

select * from renamed
