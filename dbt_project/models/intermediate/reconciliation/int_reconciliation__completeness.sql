-- Every standard table is present (found by title) or declared empty, in reports whose
-- tables are text at all; reports whose tables are images are not applicable.
with reports as (
    select report_id, tables_found from {{ ref('dim_reports') }}
),

expected_tables (table_code) as (
    values ('T01'), ('T02'), ('T03'), ('T04'), ('T05'), ('T06'), ('T07'), ('T08'), ('T09')
),

tables as (
    select
        report_id,
        table_code,
        min(page_no) as page_no,
        min(line_no) as line_no,
        any_value(source_text) as source_text,
        bool_or(declared_empty) as declared_empty,
        max(row_count) as row_count
    from {{ ref('stg_parsed__standard_tables') }}
    group by all
),

expectations as (
    select
        reports.report_id,
        expected_tables.table_code,
        len(reports.tables_found) = 0 as tables_are_images,
        tables.table_code as source_table,
        tables.page_no,
        tables.line_no,
        tables.source_text,
        tables.declared_empty,
        tables.row_count
    from reports
    cross join expected_tables
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
