with source as (
    select * from {{ source('parsed', 'report_identity') }}
),

renamed as (
    select
        report_id,
        organization_name,
        organization_key,
        region_name,
        fiscal_year,
        report_type,
        report_scope,
        level,
        published_on,
        published_text,
        source_line_no as line_no,
        source_text
    from source
)

select * from renamed
