{{ config(materialized='table') }}  -- over every report: rebuilt whole
-- One row per organisation, linking its reports across years and both families (预算 / 决算).
with reports as (
    select * from {{ ref('dim_reports') }}
    where organization_key is not null
),

final as (
    select
        organization_key,
        -- the longest printed form of the name, then the latest report's
        first(organization_name order by length(organization_name) desc, fiscal_year desc nulls last, organization_name)
            as organization_name,
        max(region_name) as region_name,
        max(level) as level,
        count(*) as report_count,
        min(fiscal_year) as first_year,
        max(fiscal_year) as last_year
    from reports
    group by organization_key
)

select * from final
