-- Every metric statement with its source key (table code or 'narrative') and its order
-- within that source: the first statement is the headline, later ones restate it.
with metrics as (
    select * from {{ ref('stg_parsed__metrics') }}
),

keyed as (
    select
        *,
        coalesce(source_table, 'narrative') as source_key,
        row_number() over (
            partition by report_id, metric, coalesce(source_table, 'narrative')
            order by page_no nulls first, line_no nulls first, statement_order
        ) as statement_no
    from metrics
)

select * from keyed
