-- raw.lines in the published warehouse (the contract's landing table), from the facts store.
{{ config(alias='lines') }}

select * from {{ ref('stg_raw__lines') }}
