-- The fund tables: T04's per-fund closure, T04's fund columns against T05/T07/T08, a zero fund's
-- table declared empty by a note naming that fund, and a table with neither data nor such a note.
with statements as (
    select * from {{ report_rows(ref('int_reconciliation__metric_statements')) }} where statement_no = 1
),

funds (fund, fund_name, fund_table) as (
    values ('general_budget', '一般公共预算', 'T05'),
           ('government_fund', '政府性基金', 'T07'),
           ('state_capital', '国有资本经营', 'T08')
),

t04 as (
    select report_id, min(source_table) as source_table, min(page_no) as page_no, min(line_no) as line_no,
           min(source_text) as source_text
    from statements where source_key = 'T04' group by all
),

-- Blank cells are zero: 年初结转 + 本年收入 = 本年支出 + 年末结转, per fund.
closure_sides as (
    select
        t04.report_id,
        funds.fund,
        max(case when s.metric = 'fiscal_carryover_begin_' || funds.fund then s.value end) as carryover_begin,
        max(case when s.metric = funds.fund || '_income' then s.value end) as income,
        max(case when s.metric = funds.fund || '_expenditure' then s.value end) as expenditure,
        max(case when s.metric = 'fiscal_carryover_end_' || funds.fund then s.value end) as carryover_end,
        min(s.value_decimals) as decimals,
        count(s.value) as stated,
        string_agg(distinct s.source_text, chr(10) order by s.source_text) as source_text,
        min(s.page_no) as page_no,
        min(s.line_no) as line_no,
        'T04' as source_table
    from t04
    cross join funds
    left join statements as s
        on s.report_id = t04.report_id and s.source_key = 'T04'
        and s.metric in ('fiscal_carryover_begin_' || funds.fund, funds.fund || '_income',
                         funds.fund || '_expenditure', 'fiscal_carryover_end_' || funds.fund)
    group by all
),

closure_checks as (
    select
        closure_sides.report_id,
        {{ check_columns(
            "'TA_T04_FUND_CLOSURE'",
            "'T04 ' || closure_sides.fund",
            'coalesce(closure_sides.carryover_begin, 0) + coalesce(closure_sides.income, 0) - coalesce(closure_sides.carryover_end, 0)',
            'coalesce(closure_sides.expenditure, 0)',
            sum_tolerance('coalesce(closure_sides.decimals, 2)', 3),
            'closure_sides', 'closure_sides', formula="'年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余'",
            passed="case when closure_sides.income is null and closure_sides.expenditure is null then null else "
                   ~ "abs(coalesce(closure_sides.carryover_begin, 0) + coalesce(closure_sides.income, 0) - coalesce(closure_sides.carryover_end, 0) - coalesce(closure_sides.expenditure, 0)) <= "
                   ~ sum_tolerance('coalesce(closure_sides.decimals, 2)', 3) ~ " end",
            note="case when closure_sides.income is null and closure_sides.expenditure is null then 'T04 states no income or spending for this fund' end") }}
    from closure_sides
),

-- T04's fund columns against the fund's own table: 合计 of T05, T07 (收入 and 支出), T08.
fund_figures (rule_id, metric, other_table) as (
    values ('CT_T04_T05_GENERAL_BUDGET', 'general_budget_expenditure', 'T05'),
           ('CT_T04_T07_GOVERNMENT_FUND', 'government_fund_expenditure', 'T07'),
           ('CT_T04_T07_GOVERNMENT_FUND', 'government_fund_income', 'T07'),
           ('CT_T04_T08_STATE_CAPITAL', 'state_capital_expenditure', 'T08')
),

fund_figure_checks as (
    select
        t04_side.report_id,
        {{ check_columns(
            'fund_figures.rule_id',
            "'T04 vs ' || fund_figures.other_table || ' ' || fund_figures.metric",
            't04_side.value', 'other_side.value',
            pair_tolerance('t04_side.value_decimals', 'other_side.value_decimals'),
            't04_side', 'other_side') }}
    from fund_figures
    inner join statements as t04_side on t04_side.metric = fund_figures.metric and t04_side.source_key = 'T04'
    inner join statements as other_side
        on other_side.report_id = t04_side.report_id and other_side.metric = fund_figures.metric
        and other_side.source_key = fund_figures.other_table
),

-- One row per title found: a report may print a table's title twice (again atop a continued page).
tables as (
    select
        *,
        table_code as source_table,
        lead(line_no) over (partition by report_id order by line_no) as next_line_no,
        count(*) over (partition by report_id, table_code) as titles_of_code
    from {{ ref('stg_parsed__standard_tables') }}
),

-- One row per table code, for the checks about a table rather than one of its titles.
tables_by_code as (
    select
        report_id,
        table_code,
        table_code as source_table,
        bool_or(declared_empty) as declared_empty,
        min(page_no) as page_no,
        min(line_no) as line_no,
        first(source_text order by line_no) as source_text
    from tables
    group by all
),

-- The note a table declares itself empty with ("本单位无政府性基金预算财政拨款收入支出…"), joined over its wrap.
empty_notes as (
    select
        tables.report_id,
        tables.table_code,
        string_agg(lines.text, '' order by lines.line_no) as note_text,
        string_agg(lines.text, chr(10) order by lines.line_no) as source_text,
        tables.table_code as source_table,
        min(lines.line_no) as line_no,
        min(lines.page_no) as page_no
    from tables
    inner join {{ ref('stg_raw__lines') }} as lines
        on lines.report_id = tables.report_id
        and lines.line_no > tables.line_no and lines.line_no < coalesce(tables.next_line_no, tables.line_no + 200)
        -- a declaration says what the unit has none of ("…无政府性基金预算财政拨款支出，故本表无数据")
        and position('无' in lines.text) > 0
        and position(chr(9) in lines.text) = 0
    where tables.table_code in ('T07', 'T08')
    group by all
),

zero_funds as (
    select
        closure_sides.report_id,
        funds.fund_table as table_code,
        funds.fund_name,
        coalesce(closure_sides.income, 0) = 0 and coalesce(closure_sides.expenditure, 0) = 0 as is_zero
    from closure_sides
    inner join funds using (fund)
    where funds.fund_table in ('T07', 'T08')
),

empty_table_checks as (
    select
        zero_funds.report_id,
        {{ check_columns(
            "'CO_ZERO_FUND_DECLARED_EMPTY'",
            "zero_funds.table_code || ' ' || zero_funds.fund_name",
            'null', 'null', 'null', 'tables', 'empty_notes',
            note="case when not zero_funds.is_zero then 'T04 states figures for this fund'
                       when tables.table_code is null then zero_funds.table_code || ' not found'
                       when not tables.declared_empty then zero_funds.table_code || ' is not declared empty'
                       when position(zero_funds.fund_name in replace(coalesce(empty_notes.note_text, ''), ' ', '')) = 0
                           then 'the empty-table note does not name ' || zero_funds.fund_name
                       else 'declared empty: ' || empty_notes.note_text end",
            passed="case when not zero_funds.is_zero or tables.table_code is null then null
                         else tables.declared_empty and position(zero_funds.fund_name in replace(coalesce(empty_notes.note_text, ''), ' ', '')) > 0 end") }}
    from zero_funds
    left join tables_by_code as tables on tables.report_id = zero_funds.report_id and tables.table_code = zero_funds.table_code
    left join empty_notes on empty_notes.report_id = zero_funds.report_id and empty_notes.table_code = zero_funds.table_code
),

-- Figures each table gave (any fact with that source table).
table_facts as (
    select report_id, source_table, count(*) as facts
    from (
        select report_id, source_table from {{ ref('stg_parsed__metrics') }}
        union all select report_id, source_table from {{ ref('stg_parsed__function_amounts') }}
        union all select report_id, source_table from {{ ref('stg_parsed__economic_amounts') }}
        union all select report_id, source_table from {{ ref('stg_parsed__three_public_costs') }}
    )
    where source_table is not null
    group by all
),

-- Lines inside the table's span that print an amount ("1,548.05"): figures are there to read.
table_amount_lines as (
    select tables.report_id, tables.table_code, count(*) as amount_lines
    from tables
    inner join {{ ref('stg_raw__lines') }} as lines
        on lines.report_id = tables.report_id
        and lines.line_no > tables.line_no and lines.line_no < coalesce(tables.next_line_no, tables.line_no + 200)
        and regexp_matches(lines.text, '\d\.\d{2}')
    group by all
),

data_checks as (
    select
        tables.report_id,
        {{ check_columns(
            "'CO_TABLE_HAS_DATA'",
            "tables.table_code || case when tables.titles_of_code > 1 then ' (title on line ' || tables.line_no || ')' else '' end",
            'null', 'null', 'null', 'tables', 'tables',
            note="case when tables.declared_empty then tables.table_code || ' declared empty'
                       when coalesce(table_facts.facts, 0) > 0 then tables.table_code || ' gave ' || table_facts.facts || ' figures'
                       when coalesce(table_amount_lines.amount_lines, 0) > 0
                           then tables.table_code || ' prints amounts on ' || table_amount_lines.amount_lines || ' lines but none was read'
                       else tables.table_code || ' has no data row and no note declaring it empty' end",
            passed="tables.declared_empty or coalesce(table_facts.facts, 0) > 0",
            missing="not tables.declared_empty and coalesce(table_facts.facts, 0) = 0 and coalesce(table_amount_lines.amount_lines, 0) > 0") }}
    from tables
    left join table_facts on table_facts.report_id = tables.report_id and table_facts.source_table = tables.table_code
    left join table_amount_lines on table_amount_lines.report_id = tables.report_id and table_amount_lines.table_code = tables.table_code
)

select * from closure_checks
union all by name select * from fund_figure_checks
union all by name select * from empty_table_checks
union all by name select * from data_checks
