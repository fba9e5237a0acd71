-- “三公” disclosure: each item stated as an amount or as not incurred, the counts that go with a
-- non-zero item, and T06's basic-expenditure classes within T09's actuals.
with costs as (
    select *, coalesce(source_table, 'narrative') as source_key
    from {{ ref('stg_parsed__three_public_costs') }}
),

narrative_reports as (
    select distinct report_id from costs where source_key = 'narrative'
),

-- (item, the words naming it, how a report says it did not happen, how it prints an amount for it).
-- Not incurred also reads "…经费支出为0" (no unit), "无…支出" and the whole “三公” stated as none
-- ("本年度未发生“三公”经费支出"); an item named in a list ("因公出国（境）费、公务接待费分别为 0 万元、
-- 3 万元") is stated with the list's amounts.
-- Jinja, not a values CTE: DuckDB compiles a regex that comes from a column once per row (300× slower).
{%- set none_at_all = '|三公[”"]?经费[^。；]{0,12}(均?为(0|零)([^0-9.]|万?元|$)|未发生|均未发生)|(未发生|未开支|无)[“"]?三公' %}
{%- set zero = '(为|是)(0|零)(\\.0+)?([^0-9.万元]|万?元|$)' %}
{%- set three_public_items = [
    ('overseas_travel', '因公出国（境）费',
     '未(发生|安排)[^。]{0,4}因公出国|因公出国[^。]{0,12}(未发生|没有发生|无相关)|无[^。，；]{0,4}因公出国|因公出国[^。；，]{0,12}' ~ zero ~ none_at_all,
     '因公出国[^。，；]{0,12}[0-9.]+万元'),
    ('vehicle_purchase', '公务用车购置费',
     '未(购置|更新|发生)[^。]{0,6}公务用车|公务用车购置[^。]{0,12}(未发生|没有发生|无相关)|无[^。，；]{0,4}公务用车购置|公务用车购置[^。；，]{0,8}' ~ zero ~ none_at_all,
     '公务用车购置(费|支出)[^。，；]{0,6}[0-9.]+万元'),
    ('vehicle_operation', '公务用车运行维护费',
     '未(发生|安排)[^。]{0,6}公务用车运行|公务用车运行[^。]{0,12}(未发生|没有发生|无相关)|无[^。，；]{0,4}公务用车运行|公务用车运行[^。；，]{0,10}' ~ zero ~ none_at_all,
     '公务用车运行(维护)?(费|支出)[^。，；]{0,6}[0-9.]+万元'),
    ('reception', '公务接待费',
     '未(发生|安排)[^。]{0,4}公务接待|公务接待[^。]{0,12}(未发生|没有发生|无相关)|无[^。，；]{0,4}公务接待|公务接待[^。；，]{0,12}' ~ zero ~ none_at_all,
     '公务接待(费|支出)[^。，；]{0,12}[0-9.]+万元'),
] %}
-- an item named in a list whose amounts follow: "…、公务接待费分别为 0 万元、3 万元"
{%- set listed = '[^。；]{0,60}分别(为|是)[0-9]' %}
{%- set list_names = {'overseas_travel': '因公出国', 'vehicle_purchase': '购置', 'vehicle_operation': '运行', 'reception': '公务接待'} %}

items (item, item_label) as (
    values {% for item, label, _, _ in three_public_items %}('{{ item }}', '{{ label }}'){{ ", " if not loop.last }}{% endfor %}
),

-- The counts the template asks for beside a non-zero item (保有量 beside vehicle spending).
{%- set three_public_counts = [
    ('overseas_groups', 'overseas_travel', '团组\\s*\\d+\\s*个'),
    ('overseas_person_times', 'overseas_travel', '出国[^。]{0,20}\\d+\\s*人次'),
    ('vehicles_purchased', 'vehicle_purchase', '购置[^。]{0,10}\\d+\\s*辆'),
    ('vehicles_held', 'vehicle_total', '保有量[^。]{0,6}\\d+\\s*辆'),
    ('reception_batches', 'reception', '接待[^。]{0,20}\\d+\\s*(个|批次|批)'),
    ('reception_person_times', 'reception', '接待[^。]{0,40}\\d+\\s*人次'),
] %}

-- Every phrase above names one of these words: the phrases are matched on the lines naming one (a few
-- in a hundred), not on every narrative line (6 s of CPU at 1,000 text reports). Materialised, so the
-- optimiser does not fold this cheap filter into the phrases' and test it last.
naming_lines as materialized (
    select lines.report_id, lines.line_no, lines.page_no, lines.text, replace(lines.text, ' ', '') as compact_text
    from {{ ref('stg_raw__lines') }} as lines
    inner join narrative_reports using (report_id)
    where regexp_matches(replace(lines.text, ' ', ''), '出国|三公|公务用车|购置|运行|接待|团组|保有量')
),

-- Every narrative line is matched against all the phrases in one scan, and only matching lines are
-- kept: one scan per phrase took 31 s at 10,000 reports, one scan 21 s.
flagged_lines as materialized (
    select * from (
        select report_id, line_no, page_no, text,
            {%- for item, _, not_incurred, printed_amount in three_public_items %}
            regexp_matches(compact_text, '{{ printed_amount }}') as printed__{{ item }},
            regexp_matches(replace(compact_text, '(', '（'), '{{ not_incurred }}') as not_incurred__{{ item }},
            regexp_matches(replace(compact_text, '(', '（'), '{{ list_names[item] }}{{ listed }}') as listed__{{ item }},
            {%- endfor %}
            {%- for metric, _, count_phrase in three_public_counts %}
            regexp_matches(compact_text, '{{ count_phrase }}') as count__{{ metric }}{{ "," if not loop.last }}
            {%- endfor %}
        from naming_lines
    )
    where {% for item, _, _, _ in three_public_items %}printed__{{ item }} or not_incurred__{{ item }} or listed__{{ item }} or {% endfor %}
          {%- for metric, _, _ in three_public_counts %} count__{{ metric }}{{ " or" if not loop.last }}{% endfor %}
),

stated_amounts as (
    select report_id, item, min(line_no) as line_no, min(page_no) as page_no,
           min(source_text) as source_text, min(source_table) as source_table,
           max(actual_wan) as actual_wan
    from costs
    where source_key = 'narrative' and (actual_wan is not null or budget_wan is not null)
    group by all
),

-- purchase and operation need no amount of their own when the vehicle total is stated as 0
zero_vehicle_totals as (
    select report_id, min(line_no) as line_no
    from costs
    where source_key = 'narrative' and item = 'vehicle_total' and actual_wan = 0
    group by all
),

printed_lines as (
    {%- for item, _, _, _ in three_public_items %}
    {{ "union all" if not loop.first }}
    select report_id, '{{ item }}' as item, count(*) as lines
    from flagged_lines
    where printed__{{ item }}
    group by all
    {%- endfor %}
),

-- the first line saying an item was not incurred, or naming it in a list of amounts
phrase_lines as (
    {%- for item, _, _, _ in three_public_items %}
    {%- set first_item = loop.first %}
    {%- for phrase in ('not_incurred', 'listed') %}
    {{ "union all" if not (first_item and loop.first) }}
    select report_id, '{{ item }}' as item, '{{ phrase }}' as phrase, min(line_no) as line_no, min(page_no) as page_no,
           min(text) as source_text, null as source_table
    from flagged_lines
    where {{ phrase }}__{{ item }}
    group by all
    {%- endfor %}
    {%- endfor %}
),

not_incurred_lines as (
    select * from phrase_lines where phrase = 'not_incurred'
),

listed_lines as (
    select * from phrase_lines where phrase = 'listed'
),

item_checks as (
    select
        narrative_reports.report_id,
        {{ check_columns(
            "'CO_THREE_PUBLIC_ITEMS'",
            "'narrative ' || items.item",
            'null', 'stated_amounts.actual_wan', 'null', 'not_incurred_lines', 'stated_amounts',
            note="case when stated_amounts.item is not null then items.item_label || ' stated as an amount'
                       when not_incurred_lines.item is not null then items.item_label || ' stated as not incurred'
                       when within_zero_total.report_id is not null then items.item_label || ' is part of a vehicle total stated as 0'
                       when listed_lines.item is not null then items.item_label || ' stated in a list of amounts'
                       when printed_lines.item is not null then items.item_label || ' is printed with an amount that was not read'
                       else items.item_label || ' neither stated as an amount nor as not incurred' end",
            passed='stated_amounts.item is not null or not_incurred_lines.item is not null or within_zero_total.report_id is not null
                    or listed_lines.item is not null',
            missing='stated_amounts.item is null and not_incurred_lines.item is null and within_zero_total.report_id is null
                     and listed_lines.item is null and printed_lines.item is not null') }}
    from narrative_reports
    cross join items
    left join stated_amounts on stated_amounts.report_id = narrative_reports.report_id and stated_amounts.item = items.item
    left join not_incurred_lines on not_incurred_lines.report_id = narrative_reports.report_id and not_incurred_lines.item = items.item
    left join printed_lines on printed_lines.report_id = narrative_reports.report_id and printed_lines.item = items.item
    left join listed_lines on listed_lines.report_id = narrative_reports.report_id and listed_lines.item = items.item
    left join zero_vehicle_totals as within_zero_total
        on within_zero_total.report_id = narrative_reports.report_id and items.item in ('vehicle_purchase', 'vehicle_operation')
),

counts (count_metric, item) as (
    values {% for metric, item, _ in three_public_counts %}('{{ metric }}', '{{ item }}'){{ ", " if not loop.last }}{% endfor %}
),

amounts as (
    select report_id, item, max(actual_wan) as actual_wan, min(line_no) as line_no, min(page_no) as page_no,
           min(source_text) as source_text, min(source_table) as source_table
    from costs
    group by all
),

metrics as (
    select report_id, metric, min(value) as value, min(line_no) as line_no, min(page_no) as page_no,
           min(source_text) as source_text, min(source_table) as source_table
    from {{ ref('stg_parsed__metrics') }}
    group by all
),

count_lines as (
    {%- for metric, _, _ in three_public_counts %}
    {{ "union all" if not loop.first }}
    select report_id, '{{ metric }}' as count_metric, count(*) as lines
    from flagged_lines
    where count__{{ metric }}
    group by all
    {%- endfor %}
),

count_checks as (
    select
        amounts.report_id,
        {{ check_columns(
            "'CO_THREE_PUBLIC_COUNTS'",
            "'narrative ' || counts.count_metric",
            'null', 'metrics.value', 'null', 'amounts', 'metrics',
            note="case when metrics.metric is not null then counts.count_metric || ' stated: ' || metrics.value
                       when count_lines.lines > 0 then counts.count_metric || ' is printed but was not read'
                       else counts.count_metric || ' not stated although ' || amounts.item || ' is ' || amounts.actual_wan || ' 万元' end",
            passed="case when amounts.actual_wan > 0 then metrics.metric is not null end",
            missing="amounts.actual_wan > 0 and metrics.metric is null and count_lines.lines > 0") }}
    from counts
    inner join amounts on amounts.item = counts.item
    inner join narrative_reports on narrative_reports.report_id = amounts.report_id
    left join metrics on metrics.report_id = amounts.report_id and metrics.metric = counts.count_metric
    left join count_lines on count_lines.report_id = amounts.report_id and count_lines.count_metric = counts.count_metric
),

-- T06 is basic expenditure only: its 三公 classes cannot exceed T09's actuals (which add project spending).
economic_items (economic_code, item) as (
    values ('30212', 'overseas_travel'), ('30217', 'reception'), ('30231', 'vehicle_operation')
),

t06 as (
    select economic.*, economic_items.item
    from {{ ref('stg_parsed__economic_amounts') }} as economic
    inner join economic_items using (economic_code)
    where economic.amount_wan is not null
),

t09 as (
    select * from costs where source_key = 'T09' and actual_wan is not null
),

t06_checks as (
    select
        t06.report_id,
        {{ check_columns(
            "'CT_T06_WITHIN_T09'",
            "'T06 ' || t06.economic_code || ' vs T09 ' || t06.item",
            't09.actual_wan', 't06.amount_wan',
            pair_tolerance('t09.actual_decimals', 't06.amount_decimals'),
            't09', 't06',
            passed='t06.amount_wan <= t09.actual_wan + ' ~ pair_tolerance('t09.actual_decimals', 't06.amount_decimals')) }}
    from t06
    inner join t09 on t09.report_id = t06.report_id and t09.item = t06.item
)

select * from item_checks
union all by name select * from count_checks
union all by name select * from t06_checks
