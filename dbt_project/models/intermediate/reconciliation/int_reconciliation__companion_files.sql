-- A disclosure published as two files of one organisation, year and family (情况说明 and 公开表格): the
-- narrative-only file's figures against the tables-only file's, as NT_SAME_METRIC does within one file.
-- Both files share an organisation, so an incremental build rebuilds them together.
with identities as (
    select report_id, organization_key, fiscal_year, report_type, report_scope
    from {{ ref('stg_parsed__report_identities') }}
    where organization_key is not null and fiscal_year is not null
),

statements as (
    select * from {{ report_rows(ref('int_reconciliation__metric_statements')) }}
    where statement_no = 1
),

tables_found as (
    select distinct report_id from {{ ref('stg_parsed__standard_tables') }}
),

-- a file with narrative figures and no table at all, and a file with tables and no narrative figure
narrative_files as (
    select report_id from statements
    where report_id not in (select report_id from tables_found)
    group by report_id
),

tables_files as (
    select report_id from tables_found
    where report_id not in (select report_id from statements where source_key = 'narrative')
),

pairs as (
    select narrative.report_id, tables.report_id as tables_report_id
    from identities as narrative
    inner join identities as tables
        using (organization_key, fiscal_year, report_type, report_scope)
    where narrative.report_id in (select report_id from narrative_files)
        and tables.report_id in (select report_id from tables_files)
    -- one companion only: two tables files of one disclosure leave the pairing in doubt
    qualify count(*) over (partition by narrative.report_id) = 1
),

sides as (
    select
        pairs.report_id,
        told.metric,
        tabled.source_key,
        tabled.value as expected_value,
        told.value as actual_value,
        case when told.unit = 'count' then 0
             else {{ pair_tolerance('told.value_decimals', 'tabled.value_decimals') }} end as tolerance,
        documents.source_file as tables_file,
        { 'source_table': tabled.source_table, 'page_no': tabled.page_no, 'line_no': tabled.line_no,
         'source_text': tabled.source_text } as table_side,
        { 'source_table': told.source_table, 'page_no': told.page_no, 'line_no': told.line_no,
         'source_text': told.source_text } as narrative_side
    from pairs
    inner join statements as told on told.report_id = pairs.report_id and told.source_key = 'narrative'
    inner join statements as tabled
        on tabled.report_id = pairs.tables_report_id and tabled.metric = told.metric
    inner join {{ ref('stg_raw__documents') }} as documents on documents.report_id = pairs.tables_report_id
    -- each metric against the first table that states it
    qualify row_number() over (partition by pairs.report_id, told.metric order by tabled.source_key) = 1
),

checks as (
    select
        report_id,
        {{ check_columns(
            "'NT_COMPANION_FILE'",
            "metric || ' narrative vs ' || source_key || ' of ' || tables_file",
            'expected_value', 'actual_value', 'tolerance', 'table_side', 'narrative_side',
            note="'the table is in the companion file ' || tables_file") }}
    from sides
)

select * from checks
