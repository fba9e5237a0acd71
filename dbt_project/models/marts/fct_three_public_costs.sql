-- “三公”经费 per item, one row per item per source (T09/B09 or narrative). is_preferred_source marks one row
-- per report and item: the one stating the report's own figure (a final account's actual, a budget's budget),
-- a table's before the narrative's, the first printed; sum over it, never over every row (each source restates it).
with costs as (
    select * from {{ ref('stg_parsed__three_public_costs') }}
),

identities as (
    select report_id, report_type from {{ ref('stg_parsed__report_identities') }}
),

final as (
    select
        costs.report_id,
        costs.item,
        costs.budget_wan,
        costs.actual_wan,
        costs.change_vs_prior_wan,
        costs.change_vs_prior_pct,
        costs.completion_rate_reported_pct,
        costs.reported_unit,
        row_number() over (
            partition by costs.report_id, costs.item
            order by
                case when identities.report_type = 'budget' then costs.budget_wan else costs.actual_wan end is not null desc,
                costs.source_kind = 'table' desc, costs.page_no nulls last, costs.line_no nulls last
        ) = 1 as is_preferred_source,
        {{ provenance_columns() }}
    from costs
    left join identities using (report_id)
)

select * from final
