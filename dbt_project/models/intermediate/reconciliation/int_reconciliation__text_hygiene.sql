-- Text hygiene from the verbatim lines: years in titles and headings, template placeholders,
-- 部门/单位 wording, a rate without %, amounts with more than 2 decimals, 元 and 万元 in one
-- statement, an empty "主要原因是", doubled punctuation, a word written twice, misplaced thousands
-- separators, both of a template's alternatives kept, rates with more than 2 decimals.
-- One failing row per offending line, else one passing row.
with lines as not materialized (
    select
        lines.report_id,
        lines.page_no,
        lines.line_no,
        lines.text as source_text,
        null as source_table,
        replace(replace(lines.text, ' ', ''), '　', '') as compact_text,
        reports.fiscal_year,
        reports.identity_source_text
    from {{ ref('stg_raw__lines') }} as lines
    inner join {{ report_rows(ref('dim_reports')) }} as reports using (report_id)
    -- table rows are cells, not prose
    where position(chr(9) in lines.text) = 0
),

-- (rule, what the line must not contain, what excuses it, the text matched: spaces removed by
-- default, the verbatim line where spaces part two numbers, the words one of which every match of the
-- pattern holds).
-- Jinja, not a values CTE: DuckDB compiles a regex that comes from a column once per row (300× slower).
-- The words are looked for first and the pattern matched only on the lines holding one: 0.05-0.2 s of CPU
-- per pattern at 1,000 text reports instead of 0.4-0.5 s.
{%- set line_patterns = [
    ('HY_PLACEHOLDER_TEXT', 'XX|ＸＸ|××|\\*\\*\\*', none, none, ['XX', 'ＸＸ', '××', '***']),
    ('HY_PLACEHOLDER_YEAR', '(^|[^0-9])202年|20XX年|20××年', none, none, '年'),
    ('HY_PERCENT_MISSING', '(占[^。，；]{0,20}的|增长|下降|降低|完成[^。，；]{0,6}的)[0-9]+(\\.[0-9]+)?[，。；、）)]', none, none, ['占', '增长', '下降', '降低', '完成']),
    ('HY_AMOUNT_DECIMALS', '[0-9]\\.[0-9]{3,}万元', none, none, '万元'),
    ('HY_EMPTY_REASON', '原因(是|为|：|:)[。；，]', '原因(是|为|：|:)[，。；](一是|1|一)', none, '原因'),
    ('HY_MIXED_UNITS', '[0-9]万圆.*[0-9]元|[0-9]元.*[0-9]万圆', none, "replace(lines.compact_text, '万元', '万圆')", '元'),
    ('HY_DOUBLED_PUNCTUATION', '[，。；：、][，。；：、]|，,|,，', none, none, none),
    ('HY_AMOUNT_COMMA', '[0-9],([0-9]{1,2}|[0-9]{4,})(\\.[0-9]+)? ?万?元|(^|[^0-9.,])[0-9]{4,},[0-9]{3}(\\.[0-9]+)? ?万?元', none, 'lines.source_text', ','),
    ('HY_TEMPLATE_ALTERNATIVES', '(增加|减少|增长|下降|上升|降低)[（(](增加|减少|增长|下降|上升|降低)[）)]|(增加|增长|减少|下降)/(增加|增长|减少|下降)', none, none, ['（', '(', '/']),
    ('HY_RATE_DECIMALS', '(^|[^0-9.])[0-9]+\\.[0-9]{3,} ?%', none, 'lines.source_text', '%'),
] %}
-- HY_DOUBLED_PUNCTUATION: two stops in a row ("。。", "，。"), spaces between them ignored.
-- HY_AMOUNT_COMMA: an amount whose ASCII comma does not group three digits ("1,2345.67万元").
-- HY_TEMPLATE_ALTERNATIVES: both of the template's words kept ("下降（增长）27.78%").
-- HY_PERCENT_MISSING: a rate phrase ending in a bare number ("占支出合计的 39.01，").
-- HY_MIXED_UNITS: a bare 元 amount beside a 万元 amount in the same line (万元 is masked as 万圆 first).

{%- set line_rules = (line_patterns | map('first') | list) + ['HY_REPEATED_WORD'] %}
{%- set flags = (line_rules | join(', ')) ~ ', year_heading, says_unit, says_department' %}

-- HY_REPEATED_WORD: a run of 2 to 6 Han characters written twice ("主要用于主要用于", "本级本级"), in prose
-- only: a linearised table row prints a target and its actual side by side ("及时 及时"). RE2 has no
-- back-references: each position of a line whose first two characters recur 2 to 6 further on, then those
-- compared whole. On characters, not substr (UTF-8 offsets make substr scan from the start), one row per
-- position so the filter's conditions stop at the first false one (a lambda over each line's positions
-- evaluates every comparison for every position: 9 s of CPU at 1,000 text reports, now 3 s).
repeated_words as (
    select distinct report_id, line_no
    from (
        select report_id, line_no, characters, unnest(range(1, len(characters) - 2)) as i
        from (
            select report_id, line_no, string_split(source_text, '') as characters
            from lines
            where regexp_matches(source_text, '[，。；、]')
        )
    )
    where (
        {%- for n in range(2, 7) %}
        {{ 'or ' if not loop.first }}(characters[i] = characters[i + {{ n }}] and characters[i + 1] = characters[i + {{ n + 1 }}])
        {%- endfor %}
    ) and (
        {%- for n in range(2, 7) %}
        {{ 'or ' if not loop.first }}(characters[i:i + {{ n - 1 }}] = characters[i + {{ n }}:i + {{ 2 * n - 1 }}]
            and regexp_full_match(array_to_string(characters[i:i + {{ n - 1 }}], ''), '\p{Han}+'))
        {%- endfor %}
    )
),

-- Every line is matched against all the patterns in one scan, and only the lines a rule may need are
-- kept. A CTE of all lines read once per rule held them all: at 10,000 reports 1.1 GB and 24 s, now
-- 0.34 GB and 14 s. (Flags in a struct column were 4× slower: each field recomputes the struct.)
flagged_lines as materialized (
    select * from (
        select lines.*,
            {%- for rule_id, pattern, excused_by, matched, words in line_patterns %}
            {%- set searched = matched or 'lines.compact_text' %}
            {%- set words = [words] if words is string else words %}
            {{ "case when contains(" ~ searched ~ ", '" ~ (words | join("') or contains(" ~ searched ~ ", '")) ~ "') then " if words }}
                regexp_matches({{ searched }}, '{{ pattern }}')
                {%- if excused_by %} and not regexp_matches(lines.compact_text, '{{ excused_by }}'){% endif %}
                {{- " else false end" if words }} as {{ rule_id }},
            {%- endfor %}
            repeated_words.line_no is not null as HY_REPEATED_WORD,
            case when length(lines.compact_text) <= 40 and contains(lines.compact_text, '年') then
                regexp_matches(lines.compact_text, '^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)?[^，。；]{0,20}20[0-9]{2}年度?[^，。；]*(决算|情况说明|决算表|总表|明细表)$')
                and not regexp_matches(lines.compact_text, '^(比|较|与)') else false end as year_heading,
            position('本单位' in lines.compact_text) > 0 as says_unit,
            position('本部门' in lines.compact_text) > 0 as says_department
        from lines
        left join repeated_words using (report_id, line_no)
    )
    where line_no <= 40 or year_heading or says_unit or says_department
        {%- for rule_id in line_rules %} or {{ rule_id }}{% endfor %}
),

line_findings as (
    {%- for rule_id in line_rules %}
    {{ "union all" if not loop.first }}
    select * exclude ({{ flags }}), '{{ rule_id }}' as rule_id
    from flagged_lines
    where {{ rule_id }}
    {%- endfor %}
),

-- Headings (part headings, numbered section titles, table titles) naming a year: it is the report's.
heading_findings as (
    select * exclude ({{ flags }}), 'HY_HEADING_YEAR' as rule_id,
           cast(regexp_extract(compact_text, '(20[0-9]{2})年', 1) as integer) as printed_year
    from flagged_lines
    where year_heading
),

-- Each standard table's title naming a year names the report's.
title_findings as (
    select tables.report_id, 'HY_TITLE_YEAR' as rule_id, tables.page_no, tables.line_no, tables.source_text,
           tables.table_code as source_table,
           cast(regexp_extract(replace(tables.source_text, ' ', ''), '(20[0-9]{2})年', 1) as integer) as printed_year,
           reports.fiscal_year
    from {{ ref('stg_parsed__standard_tables') }} as tables
    inner join {{ report_rows(ref('dim_reports')) }} as reports using (report_id)
    where regexp_matches(replace(tables.source_text, ' ', ''), '20[0-9]{2}年')
),

-- The scope the title block names (部门决算 / 单位决算) and the lines speaking of the other one.
scopes as (
    select report_id,
           case when bool_or(regexp_matches(compact_text, '单位决算|单位20[0-9]{2}年度决算')) and not bool_or(regexp_matches(compact_text, '部门决算'))
                then '单位' when bool_or(regexp_matches(compact_text, '部门决算')) then '部门' end as scope
    from flagged_lines
    where line_no <= 40
    group by all
),

scope_findings as (
    select lines.* exclude ({{ flags }}), 'HY_SCOPE_WORDING' as rule_id, scopes.scope
    from flagged_lines as lines
    inner join scopes using (report_id)
    where (scopes.scope = '部门' and lines.says_unit and not lines.says_department)
       or (scopes.scope = '单位' and lines.says_department and not lines.says_unit)
),

titled_reports as (
    select distinct report_id, fiscal_year from lines
),

rules as (
    {%- for rule_id in line_rules %}
    select '{{ rule_id }}' as rule_id union all
    {%- endfor %}
    select 'HY_HEADING_YEAR'
    union all select 'HY_TITLE_YEAR'
    union all select 'HY_SCOPE_WORDING'
),

findings as (
    select report_id, rule_id, page_no, line_no, source_text, source_table, false as passed,
           'line ' || line_no || ': ' || source_text as note
    from line_findings
    union all
    select report_id, rule_id, page_no, line_no, source_text, source_table,
           printed_year = fiscal_year as passed,
           'line ' || line_no || ' names ' || printed_year || ', the report is for ' || fiscal_year as note
    from heading_findings
    where fiscal_year is not null
    union all
    select report_id, rule_id, page_no, line_no, source_text, source_table,
           printed_year = fiscal_year as passed,
           source_table || ' title names ' || printed_year || ', the report is for ' || fiscal_year as note
    from title_findings
    where fiscal_year is not null
    union all
    select report_id, rule_id, page_no, line_no, source_text, source_table, false as passed,
           'a ' || scope || ' report says ' || case scope when '部门' then '本单位' else '本部门' end || ': ' || source_text as note
    from scope_findings
),

checks as (
    select
        titled_reports.report_id,
        {{ check_columns(
            'rules.rule_id',
            "coalesce('line ' || findings.line_no, 'report')",
            'null', 'null', 'null', 'findings', 'findings',
            note="coalesce(findings.note, 'no line found')",
            passed='coalesce(findings.passed, true)') }}
    from titled_reports
    cross join rules
    left join findings on findings.report_id = titled_reports.report_id and findings.rule_id = rules.rule_id
    -- a heading with a year is checked line by line; the others pass once when no line offends
)

select * from checks
