-- The report's structure against its own table of contents (目录): each standard table the contents
-- list is found, and the tables follow in the contents' order. Contents entries are the lines before the
-- first table's title naming a table of the national template, numbered or not ("四、财政拨款收入支出决算
-- 总表", "- 七、…“三公”经费支出决算表(表 7)"); the year's template decides the order (2021: “三公” is 表7).
-- And each standard table (final account T01–T09, budget B01–B09) is printed once.
{%- set toc_titles = [
    ('T01', '收入支出决算总表'),
    ('T02', '收入决算表'),
    ('T03', '支出决算表'),
    ('T04', '财政拨款收入支出决算总表'),
    ('T05', '一般公共预算财政拨款支出决算表'),
    ('T06', '一般公共预算财政拨款基本支出决算(明细)?表'),
    ('T07', '政府性基金预算财政拨款收入支出决算表'),
    ('T08', '国有资本经营预算财政拨款(收入)?支出决算表'),
    ('T09', '(一般公共预算)?财政拨款[“"”]三公[”"“]经费支出决算表'),
] %}
with
-- Each standard table's title as found, in print order. A table whose title is printed again on each page
-- it runs over (a text extraction keeps one title per page) is one run of its code; another table between
-- two runs of one code makes the second a duplicate table.
printed as (
    select
        *,
        table_code as source_table,
        coalesce(page_no, 0) * 1000000 + coalesce(line_no, 0) as place
    from {{ ref('stg_parsed__standard_tables') }}
),

runs as (
    select
        *,
        row_number() over (partition by report_id order by place)
            - row_number() over (partition by report_id, table_code order by place) as run
    from printed
),

-- one row per printing of a table: where its first title stands
occurrences as (
    select
        report_id,
        table_code,
        source_table,
        min(place) as place,
        arg_min(page_no, place) as page_no,
        arg_min(line_no, place) as line_no,
        arg_min(source_text, place) as source_text
    from runs
    group by report_id, table_code, source_table, run
),

numbered as (
    select
        *,
        row_number() over (partition by report_id, table_code order by place) as occurrence_no,
        count(*) over (partition by report_id, table_code) as occurrences
    from occurrences
),

tables as (
    select report_id, table_code, place, page_no, line_no, source_text
    from numbered
    where occurrence_no = 1 and starts_with(table_code, 'T')
),

first_tables as (
    select report_id, min(place) as place from tables group by all
),

-- a contents entry: numbering, the title, an optional "(表 N)"
entries as (
    select
        lines.report_id,
        lines.page_no,
        lines.line_no,
        lines.text as source_text,
        null::varchar as source_table,
        regexp_replace(regexp_replace(replace(replace(lines.text, ' ', ''), '　', ''),
            '^([-·•]|第?[一二三四五六七八九十]+[、.．]|[0-9]+[、.．])+', ''), '[(（]表[0-9]+[)）]$', '') as title
    from {{ ref('stg_raw__lines') }} as lines
    inner join first_tables
        on first_tables.report_id = lines.report_id
        and coalesce(lines.page_no, 0) * 1000000 + lines.line_no < first_tables.place
    where position(chr(9) in lines.text) = 0 and length(lines.text) <= 60 and position('决算' in lines.text) > 0
),

listed as (
    select
        entries.*,
        case
            {%- for code, title in toc_titles %}
            when regexp_full_match(entries.title, '{{ title }}') then '{{ code }}'
            {%- endfor %}
        end as table_code
    from entries
),

contents as (
    select *, row_number() over (partition by report_id order by line_no) as listed_no
    from listed
    where table_code is not null
    qualify row_number() over (partition by report_id, table_code order by line_no) = 1
),

presence_checks as (
    select
        contents.report_id,
        {{ check_columns(
            "'CO_TOC_TABLES'",
            "'contents ' || contents.table_code",
            'null', 'null', 'null', 'contents', 'found',
            note="case when found.table_code is null then 'the contents list “' || contents.title || '” but no table of that title was found'
                       else 'listed and found' end",
            passed='found.table_code is not null') }}
    from contents
    left join (select *, table_code as source_table from tables) as found using (report_id, table_code)
),

-- the tables found, in the contents' order: each one after the one listed before it
ordered as (
    select
        contents.report_id,
        contents.table_code,
        contents.title,
        found.place,
        found.source_table, found.page_no, found.line_no, found.source_text,
        lag(contents.table_code) over (partition by contents.report_id order by contents.listed_no) as previous_code,
        lag(found.place) over (partition by contents.report_id order by contents.listed_no) as previous_place
    from contents
    inner join (select *, table_code as source_table from tables) as found using (report_id, table_code)
),

order_checks as (
    select
        ordered.report_id,
        {{ check_columns(
            "'CO_TABLE_ORDER'",
            "'contents ' || ordered.table_code",
            'null', 'null', 'null', 'ordered', 'ordered',
            note="case when ordered.place < ordered.previous_place then ordered.table_code || ' is printed before '
                       || ordered.previous_code || ', which the contents list before it' else 'in the contents'' order' end",
            passed='ordered.place > ordered.previous_place') }}
    from ordered
    where ordered.previous_place is not null
),

-- where a table is printed a second time: "T05 (page 15 line 253; page 18 line 412)"
{%- set place = "case when {0}.page_no is not null then 'page ' || {0}.page_no || ' ' else '' end || 'line ' || {0}.line_no" %}

duplicate_checks as (
    select
        earlier.report_id,
        {{ check_columns(
            "'CO_DUPLICATE_TABLE'",
            "earlier.table_code || case when later.place is not null then ' (' || " ~ place.format('earlier') ~ " || '; '
                 || " ~ place.format('later') ~ " || ')' else '' end",
            'null', 'null', 'null', 'earlier', 'later',
            note="case when later.place is null then 'printed once'
                       else earlier.table_code || ' is printed ' || earlier.occurrences || ' times, with other tables between' end",
            passed='later.place is null') }}
    from numbered as earlier
    left join numbered as later
        on later.report_id = earlier.report_id and later.table_code = earlier.table_code and later.occurrence_no = 2
    where earlier.occurrence_no = 1
)

select * from presence_checks
union all by name select * from order_checks
union all by name select * from duplicate_checks
