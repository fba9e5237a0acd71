-- Pages whose text came from OCR of the page image, not from the PDF's text layer.
with lines as (
    select report_id, page_no from {{ ref('stg_raw__lines') }} where extraction_method = 'ocr'
),

cells as (
    select report_id, page_no from {{ ref('stg_raw__table_cells') }} where extraction_method = 'ocr'
),

final as (
    select distinct report_id, page_no from (select * from lines union all select * from cells)
)

select * from final
