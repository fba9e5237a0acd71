-- Every 功能分类 code seen in any report; the longest name wins (extractions truncate names).
with amounts as (
    select * from {{ ref('fct_expenditure_by_function') }}
    where function_code is not null and level is not null
),

final as (
    select
        function_code,
        arg_max(function_name, length(function_name)) as function_name,
        any_value(level) as level,
        any_value(parent_code) as parent_code
    from amounts
    group by function_code
)

select * from final
