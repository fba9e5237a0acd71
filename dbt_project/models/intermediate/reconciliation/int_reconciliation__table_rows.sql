-- Every row of the income table (收入决算表, T02) printed as text: 本年收入合计 = the sum of its income
-- sources (财政拨款收入, 上级补助收入, 事业收入, 经营收入, 附属单位上缴收入, 其他收入), read from the
-- row's own cells (the parsed facts keep only the total). A row is a tab-separated line of the table
-- (int_reconciliation__table_lines) with a label and at least two amounts.
with rows as (
    select report_id, page_no, line_no, source_text, string_split(source_text, chr(9)) as cells
    from {{ report_rows(ref('int_reconciliation__table_lines')) }}
    where table_code = 'T02'
),

-- the amounts are the cells after the row's label (its first cell with a Han character)
labelled as (
    select
        *,
        list_position(list_transform(cells, lambda cell: regexp_matches(cell, '\p{Han}')), true) as label_at
    from rows
),

amounts as (
    select
        report_id, page_no, line_no, source_text,
        replace(trim(cells[label_at]), ' ', '') as label,
        -- blank cells are zeros (the template leaves them empty); the first printed figure is the total
        list_filter(list_transform(cells[label_at + 1:], lambda cell: replace(trim(cell), ',', '')), lambda f: f <> '') as figures
    from labelled
    where label_at is not null
),

sums as (
    select
        report_id, page_no, line_no, source_text, label,
        null::varchar as source_table,
        try_cast(figures[1] as decimal(20, 6)) as total,
        {{ printed_decimals('figures[1]') }} as total_decimals,
        list_sum(list_transform(figures[2:], lambda f: coalesce(try_cast(f as decimal(20, 6)), 0))) as parts_sum,
        len(list_filter(figures[2:], lambda f: try_cast(f as decimal(20, 6)) is not null)) as parts_count,
        coalesce(list_min(list_transform(list_filter(figures[2:], lambda f: try_cast(f as decimal(20, 6)) is not null),
                                         lambda f: {{ printed_decimals('f') }})), 2) as parts_decimals
    from amounts
    -- the header rows (项目, 栏次 1 2 3 …) are not rows of figures
    where label not in ('栏次', '类', '项目', '项', '功能分类科目编码', '科目名称')
        and not regexp_matches(label, '^(栏次|类|项目)')
)

select
    sums.report_id,
    {{ check_columns(
        "'TA_T02_ROW_SOURCES'",
        "'T02 line ' || sums.line_no || ' ' || sums.label",
        'sums.parts_sum', 'sums.total',
        sum_tolerance('least(sums.total_decimals, sums.parts_decimals)', 'sums.parts_count'),
        'sums', 'sums',
        formula="'本年收入合计 = 财政拨款收入 + 上级补助收入 + 事业收入 + 经营收入 + 附属单位上缴收入 + 其他收入'",
        actual_decimals='sums.total_decimals') }}
from sums
where sums.total is not null and sums.parts_count >= 1
