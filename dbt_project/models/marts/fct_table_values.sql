-- Every figure of every table found, placed by the table's own row labels and column headers:
-- the tidy form of the tables, for figures no dedicated mart models (and for templates nobody here has seen).
with table_values as (
    select * from {{ ref('stg_parsed__table_values') }}
),

final as (
    select
        report_id,
        source_table,
        table_title,
        row_no,
        col_no,
        row_code,
        row_label,
        column_header,
        value_wan,
        reported_unit,
        cell_text,
        -- the PDF cell's box on its page (points), null for text reports
        x0,
        top,
        x1,
        bottom,
        {{ provenance_columns() }}
    from table_values
)

select * from final
