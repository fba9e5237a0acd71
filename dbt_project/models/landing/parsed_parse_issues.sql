-- parsed.parse_issues in the published warehouse: what a parser could not read, and why.
{{ config(alias='parse_issues', schema='parsed') }}

select * from {{ ref('stg_parsed__parse_issues') }}
