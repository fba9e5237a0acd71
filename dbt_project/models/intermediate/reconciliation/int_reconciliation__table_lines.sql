-- Each tab-separated line a text report prints inside a standard table: from the table's title (its first,
-- should a continued page print it again) to the next standard table's title. The rules that read a table's
-- own rows from their cells (TA_T02_ROW_SOURCES, HY_ZERO_CELL_FORM) split these lines.
with titles as (
    select report_id, table_code, min(line_no) as line_no
    from {{ ref('stg_parsed__standard_tables') }}
    where line_no is not null
    group by all
),

spans as (
    select
        report_id,
        table_code,
        line_no as first_line_no,
        coalesce(lead(line_no) over (partition by report_id order by line_no), 2147483647) as end_line_no
    from titles
)

select
    spans.report_id,
    spans.table_code,
    lines.page_no,
    lines.line_no,
    lines.text as source_text
from {{ ref('stg_raw__lines') }} as lines
inner join spans
    on spans.report_id = lines.report_id
    and lines.line_no > spans.first_line_no and lines.line_no < spans.end_line_no
where position(chr(9) in lines.text) > 0
