-- raw.documents in the published warehouse (the contract's landing table), from the facts store.
{{ config(alias='documents') }}

select * from {{ ref('stg_raw__documents') }}
