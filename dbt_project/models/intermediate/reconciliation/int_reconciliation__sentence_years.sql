-- A wrong year inside a sentence: "2020年决算数3,061.94万元中：…" in the 2021 report, where the same
-- 决算数 3,061.94 万元 is stated as the report's own year's ("2021年实际公共预算支出决算数3,061.94万元").
-- A sentence may rightly name another year (比2020年决算数增加 …), so only a figure the report also
-- states as its own year's 决算数 / 预算数 counts: the same amount under two years is a typo of one.
with lines as (
    select
        lines.report_id,
        lines.page_no,
        lines.line_no,
        lines.text as source_text,
        null::varchar as source_table,
        reports.fiscal_year,
        replace(replace(lines.text, ' ', ''), '　', '') as compact_text
    from {{ ref('stg_raw__lines') }} as lines
    inner join {{ report_rows(ref('dim_reports')) }} as reports using (report_id)
    where position(chr(9) in lines.text) = 0 and regexp_matches(lines.text, '决算数|预算数')
),

{%- set year_figure = '(20[0-9]{2})年度?[^。；，,0-9年]{0,12}?(决算数|预算数)为?([0-9][0-9,]*(?:\\.[0-9]+)?)万元' %}

statements as (
    select
        lines.* exclude (compact_text),
        statement,
        regexp_extract(statement, '{{ year_figure }}', ['year', 'kind', 'amount']) as parts
    from lines, unnest(regexp_extract_all(lines.compact_text, '{{ year_figure }}')) as found (statement)
),

figures as (
    select
        statements.* exclude (parts),
        (parts.year)::integer as stated_year,
        parts.kind,
        try_cast(replace(parts.amount, ',', '') as decimal(20, 6)) as amount
    from statements
),

own_year as (
    select * from figures where stated_year = fiscal_year
),

other_year as (
    select * from figures where stated_year <> fiscal_year
)

select
    other_year.report_id,
    {{ check_columns(
        "'HY_SENTENCE_YEAR'",
        "'line ' || other_year.line_no || ' “' || other_year.statement || '”'",
        'null', 'null', 'null', 'own_year', 'other_year',
        note="case when own_year.line_no is not null
                   then other_year.stated_year || '年' || other_year.kind || ' restates the ' || other_year.fiscal_year
                        || ' figure of line ' || own_year.line_no || ': the year of one of them is wrong'
                   else 'no figure of the report''s own year is the same' end",
        passed='own_year.line_no is null') }}
from other_year
left join own_year
    on own_year.report_id = other_year.report_id
    and own_year.kind = other_year.kind
    and own_year.amount = other_year.amount
qualify row_number() over (partition by other_year.report_id, other_year.line_no, other_year.statement order by own_year.line_no) = 1
