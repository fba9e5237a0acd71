-- raw.table_cells in the published warehouse (the contract's landing table), from the facts store.
{{ config(alias='table_cells') }}

select * from {{ ref('stg_raw__table_cells') }}
