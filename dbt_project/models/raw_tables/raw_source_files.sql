-- raw.source_files in the published warehouse (the contract's landing table), from the facts store.
{{ config(alias='source_files', materialized='table') }}

select * from {{ ref('stg_raw__source_files') }}
