-- raw.pages in the published warehouse: how each PDF page was read (text layer or OCR) and why.
{{ config(alias='pages') }}

select * from {{ ref('stg_raw__pages') }}
