-- A local government's department or unit budget (地方预决算公开操作规程) carries the chapters the
-- template asks for: 预算编制说明, 其他相关情况说明, the “三公” 经费 explained with its amount and the
-- 机关运行经费 with its amount. Scoped by the template the document declares: a budget naming its region
-- ("上海市普陀区2025年区级部门预算"); a central department's budget (a university's: 学校基本情况, 部门预算
-- 情况说明, no “三公” chapter) follows the central template and is not held to these chapters.
-- Chapters are read from the body: contents lines (dot leaders) and table rows do not count.
{%- set chapters = [
    ('budget_notes', '预算编制说明',
     '^(第?[一二三四五六七八九十]+[、.．部分]+)?(20[0-9]{2}年度?)?[^，。；0-9]{0,20}预算(编制|情况)说明$'),
    ('other_notes', '其他相关情况说明',
     '^(第?[一二三四五六七八九十]+[、.．部分]+)?其他(相关|重要事项|重要)的?(情况)?说明$'),
    ('three_public', '“三公”经费说明', '三公[”"“]?经费[^。；]{0,30}?[0-9][0-9,]*(\\.[0-9]+)?万?元'),
    ('operating_costs', '机关运行经费说明', '机关运行经费[^。；]{0,60}?[0-9][0-9,]*(\\.[0-9]+)?万?元'),
] %}
with local_budgets as (
    select report_id
    from {{ report_rows(ref('dim_reports')) }}
    where report_type = 'budget' and region_name is not null
),

chapters (chapter, chapter_label) as (
    values {% for chapter, label, _ in chapters %}('{{ chapter }}', '{{ label }}'){{ ", " if not loop.last }}{% endfor %}
),

body_lines as (
    select lines.report_id, lines.page_no, lines.line_no, lines.text as source_text, null::varchar as source_table,
           replace(replace(lines.text, ' ', ''), '　', '') as compact_text
    from {{ ref('stg_raw__lines') }} as lines
    inner join local_budgets using (report_id)
    where position(chr(9) in lines.text) = 0 and not regexp_matches(lines.text, '…|\.{4,}|·{4,}')
),

found as (
    {%- for chapter, _, pattern in chapters %}
    {{ "union all" if not loop.first }}
    select report_id, '{{ chapter }}' as chapter,
           arg_min(page_no, line_no) as page_no, min(line_no) as line_no,
           arg_min(source_text, line_no) as source_text, null::varchar as source_table
    from body_lines
    where regexp_matches(compact_text, '{{ pattern }}')
    group by all
    {%- endfor %}
)

select
    local_budgets.report_id,
    {{ check_columns(
        "'CO_BUDGET_CHAPTERS'",
        "'chapter ' || chapters.chapter",
        'null', 'null', 'null', 'found', 'found',
        note="case when found.chapter is null then 'the local budget template asks for ' || chapters.chapter_label || ', not found in the report''s body'
                   else chapters.chapter_label || ' found' end",
        passed='found.chapter is not null') }}
from local_budgets
cross join chapters
left join found on found.report_id = local_budgets.report_id and found.chapter = chapters.chapter
