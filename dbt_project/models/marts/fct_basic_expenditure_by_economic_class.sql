-- T06: general-budget basic expenditure by economic class (经济分类), personnel vs public costs.
with amounts as (
    select * from {{ ref('stg_parsed__economic_amounts') }}
),

final as (
    select
        amounts.report_id,
        amounts.economic_code,
        amounts.economic_name,
        amounts.cost_type,
        amounts.amount_wan,
        amounts.reported_unit,
        {{ provenance_columns() }}
    from amounts
)

select * from final
