{{ config(materialized='table') }}  -- over every report: rebuilt whole
-- Every 功能分类 code seen in any report; the longest name wins (extractions truncate names).
with amounts as (
    select * from {{ ref('fct_expenditure_by_function') }}
    where function_code is not null and level is not null
),

final as (
    select
        function_code,
        -- ties broken by the text, so the row order of the facts (which incremental builds change) never matters
        first(function_name order by length(function_name) desc, function_name) as function_name,
        min(level) as level,
        min(parent_code) as parent_code
    from amounts
    group by function_code
)

select * from final
