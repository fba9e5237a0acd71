-- parsed.parse_issues in the published warehouse: what a parser could not read, and why; and tables
-- whose read cannot be right (many rows failing one rule at once, as a shifted column gives).
{{ config(alias='parse_issues', schema='parsed') }}

select * from {{ ref('stg_parsed__parse_issues') }}
union all by name
select report_id, 'table_read' as stage, message from {{ report_rows(ref('int_reconciliation__doubtful_reads')) }}
