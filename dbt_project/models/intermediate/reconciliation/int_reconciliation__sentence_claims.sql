-- Claims a sentence or a self-evaluation row makes about its own figures, read from the verbatim
-- lines: a growth rate printed with its change and this year's figure (X 万元 … 增加 Y 万元，增长 Z%),
-- an increase larger than the amount it led to (0 万元，比上年增加 1421.25 万元), a share of a total
-- over 100%, and a self-evaluation row's 执行率 against its own 预算数 and 执行数. Each figure is
-- cited on the line that prints it.
with lines as not materialized (
    select
        report_id,
        page_no,
        line_no,
        text as source_text,
        replace(replace(text, ' ', ''), '　', '') as compact_text,
        -- a window holding 万元 or % has a line holding 万 or %
        contains(text, '万') or contains(text, '%') as marked
    from {{ ref('stg_raw__lines') }}
    where position(chr(9) in text) = 0 and trim(text) <> ''
),

-- A sentence wraps over up to three printed lines (blank lines between them skipped): each line with
-- the next two, so a claim is read once, from the line it starts on.
windows as materialized (
    select
        report_id, page_no, line_no, source_text, first_length, two_lengths, window_text,
        -- each line's provenance, as check_columns reads a side (source_table, page_no, line_no, source_text)
        [struct_pack(source_table := null::varchar, page_no := page_no, line_no := line_no, source_text := source_text),
         struct_pack(source_table := null::varchar, page_no := page_no_1, line_no := line_no_1, source_text := source_text_1),
         struct_pack(source_table := null::varchar, page_no := page_no_2, line_no := line_no_2, source_text := source_text_2)] as window_lines
    from (
        select
            report_id,
            page_no,
            line_no,
            source_text,
            length(compact_text) as first_length,
            length(compact_text) + coalesce(length(lead(compact_text, 1) over w), 0) as two_lengths,
            compact_text || coalesce(lead(compact_text, 1) over w, '') || coalesce(lead(compact_text, 2) over w, '') as window_text,
            lead(page_no, 1) over w as page_no_1, lead(line_no, 1) over w as line_no_1, lead(source_text, 1) over w as source_text_1,
            lead(page_no, 2) over w as page_no_2, lead(line_no, 2) over w as line_no_2, lead(source_text, 2) over w as source_text_2,
            marked or coalesce(lead(marked, 1) over w, false) or coalesce(lead(marked, 2) over w, false) as any_marked
        from lines
        window w as (partition by report_id order by page_no, line_no)
    )
    -- the lines' provenance is packed for the windows kept (a third) only, and tested by substring, not a
    -- regex, and only where a line is marked (the three lines' texts are joined for those windows only)
    where any_marked and (contains(window_text, '万元') or contains(window_text, '%'))
),

{%- set amount = "([0-9][0-9,]*(?:\\.[0-9]+)?)" %}
-- (claim, pattern with its figures as groups). Jinja, not a values CTE: DuckDB compiles a regex
-- that comes from a column once per row. Between a figure and its change no other amount, rate or
-- stop ([^。；万%]): "45.03 万元，增长 166.16%，公务接待支出增加 0.1 万元" pairs nothing.
{%- set claims = [
    ('stated_change', amount ~ '万元[^。；万%]{0,40}?(增加|减少)' ~ amount ~ '万元[，,、]?(?:增长|下降|增幅|降幅)(?:为)?([0-9]+(?:\\.[0-9]+)?)%'),
    ('increase', amount ~ '万元[，,]?(?:比|较)[^。；万%]{0,15}?(增加)' ~ amount ~ '万元()'),
    ('share', '占[^。，；%]{0,25}(?:合计|总额|总计|总数|收入|支出|金额)的?(?:比[例重])?为?()()()([0-9]+(?:\\.[0-9]+)?)%'),
    ('three_public_change', '()三公[”"]?经费[^。；，%万]{0,25}?(增加|减少)' ~ amount ~ '万元[，,、]?(?:增长|下降)(?:为)?([0-9]+(?:\\.[0-9]+)?)%'),
    ('execution', '预算(?:数|金额)?为?' ~ amount ~ '万元()[^万%]{0,40}?(?:决算数|执行数|执行金额|支出)为?' ~ amount ~ '万元[，,]?(?:预算)?执行率(?:为|达到?)?([0-9]+(?:\\.[0-9]+)?)%'),
] %}
-- execution: a self-evaluation's sentence "调整后预算 3,061.94 万元。…决算数 3,061.94 万元，预算执行率为 91.1%".

matches as (
    {%- for claim, pattern in claims %}
    {{ "union all" if not loop.first }}
    select windows.*, '{{ claim }}' as claim, claim_text,
           regexp_extract(claim_text, '{{ pattern }}', ['amount', 'direction', 'change', 'rate']) as figures,
           strpos(window_text, claim_text) as claim_start
    from windows, unnest(regexp_extract_all(window_text, '{{ pattern }}')) as claims (claim_text)
    {%- endfor %}
),

-- the printed line holding a character of the window
claims as (
    select
        report_id, claim, claim_text, figures,
        regexp_matches(window_text, '部门整体|整体支出|一般公共预算支出') as of_whole_department,
        try_cast(replace(figures.amount, ',', '') as decimal(20, 6)) as amount,
        {{ printed_decimals("replace(figures.amount, ',', '')") }} as amount_decimals,
        figures.direction,
        try_cast(replace(figures.change, ',', '') as decimal(20, 6)) as change,
        {{ printed_decimals("replace(figures.change, ',', '')") }} as change_decimals,
        try_cast(figures.rate as decimal(20, 6)) as rate,
        {{ printed_decimals('figures.rate') }} as rate_decimals,
        window_lines[case when claim_start <= first_length then 1 when claim_start <= two_lengths then 2 else 3 end] as opening,
        window_lines[case when claim_start + length(claim_text) - 1 <= first_length then 1
                          when claim_start + length(claim_text) - 1 <= two_lengths then 2 else 3 end] as closing
    from matches
    -- read from the line the claim starts on (the windows of the two lines before hold it too), once
    where claim_start <= first_length
    qualify row_number() over (partition by report_id, claim, line_no, claim_text order by line_no) = 1
),

sides as (
    select
        claims.*,
        -- the figure the change is from: this year's less an increase, plus a decrease
        case direction when '增加' then amount - change when '减少' then amount + change end as base
    from claims
),

-- "“三公”经费…比 2020 年度增加 45.12 万元，增长 166.49%": this year's figure is the narrative's “三公” total,
-- stated in an earlier sentence (when the parser read a change with it, YY_THREE_PUBLIC_GROWTH checks it)
three_public_totals as (
    select report_id, actual_wan, actual_decimals, page_no, line_no, source_text
    from {{ ref('stg_parsed__three_public_costs') }}
    where item = 'total' and source_table is null and actual_wan is not null and change_vs_prior_wan is null
    qualify row_number() over (partition by report_id order by line_no) = 1
),

changes as (
    select *, opening as expected, closing as actual
    from sides
    where claim = 'stated_change'
    union all by name
    select sides.* replace (
               totals.actual_wan as amount, totals.actual_decimals as amount_decimals,
               case sides.direction when '增加' then totals.actual_wan - sides.change else totals.actual_wan + sides.change end as base),
           struct_pack(source_table := null::varchar, page_no := totals.page_no, line_no := totals.line_no, source_text := totals.source_text) as expected,
           sides.closing as actual
    from sides
    inner join three_public_totals as totals using (report_id)
    where sides.claim = 'three_public_change'
),

stated_changes as (
    select
        sides.report_id,
        {{ check_columns(
            "'YY_STATED_CHANGE'",
            "'line ' || sides.opening.line_no || ' “' || sides.claim_text || '”'",
            pct_of('sides.change', 'sides.base'),
            'sides.rate',
            rate_tolerance('sides.change', half_unit('sides.change_decimals'), 'sides.base',
                           pair_tolerance('sides.amount_decimals', 'sides.change_decimals'), 'sides.rate_decimals'),
            'expected', 'actual',
            note="sides.figures.change || ' ÷ (' || rtrim(rtrim(sides.amount::varchar, '0'), '.') || case sides.direction when '增加' then ' − ' else ' + ' end || sides.figures.change || ') × 100'",
            actual_decimals='sides.rate_decimals') }}
    from changes as sides
    where sides.base > 0 and sides.change > 0
),

increases as (
    select
        sides.report_id,
        {{ check_columns(
            "'SE_CHANGE_EXCEEDS_AMOUNT'",
            "'line ' || sides.opening.line_no || ' “' || sides.claim_text || '”'",
            'sides.amount', 'sides.change',
            pair_tolerance('sides.amount_decimals', 'sides.change_decimals'),
            'sides.opening', 'sides.closing',
            note="'an increase of ' || sides.figures.change || ' to ' || sides.figures.amount || ' would start from a negative figure'",
            passed='sides.change <= sides.amount + ' ~ pair_tolerance('sides.amount_decimals', 'sides.change_decimals')) }}
    from sides
    where sides.claim = 'increase'
),

-- a share over 100%: the bound is the rule's, not a figure of the line, so only the stated share is cited
shares as (
    select
        sides.report_id,
        {{ check_columns(
            "'PC_SHARE_OVER_100'",
            "'line ' || sides.closing.line_no || ' “' || sides.claim_text || '”'",
            'null', 'sides.rate', 'null',
            'sides.closing', 'sides.closing',
            passed='sides.rate <= 100') }}
    from sides
    where sides.claim = 'share'
),

-- the same claim in a sentence: 执行率 = 执行数 (change) ÷ 预算数 (amount)
stated_executions as (
    select
        sides.report_id,
        {{ check_columns(
            "'PC_SELF_EVALUATION_RATE'",
            "'line ' || sides.opening.line_no || ' “' || sides.claim_text || '”'",
            pct_of('sides.change', 'sides.amount'),
            'sides.rate',
            rate_tolerance('sides.change', half_unit('sides.change_decimals'), 'sides.amount',
                           half_unit('sides.amount_decimals'), 'sides.rate_decimals'),
            'sides.opening', 'sides.closing',
            actual_decimals='sides.rate_decimals') }}
    from sides
    where sides.claim = 'execution' and sides.amount > 0
),

-- The same figure restated: the whole department's 执行数 in the self-evaluation ("部门整体…实际执行金额",
-- "一般公共预算支出…决算数") is the year's 本年支出合计 or its 一般公共预算财政拨款支出, as the tables
-- (else the narrative) state them.
year_totals as (
    select report_id, metric, value, value_decimals, source_table, page_no, line_no, source_text
    from {{ report_rows(ref('int_reconciliation__metric_statements')) }}
    where metric in ('total_expenditure', 'general_budget_expenditure') and statement_no = 1
    qualify row_number() over (partition by report_id, metric order by source_key = 'narrative', source_key) = 1
),

-- the year's total the restatement is closest to (the one it equals, when it equals one)
restatements as (
    select
        sides.report_id, sides.claim_text, sides.opening, sides.closing, sides.change, sides.change_decimals,
        struct_pack(source_table := totals.source_table, page_no := totals.page_no, line_no := totals.line_no,
                    source_text := totals.source_text) as total_side,
        totals.metric, totals.value, totals.value_decimals
    from sides
    inner join year_totals as totals using (report_id)
    where sides.claim = 'execution' and sides.of_whole_department
    qualify row_number() over (partition by sides.report_id, sides.opening.line_no, sides.claim_text
                               order by abs(sides.change - totals.value), totals.metric desc) = 1
),

restated_totals as (
    select
        restatements.report_id,
        {{ check_columns(
            "'NT_SELF_EVALUATION_TOTAL'",
            "'line ' || restatements.opening.line_no || ' “' || restatements.claim_text || '”'",
            'restatements.value', 'restatements.change',
            pair_tolerance('restatements.value_decimals', 'restatements.change_decimals'),
            'restatements.total_side', 'restatements.closing',
            note="'the closest of the year''s totals is its ' || restatements.metric") }}
    from restatements
),

-- A self-evaluation table's 预算执行情况 row printed as one line: 预算数（A） 执行数（B） 执行率（B/A）
-- [得分], under a header naming 执行率 a few lines above. Rows the performance parser read are checked
-- by PC_PROJECT_EXECUTION already.
evaluation_rows as (
    select
        rows.report_id, rows.page_no, rows.line_no, rows.text as source_text,
        regexp_extract(rows.text, '^\s*{{ amount }}\s+{{ amount }}\s+([0-9]+(?:\.[0-9]+)?)%(?:\s+[0-9.]+)?\s*$',
                       ['budget', 'executed', 'rate']) as figures
    from {{ ref('stg_raw__lines') }} as rows
    -- a row that prints no % is no such row; the test skips the regex on the others
    where contains(rows.text, '%') and regexp_matches(rows.text, '^\s*{{ amount }}\s+{{ amount }}\s+([0-9]+(?:\.[0-9]+)?)%(?:\s+[0-9.]+)?\s*$')
        and exists (
            select 1 from {{ ref('stg_raw__lines') }} as header
            where header.report_id = rows.report_id and position('执行率' in header.text) > 0
                and header.line_no between rows.line_no - 12 and rows.line_no - 1)
        and not exists (
            select 1 from {{ ref('stg_parsed__project_performance') }} as projects
            where projects.report_id = rows.report_id and projects.line_no = rows.line_no)
),

evaluation_figures as (
    select
        *,
        try_cast(replace(figures.budget, ',', '') as decimal(20, 6)) as budget,
        {{ printed_decimals("replace(figures.budget, ',', '')") }} as budget_decimals,
        try_cast(replace(figures.executed, ',', '') as decimal(20, 6)) as executed,
        {{ printed_decimals("replace(figures.executed, ',', '')") }} as executed_decimals,
        try_cast(figures.rate as decimal(20, 6)) as rate,
        {{ printed_decimals('figures.rate') }} as rate_decimals,
        null::varchar as source_table
    from evaluation_rows
),

evaluations as (
    select
        evaluation_figures.report_id,
        {{ check_columns(
            "'PC_SELF_EVALUATION_RATE'",
            "'line ' || evaluation_figures.line_no",
            pct_of('evaluation_figures.executed', 'evaluation_figures.budget'),
            'evaluation_figures.rate',
            rate_tolerance('evaluation_figures.executed', half_unit('evaluation_figures.executed_decimals'),
                           'evaluation_figures.budget', half_unit('evaluation_figures.budget_decimals'),
                           'evaluation_figures.rate_decimals'),
            'evaluation_figures', 'evaluation_figures',
            actual_decimals='evaluation_figures.rate_decimals') }}
    from evaluation_figures
    where evaluation_figures.budget > 0
)

select * from stated_changes
union all by name select * from increases
union all by name select * from shares
union all by name select * from stated_executions
union all by name select * from restated_totals
union all by name select * from evaluations
