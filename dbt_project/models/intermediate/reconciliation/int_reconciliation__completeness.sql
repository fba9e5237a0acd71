-- Every standard table of the report's template is present (found by title) or declared
-- empty, in reports whose tables are text at all; tables printed as images are not applicable.
-- The university template (高等学校…决算表) has four tables, three of them standard; its budget
-- (…财政拨款支出预算表) four: B01, B02, B03, B05. A budget expects B-codes, and a budget without
-- any is a parse issue: its tables are text the parser did not recognise, never images.
with reports as (
    select
        dim_reports.report_id,
        dim_reports.tables_found,
        dim_reports.report_type = 'budget' as is_budget,
        coalesce(bool_or(position('高等学校' in tables.source_text) > 0
                         or position('财政拨款支出预算表' in replace(tables.source_text, ' ', '')) > 0), false) as is_university
    from {{ report_rows(ref('dim_reports')) }} as dim_reports
    left join {{ ref('stg_parsed__standard_tables') }} as tables using (report_id)
    group by all
),

expected_tables (table_code, in_university_template) as (
    values ('T01', true), ('T02', true), ('T03', true), ('T04', false), ('T05', false),
           ('T06', false), ('T07', false), ('T08', false), ('T09', false),
           ('B01', true), ('B02', true), ('B03', true), ('B04', false), ('B05', true),
           ('B06', false), ('B07', false), ('B08', false), ('B09', false)
),

tables as (
    select
        report_id,
        table_code,
        min(page_no) as page_no,
        min(line_no) as line_no,
        first(source_text order by page_no, line_no, source_text) as source_text,  -- the first title, whichever row a scan meets first
        bool_or(declared_empty) as declared_empty,
        max(row_count) as row_count
    from {{ ref('stg_parsed__standard_tables') }}
    group by all
),

expectations as (
    select
        reports.report_id,
        expected_tables.table_code,
        len(reports.tables_found) = 0 and not reports.is_budget as tables_are_images,
        tables.table_code as source_table,
        tables.page_no,
        tables.line_no,
        tables.source_text,
        tables.declared_empty,
        tables.row_count
    from reports
    inner join expected_tables
        on (expected_tables.in_university_template or not reports.is_university)
        and starts_with(expected_tables.table_code, case when reports.is_budget then 'B' else 'T' end)
    left join tables on tables.report_id = reports.report_id and tables.table_code = expected_tables.table_code
),

checks as (
    select
        expectations.report_id,
        {{ check_columns(
            "'CO_STANDARD_TABLES'",
            'expectations.table_code',
            'null', 'null', 'null',
            'expectations', 'expectations',
            note="case when expectations.tables_are_images then 'no standard table is text in this report (printed as images)'
                       when expectations.source_table is null then expectations.table_code || ' not found by its title'
                       when expectations.declared_empty then expectations.table_code || ' declared empty'
                       else expectations.table_code || ' found with ' || expectations.row_count || ' rows' end",
            passed="case when expectations.tables_are_images then null else expectations.source_table is not null end") }}
    from expectations
)

select * from checks
