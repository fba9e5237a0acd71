-- Every reconciliation rule evaluated on every report it applies to, with both sides' provenance.
with checks as (
    select * from {{ report_rows(ref('int_reconciliation__metric_sums')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__same_figures')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__function_amounts')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__economic_classes')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__three_public_costs')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__rates')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__semantics')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__completeness')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__budget_sums')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__budget_checks')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__fund_tables')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__three_public_disclosure')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__claims')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__text_hygiene')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__sentence_claims')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__table_rows')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__structure')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__function_classification')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__analytic_flags')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__cross_year')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__companion_files')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__budget_chapters')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__budget_narrative')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__indicator_shares')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__sentence_years')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__budget_classes')) }}
    union all by name select * from {{ report_rows(ref('int_reconciliation__zero_cells')) }}
),

rules as (
    select * from {{ ref('reconciliation_rules') }}
),

ocr_pages as (
    select * from {{ report_rows(ref('int_pages_read_by_ocr')) }}
),

-- many rows of one table failing one rule at once: a doubtful read, a parse issue rather than findings
doubtful_reads as (
    select report_id, rule_id, source_table as actual_source_table, message as doubt
    from {{ report_rows(ref('int_reconciliation__doubtful_reads')) }}
),

evaluated_rows as (
    select
        checks.* replace (coalesce(doubtful_reads.doubt, checks.note) as note),
        checks.actual_value - checks.expected_value as difference,
        case
            when checks.is_missing or (doubtful_reads.doubt is not null and not checks.passed) then 'insufficient_data'
            when checks.passed is null then 'not_applicable'
            when not checks.passed then 'fail'
            -- within tolerance but apart at the stated value's own precision: a rounding difference
            when checks.is_equality and abs(checks.actual_value - checks.expected_value)
                >= {{ half_unit('coalesce(checks.actual_decimals, 6)') }} then 'hint'
            else 'pass'
        end as status
    from checks
    left join doubtful_reads using (report_id, rule_id, actual_source_table)
),

-- Rules name what they check in `subject`; should two rows still share it, their place in the
-- report tells them apart, so a check id is unique by construction (the first keeps the plain id).
-- Few subjects repeat: only their rows are sorted (numbering all 368,501 rows of 1,000 reports took 2 s of CPU).
repeated_subjects as (
    select report_id, rule_id, subject
    from evaluated_rows
    group by all
    having count(*) > 1
),

evaluated as (
    select
        evaluated_rows.*,
        1 as occurrence
    from evaluated_rows
    anti join repeated_subjects using (report_id, rule_id, subject)
    union all by name
    select
        evaluated_rows.*,
        row_number() over (
            partition by evaluated_rows.report_id, evaluated_rows.rule_id, evaluated_rows.subject
            order by evaluated_rows.actual_page_no, evaluated_rows.actual_line_no, evaluated_rows.expected_page_no,
                     evaluated_rows.expected_line_no, evaluated_rows.actual_source_text,
                     evaluated_rows.expected_source_text, evaluated_rows.actual_value, evaluated_rows.expected_value
        ) as occurrence
    from evaluated_rows
    semi join repeated_subjects using (report_id, rule_id, subject)
),

-- A rate or share computed from a figure that another check of the report already fails says so:
-- its own failure may be that figure's, not the rate's.
rests_on_failed as (
    select
        derived.report_id,
        derived.rule_id,
        derived.subject,
        string_agg(distinct source.rule_id || ' (' || source.subject || ')', '; ' order by source.rule_id || ' (' || source.subject || ')') as failed_inputs
    from evaluated as derived
    inner join evaluated as source
        on source.report_id = derived.report_id
        and source.status = 'fail'
        and not (starts_with(source.rule_id, 'PC_') or starts_with(source.rule_id, 'YY_'))
        -- the same line (text reports) or the same table row (PDF cells have no line)
        and (source.actual_line_no = derived.expected_line_no
             or (derived.expected_line_no is null and source.actual_source_text = derived.expected_source_text))
    where derived.status = 'fail' and (starts_with(derived.rule_id, 'PC_') or starts_with(derived.rule_id, 'YY_'))
    group by all
),

final as (
    select
        md5(evaluated.report_id || '|' || evaluated.rule_id || '|' || evaluated.subject
            || case when evaluated.occurrence > 1 then '|' || evaluated.occurrence else '' end) as check_id,
        evaluated.report_id,
        evaluated.rule_id,
        rules.rule_description,
        coalesce(evaluated.rule_formula, rules.rule_formula) as rule_formula,
        rules.category,
        rules.severity,
        rules.template_clause,
        rules.fix_hint,
        evaluated.subject,
        evaluated.expected_value,
        evaluated.actual_value,
        evaluated.difference,
        evaluated.tolerance,
        evaluated.status,
        case evaluated.status
            when 'not_applicable' then rules.rule_description || ': not applicable (' || coalesce(evaluated.note, 'a side is missing') || ').'
            when 'insufficient_data' then rules.rule_description || ': the report should state this but it was not read ('
                || coalesce(evaluated.note, evaluated.subject) || ').'
            when 'hint' then rules.rule_description || ' (' || evaluated.subject || '): holds within rounding, expected '
                || evaluated.expected_value::decimal(20, 2) || ', stated ' || evaluated.actual_value::decimal(20, 2)
                || ' (tolerance ' || evaluated.tolerance || ')' || coalesce(' (' || evaluated.note || ')', '') || '.'
            when 'pass' then rules.rule_description || ' (' || evaluated.subject || '): holds'
                || coalesce(', expected ' || evaluated.expected_value::decimal(20, 2) || ', stated ' || evaluated.actual_value::decimal(20, 2), '')
                || coalesce(' (' || evaluated.note || ')', '') || '.'
            else rules.rule_description || ' (' || evaluated.subject || '): '
                || coalesce('expected ' || evaluated.expected_value::decimal(20, 2) || ' but the report states '
                    || evaluated.actual_value::decimal(20, 2) || ', a difference of ' || evaluated.difference::decimal(20, 2)
                    || ' beyond the rounding tolerance of ' || evaluated.tolerance, 'does not hold')
                || coalesce(' (' || evaluated.note || ')', '') || '.'
        end || coalesce(' It is computed from a figure that already fails ' || rests_on_failed.failed_inputs || '.', '') as explanation,
        evaluated.note,
        rests_on_failed.failed_inputs as rests_on_failed_checks,
        evaluated.expected_source_table,
        evaluated.expected_page_no,
        evaluated.expected_line_no,
        evaluated.expected_source_text,
        evaluated.actual_source_table,
        evaluated.actual_page_no,
        evaluated.actual_line_no,
        evaluated.actual_source_text
    from evaluated
    -- a left join: a rule id missing from the registry (a typo in a rule model) keeps its rows, with no
    -- category or description, so the relationships test on rule_id fails instead of the rows vanishing
    left join rules using (rule_id)
    left join rests_on_failed using (report_id, rule_id, subject)
),

-- On a page read by OCR, a failure may be the OCR's misreading rather than the report's error, and a
-- pass within rounding may hide one (a dropped digit also coarsens the printed precision: 2250.88 → 2250.8).
ocr_sides as (
    select
        final.*,
        coalesce(actual_ocr.page_no, expected_ocr.page_no) as ocr_page_no,
        final.status in ('fail', 'hint') or (final.status = 'pass' and final.difference <> 0) as unsettled
    from final
    left join ocr_pages as expected_ocr
        on expected_ocr.report_id = final.report_id and expected_ocr.page_no = final.expected_page_no
    left join ocr_pages as actual_ocr
        on actual_ocr.report_id = final.report_id and actual_ocr.page_no = final.actual_page_no
),

read_by_ocr as (
    select
        ocr_sides.* exclude (ocr_page_no, unsettled) replace (
            case when ocr_page_no is not null and unsettled
                then explanation || ' A figure on page ' || ocr_page_no || ' was read by OCR from the page image: '
                    || case when status = 'fail' then 'this may be a misreading, check the page before reporting it.'
                            else 'the difference is within rounding only if every digit was read right, check the page.' end
                else explanation end as explanation
        ),
        ocr_page_no is not null as read_by_ocr,
        coalesce(ocr_page_no is not null and unsettled, false) as possible_misreading
    from ocr_sides
)

select * from read_by_ocr
