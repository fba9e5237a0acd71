-- One row per landed report; rejected files stay visible in raw.documents with their reason.
with documents as (
    select * from {{ ref('stg_raw__documents') }}
    where status = 'landed'
),

identities as (
    select * from {{ ref('stg_parsed__report_identities') }}
),

tables_found as (
    select
        report_id,
        list(distinct table_code order by table_code) as tables_found,
        sum(numeric_cells)::integer as table_numbers_found,
        sum(cells_read)::integer as table_numbers_read
    from {{ ref('stg_parsed__standard_tables') }}
    group by report_id
),

final as (
    select
        documents.report_id,
        documents.source_file,
        documents.source_sha256,
        documents.source_format,
        identities.organization_name,
        identities.organization_key,
        identities.region_name,
        identities.fiscal_year,
        identities.report_type,
        identities.report_scope,
        identities.level,
        identities.published_on,
        identities.published_text,
        documents.page_count,
        coalesce(tables_found.tables_found, []::varchar[]) as tables_found,
        coalesce(tables_found.table_numbers_found, 0) as table_numbers_found,
        coalesce(tables_found.table_numbers_read, 0) as table_numbers_read,
        -- null when the report prints no figure in a table it was found to have (narrative-only, image tables)
        {{ pct_of('tables_found.table_numbers_read', 'tables_found.table_numbers_found') }} as read_coverage_pct,
        identities.line_no as identity_line_no,
        identities.source_text as identity_source_text,
        documents.landed_at
    from documents
    left join identities using (report_id)
    left join tables_found using (report_id)
)

select * from final
