-- Spending by 功能分类 (class 类 / section 款 / item 项) from each table and the narrative.
with amounts as (
    select * from {{ ref('stg_parsed__function_amounts') }}
),

final as (
    select
        amounts.report_id,
        amounts.function_code,
        amounts.function_name,
        case length(amounts.function_code)
            when 3 then 'class' when 5 then 'section' when 7 then 'item'
            -- T04, the budget 总表 (B01, B04) and the narrative list classes by name only
            else case when amounts.source_table in ('T04', 'B01', 'B04') or amounts.source_table is null then 'class' end
        end as level,
        case length(amounts.function_code)
            when 5 then left(amounts.function_code, 3)
            when 7 then left(amounts.function_code, 5)
        end as parent_code,
        amounts.total_wan,
        amounts.basic_wan,
        amounts.project_wan,
        amounts.share_reported_pct,
        amounts.code_recovered_from,
        amounts.reported_unit,
        -- source_table comes with the provenance columns
        {{ provenance_columns() }}
    from amounts
)

select * from final
