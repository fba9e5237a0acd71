-- One form for a zero in one column of one table: the national templates print a table's amounts
-- to two decimals and leave a cell blank where there is nothing, and no sample's notes state which
-- form a zero takes (their notes say only that an empty table is published with a note: "故本表无数据",
-- "故本表为空表"). So this reads the table itself: a money column that prints 0.00 on some labelled
-- rows and leaves the cell blank on others is printed two ways, a style matter (severity info) that
-- an inspector may want uniform. A blank counts only on a row of figures that names its item left of
-- the cell (a two-sided 总表 leaves a side's whole row blank where it has fewer items; a header row
-- prints no figure).
-- Text reports: the tab-separated rows of each standard table (int_reconciliation__table_lines).
-- PDFs: the cells the PDF reader cut out of each printed table (raw.table_cells).
with titles as (
    select report_id, table_code, min(page_no) as page_no, min(line_no) as line_no
    from {{ ref('stg_parsed__standard_tables') }}
    group by all
),

text_rows as (
    select *, string_split(source_text, chr(9)) as parts
    from {{ report_rows(ref('int_reconciliation__table_lines')) }}
),

text_cells as (
    select
        report_id, table_code, page_no, line_no, line_no as row_key, source_text, col_no,
        -- a text extraction may keep the table's bold markup (003: "<b>3,061.56</b>")
        trim(regexp_replace(parts[col_no], '</?b>', '', 'g')) as cell_text
    from text_rows
    cross join unnest(generate_series(1, len(parts))) as positions (col_no)
),

-- a PDF table belongs to the last standard title printed on or before its page
pdf_cells as (
    select
        cells.report_id,
        titles.table_code,
        cells.page_no,
        null::bigint as line_no,
        cells.page_no * 100000 + cells.table_no * 1000 + cells.row_no as row_key,
        cells.text as source_text,
        cells.col_no,
        trim(coalesce(cells.text, '')) as cell_text,
        cells.table_no
    from {{ ref('stg_raw__table_cells') }} as cells
    asof inner join (select * from titles where page_no is not null) as titles
        on titles.report_id = cells.report_id and cells.page_no >= titles.page_no
),

cells as (
    select *, 'line' as kind, 0 as table_no from text_cells
    union all by name
    select *, 'cell' as kind from pdf_cells
),

-- each cell's patterns once: the row's windows below read the flags, not the text again
flagged as (
    select
        *,
        regexp_matches(cell_text, '^-?0(\.0+)?$') as is_zero,
        cell_text = '' as is_blank,
        regexp_matches(cell_text, '^-?[\d,]*\d\.\d{2}$') as is_amount,
        regexp_matches(cell_text, '\p{Han}') as is_label
    from cells
    where table_code is not null
),

-- the row names its item in a column (its first cell holding a Chinese character) and prints an amount
row_marks as (
    select report_id, row_key, min(col_no) filter (where is_label) as label_col_no, bool_or(is_amount) as prints_amount
    from flagged
    group by all
),

classified as (
    select
        flagged.*,
        -- the row names its item left of this cell, and prints an amount (a header row prints none)
        flagged.col_no > row_marks.label_col_no and row_marks.prints_amount as labelled
    from flagged
    inner join row_marks using (report_id, row_key)
),

columns as (
    select
        report_id,
        table_code,
        -- a PDF table continued on the next page is another printed table: its own column
        min(page_no) filter (where kind = 'cell') as table_page_no,
        col_no,
        count(*) filter (where is_amount) as amounts,
        count(*) filter (where is_zero) as zeros,
        count(*) filter (where is_blank and labelled) as blanks,
        first(page_no order by row_key) filter (where is_zero) as zero_page_no,
        first(line_no order by row_key) filter (where is_zero) as zero_line_no,
        first(source_text order by row_key) filter (where is_zero) as zero_source_text,
        first(page_no order by row_key) filter (where is_blank and labelled) as blank_page_no,
        first(line_no order by row_key) filter (where is_blank and labelled) as blank_line_no,
        first(source_text order by row_key) filter (where is_blank and labelled) as blank_source_text
    from classified
    group by report_id, table_code, kind, case when kind = 'cell' then page_no * 1000 + table_no end, col_no
),

-- a money column: it prints amounts to two decimals (0.00 is one)
money_columns as (
    select
        *,
        table_code as source_table,
        struct_pack(source_table := table_code, page_no := zero_page_no, line_no := zero_line_no,
                    source_text := zero_source_text) as zero_side,
        struct_pack(source_table := table_code, page_no := blank_page_no, line_no := blank_line_no,
                    source_text := blank_source_text) as blank_side
    from columns
    where amounts > 0 and zeros + blanks > 0
)

select
    money_columns.report_id,
    {{ check_columns(
        "'HY_ZERO_CELL_FORM'",
        "money_columns.table_code || coalesce(' 第' || money_columns.table_page_no || '页', '') || ' 第' || money_columns.col_no || '列'
         || case when money_columns.zeros > 0 and money_columns.blanks > 0
                 then ' (0.00 ' || coalesce('line ' || money_columns.zero_line_no, 'page ' || money_columns.zero_page_no)
                      || ', 空白 ' || coalesce('line ' || money_columns.blank_line_no, 'page ' || money_columns.blank_page_no) || ')'
                 else '' end",
        'null', 'null', 'null', 'money_columns.zero_side', 'money_columns.blank_side',
        note="money_columns.zeros || ' cells print 0.00, ' || money_columns.blanks || ' labelled rows leave the cell blank'",
        passed='money_columns.zeros = 0 or money_columns.blanks = 0') }}
from money_columns
